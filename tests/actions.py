"""One client for every action: the JSON API and the HTML flow, driven as a tablet or an integration does.

    as_chief = actions.as_user(chief)                       # the `actions` fixture, a session
    as_chief.run("record_stock_count", payload)             # preview, then execute what was previewed
    preview, done = as_chief.html_run("record_stock_count", form)
    actions.with_token(engineer).execute(name, payload)     # bearer token, as an integration calls

Every JSON execute carries a new Idempotency-Key unless the test gives one (or None for none).
"""

import hashlib
import re
import uuid
from html import unescape

from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import api_token

_NEW_KEY = object()
WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE")


class ActionClient:
    """Drives any action through the JSON API (`/api/v1/actions/…`) or the HTML flow (`/actions/<name>/`).

    `client` is the Django test client behind it, for the pages around an action.
    """

    def __init__(self, client: Client, user=None, *, token: str | None = None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        if user is not None:
            client.force_login(user)

    def as_user(self, user) -> "ActionClient":
        """`user` on a test client of their own, logged in (a session, as the tablet's browser has)."""
        return ActionClient(Client(), user)

    def with_token(self, user) -> "ActionClient":
        """`user` through a new bearer token on a test client of their own (no session, no CSRF): the JSON API."""
        return ActionClient(Client(), token=api_token(user))

    # --- the JSON API ---------------------------------------------------------------------

    def prefill(self, name: str, **params):
        params = {k: v for k, v in params.items() if v is not None}  # a payload's null is no query parameter
        return self.client.get(f"/api/v1/actions/{name}/prefill", params, headers=self.headers)

    def preview(self, name: str, payload):
        return self._post(name, "preview", {"payload": payload})

    def execute(self, name: str, payload, *, preview_hash=None, secret=None, key=_NEW_KEY):
        """`key` is the Idempotency-Key: a new one unless given; None sends none."""
        body = {"payload": payload}
        if preview_hash is not None:
            body["preview_hash"] = preview_hash
        if secret is not None:
            body["signature"] = {"secret": secret}
        key = uuid.uuid4().hex if key is _NEW_KEY else key
        return self._post(name, "execute", body, {"Idempotency-Key": key} if key is not None else {})

    def step(self, name: str, step: str, payload, **kwargs):
        """The JSON API step named by `step` ("prefill", "preview" or "execute"), for tests that sweep all three."""
        if step == "prefill":
            return self.prefill(name, **payload)
        if step == "preview":
            return self.preview(name, payload)
        return self.execute(name, payload, **kwargs)

    def preview_hash(self, name: str, payload) -> str:
        response = self.preview(name, payload)
        assert response.status_code == 200, response.json()
        return response.json()["preview"]["preview_hash"]

    def run(self, name: str, payload, *, secret=None, key=_NEW_KEY):
        """Preview, then execute what was previewed (its hash), as a careful client does."""
        return self.execute(name, payload, preview_hash=self.preview_hash(name, payload), secret=secret, key=key)

    def _post(self, name, step, body, headers=None):
        return self.client.post(
            f"/api/v1/actions/{name}/{step}",
            body,
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )

    def upload(self, content: bytes, *, name: str, purpose: str, vessel: str | None = None):
        """Stage a file (pms.uploads) as the tablet's upload widget or an integration does; the response."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {"file": SimpleUploadedFile(name, content), "purpose": purpose}
        if vessel:
            data["vessel"] = vessel
        url = "/api/v1/uploads" if self.headers else "/uploads/"
        return self.client.post(f"{url}?purpose={purpose}", data, headers=self.headers)

    def upload_id(self, content: bytes, *, name: str, purpose: str, vessel: str | None = None) -> str:
        response = self.upload(content, name=name, purpose=purpose, vessel=vessel)
        assert response.status_code == 201, response.json()
        return response.json()["upload_id"]

    # --- the HTML flow --------------------------------------------------------------------

    def html_get(self, name: str, *, headers=None, **params):
        """Open the flow: the filled-in form, or a READ action's answer when the link has every input."""
        return self.client.get(f"/actions/{name}/", params, headers=headers)

    def html_post(self, name: str, data: dict, *, step: str, headers=None):
        """Submit the flow's form at `step` ("preview", "execute", "edit") with `data` as typed."""
        return self.client.post(f"/actions/{name}/", {**data, "step": step}, headers=headers)

    def html_preview(self, name: str, data: dict, *, headers=None):
        return self.html_post(name, data, step="preview", headers=headers)

    def html_execute(self, name: str, preview, *, secret=None, headers=None):
        """Confirm a preview page: post its confirm form (hidden payload, preview hash, key) as a browser does."""
        form = confirm_form(preview)
        if secret is not None:
            form["signature_secret"] = secret
        return self.html_post(name, form, step="execute", headers=headers)

    def html_run(self, name: str, data: dict, *, secret=None):
        """Preview `data`, then confirm that preview page; returns (preview page, execute page)."""
        preview = self.html_preview(name, data)
        assert preview.status_code == 200, preview.content.decode()[:2000]
        return preview, self.html_execute(name, preview, secret=secret)


def error_code(response) -> str:
    """The contract error code of a JSON error envelope."""
    body = response.json()
    assert body["status"] == "error", body
    return body["error"]["code"]


def confirm_form(preview) -> dict[str, str]:
    """The hidden inputs of a preview page's confirm form (the form carrying preview_hash)."""
    html = preview.content.decode()
    form = next((f for f in re.findall(r"<form\b.*?</form>", html, re.S) if 'name="preview_hash"' in f), None)
    assert form is not None, f"no confirm form on the page:\n{html[:2000]}"
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = unescape(attributes.get("value", ""))
    return fields


class NoWrites(CaptureQueriesContext):
    """Fails when any INSERT, UPDATE or DELETE runs inside the block, even one rolled back later."""

    def __init__(self, what: str = ""):
        super().__init__(connection)
        self.what = what

    def __exit__(self, *exc):
        super().__exit__(*exc)
        writes = [q["sql"] for q in self.captured_queries if q["sql"].lstrip().upper().startswith(WRITE_PREFIXES)]
        assert not writes, f"{self.what} wrote: {writes}"


def database_snapshot() -> dict[str, tuple[int, str]]:
    """Every table's row count and a SHA-256 of all its rows in primary-key order: any write changes it.

    Every concrete model of every installed app, many-to-many tables included: the audit log,
    signatures, idempotency records, sessions, tokens and login attempts as much as the business rows.
    """
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        snapshot[model._meta.db_table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return snapshot


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


CHANGE_KEYS = ("entity", "field", "from", "to")


def contract_changes(preview: dict) -> list[dict]:
    """A preview's changes by the contract's keys only (the `*_label` words beside them left out)."""
    return [{key: change[key] for key in CHANGE_KEYS} for change in preview["changes"]]

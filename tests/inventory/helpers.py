"""Clients for the JSON API and the HTML flow, and reads of the stock ledger."""

import re
import uuid

from inventory.models import Part
from tests.factories import api_token


class JsonApi:
    """The contract's JSON API for one user, authenticated by a bearer token."""

    def __init__(self, client, user):
        self.client = client
        self.headers = {"Authorization": f"Bearer {api_token(user)}"}

    def prefill(self, name, **params):
        return self.client.get(f"/api/v1/actions/{name}/prefill", params, headers=self.headers)

    def preview(self, name, payload):
        return self.client.post(
            f"/api/v1/actions/{name}/preview",
            {"payload": payload},
            content_type="application/json",
            headers=self.headers,
        )

    def execute(self, name, payload, *, preview_hash=None, key=None):
        body = {"payload": payload}
        if preview_hash:
            body["preview_hash"] = preview_hash
        key = uuid.uuid4().hex if key is None else key  # every change carries one; key="" sends none
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {})}
        return self.client.post(
            f"/api/v1/actions/{name}/execute", body, content_type="application/json", headers=headers
        )

    def run(self, name, payload, *, key=None):
        """Preview, then execute what was previewed (as a careful client does)."""
        preview = self.preview(name, payload)
        assert preview.status_code == 200, preview.json()
        return self.execute(name, payload, preview_hash=preview.json()["preview"]["preview_hash"], key=key)


def hidden(response, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    assert match, f"no hidden {name} in the page"
    return match.group(1)


class HtmlFlow:
    """The generic HTML flow at /actions/<name>/ as a logged-in browser walks it."""

    def __init__(self, client, user):
        self.client = client
        client.force_login(user)

    def open(self, name, **params):
        return self.client.get(f"/actions/{name}/", params)

    def preview(self, name, payload):
        return self.client.post(f"/actions/{name}/", {**payload, "step": "preview"})

    def execute(self, name, payload, preview):
        """Confirm a preview page with the hidden preview_hash and idempotency key it carries."""
        form = {
            **payload,
            "step": "execute",
            "preview_hash": hidden(preview, "preview_hash"),
            "idempotency_key": hidden(preview, "idempotency_key"),
        }
        return self.client.post(f"/actions/{name}/", form)


def fresh(part) -> Part:
    return Part.objects.get(pk=part.pk)


def ledger_sum(part) -> int:
    return sum(part.movements.values_list("quantity", flat=True))

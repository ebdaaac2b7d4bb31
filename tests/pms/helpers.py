"""Small helpers for driving actions over the JSON API and the HTML flow in tests."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE")


def api(client, name, step, payload=None, *, key=None, preview_hash=None, secret=None, **extra):
    url = f"/api/v1/actions/{name}/{step}"
    if step == "prefill":
        return client.get(url, payload or {}, **extra)
    body = {"payload": payload}
    if preview_hash is not None:
        body["preview_hash"] = preview_hash
    if secret is not None:
        body["signature"] = {"secret": secret}
    if key is None and step == "execute":
        key = uuid.uuid4().hex  # every change carries one; pass key="" to send none
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, body, content_type="application/json", headers=headers, **extra)


def preview_hash(client, name, payload) -> str:
    response = api(client, name, "preview", payload)
    assert response.status_code == 200, response.json()
    return response.json()["preview"]["preview_hash"]


def error_code(response) -> str:
    body = response.json()
    assert body["status"] == "error", body
    return body["error"]["code"]


class NoWrites(CaptureQueriesContext):
    """Fails when any INSERT, UPDATE or DELETE runs inside the block."""

    def __init__(self):
        super().__init__(connection)

    def __exit__(self, *exc):
        super().__exit__(*exc)
        writes = [q["sql"] for q in self.captured_queries if q["sql"].lstrip().upper().startswith(WRITE_PREFIXES)]
        assert not writes, writes

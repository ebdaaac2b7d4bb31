import uuid

import pytest

from tests.factories import api_token


class Api:
    """The JSON action API as a client sees it, with a bearer token."""

    def __init__(self, client, user):
        self.client = client
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token(user)}"}

    def prefill(self, name, **params):
        return self.client.get(f"/api/v1/actions/{name}/prefill", params, **self.auth)

    def preview(self, name, payload):
        return self.client.post(
            f"/api/v1/actions/{name}/preview", {"payload": payload}, content_type="application/json", **self.auth
        )

    def execute(self, name, payload, *, key=None, preview_hash=None):
        key = uuid.uuid4().hex if key is None else key  # every change carries one; key="" sends none
        body = {"payload": payload}
        if preview_hash:
            body["preview_hash"] = preview_hash
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return self.client.post(
            f"/api/v1/actions/{name}/execute", body, content_type="application/json", **self.auth, **headers
        )


@pytest.fixture
def api_as(client):
    return lambda user: Api(client, user)

import re
from html import unescape

import pytest

from tests.factories import EquipmentFactory, FaultFactory


@pytest.fixture
def equipment(aurora):
    return EquipmentFactory(vessel=aurora, code="ME-PS", name="Port main engine", location="Engine room")


@pytest.fixture
def fault(equipment):
    return FaultFactory(equipment=equipment, fault_code="E047", title="High coolant temperature", severity="high")


def flow(client, name, data, *, secret=None):
    """Preview then execute through the HTML flow; returns (preview response, execute response)."""
    preview = client.post(f"/actions/{name}/", {**data, "step": "preview"})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    html = preview.content.decode()
    hidden = {k: unescape(v) for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)}
    post = {**hidden, "step": "execute"}
    if secret is not None:
        post["signature_secret"] = secret
    return preview, client.post(f"/actions/{name}/", post)

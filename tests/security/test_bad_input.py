"""Bad input never breaks an action: malformed JSON, wrong types, missing, extra or huge
fields, unknown choices, bad quantities, foreign and unknown ids → a 4xx error envelope
with a contract code, never a 500, and not one row written.
"""

import uuid

import hypothesis
import pytest
from django import forms
from django.apps import apps
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, assume, given
from hypothesis import strategies as st

from handover.actions import ENTITY_QUERYSETS
from pms.actions.base import ERROR_STATUS, Kind, registry
from pms.actions.forms import QuantityField
from tests.security.fleet import ID_FIELD_MODELS, valid_payload

pytestmark = pytest.mark.django_db

CLIENT_ERRORS = {code for code, status in ERROR_STATUS.items() if 400 <= status < 500}
PROJECT_APPS = {"pms", "audit", "equipment", "workorders", "inventory", "handover", "manuals", "counters"}
MALFORMED_BODIES = [b"{", b'{"payload": ', b"\xff\xfe\x00", b"[1, 2", b"null", b"[]", b'"payload"', b"42", b"NaN"]
LONE_SURROGATES = ["\ud800", "pump \udfff seal", "\udbff"]
DEEP = 10_000


def deep_list(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_bodies(payload) -> list[bytes]:
    """Bodies nested far past any payload: as the whole body, as the payload, inside one field."""
    import json

    field = next(iter(payload))
    inside = json.dumps({"payload": {**payload, field: "HERE"}}).encode().replace(b'"HERE"', deep_list(DEEP))
    return [deep_list(DEEP), b'{"payload": ' + deep_list(DEEP) + b"}", inside, b'{"payload": ' + deep_list(40) + b"}"]


def snapshot() -> list:
    """Rows, and the sum of row versions, of every table of the project: any write changes it."""
    selects = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        versions = "SUM(version)" if any(f.name == "version" for f in model._meta.fields) else "0"
        selects.append(f"SELECT '{model._meta.label}', COUNT(*), COALESCE({versions}, 0) FROM {table}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        return sorted(cursor.fetchall())


def is_valid(action, payload) -> bool:
    return action.form_class(data=payload).is_valid()


def bad_values(field: forms.Field):
    """Values of the right shape for JSON but wrong for this field."""
    wrong_types = st.one_of(
        st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
    )
    if isinstance(field, QuantityField):
        return st.one_of(
            st.integers(max_value=field.min_value - 1),
            st.integers(min_value=field.max_value + 1),
            st.floats().filter(lambda x: not x.is_integer()),
            st.text(max_size=12),
            st.booleans(),
            st.none(),
            wrong_types,
        )
    if isinstance(field, forms.ChoiceField):
        return st.one_of(st.text(min_size=1, max_size=30), st.integers(), wrong_types)
    if isinstance(field, forms.CharField) and field.max_length:
        return st.one_of(st.integers(1, 200_000).map(lambda n: "x" * (field.max_length + n)), wrong_types)
    return wrong_types


@st.composite
def bad_requests(draw, action, payload, foreign_ids):
    """(step, body or raw bytes, headers) that the action must refuse."""
    step = draw(st.sampled_from(["execute"] if action.kind == Kind.READ else ["prefill", "preview", "execute"]))
    if step == "prefill":
        return step, draw(bad_parameters(action, payload)), {}
    body, headers = draw(bad_bodies(action, payload, foreign_ids, step))
    return step, body, headers


def bad_parameters(action, payload):
    """Prefill query strings: any junk in any field (prefill reads only, so partial is fine)."""
    scalars = {k: v for k, v in payload.items() if isinstance(v, str)}
    junk = st.one_of(st.text(max_size=80), st.integers().map(str), st.uuids().map(str), st.just("x" * 100_000))
    names = st.sampled_from(sorted(action.form_class.base_fields))
    return st.dictionaries(names, junk, max_size=4).map(lambda params: {**scalars, **params})


@st.composite
def bad_bodies(draw, action, payload, foreign_ids, step):
    fields = action.form_class.base_fields
    kinds = ["raw", "not_an_object", "missing", "extra", "value", "id", "surrogate", "deep"]
    kind = draw(st.sampled_from(kinds + ["envelope"] if step == "execute" else kinds))
    if kind == "raw":
        return draw(st.sampled_from(MALFORMED_BODIES)), {}
    if kind == "deep":
        return draw(st.sampled_from(deep_bodies(payload))), {}
    if kind == "surrogate":
        name = draw(st.sampled_from(sorted(fields)))
        return {"payload": {**payload, name: draw(st.sampled_from(LONE_SURROGATES))}}, {}
    if kind == "not_an_object":
        return {"payload": draw(st.one_of(st.none(), st.text(max_size=5), st.integers(), st.just([payload])))}, {}
    if kind == "envelope":
        option = draw(st.sampled_from(["preview_hash", "signature", "secret", "key"]))
        body = {"payload": payload}
        if option == "key":
            return body, {"HTTP_IDEMPOTENCY_KEY": "k" * draw(st.integers(201, 5000))}
        if option == "preview_hash":
            return {**body, "preview_hash": draw(st.one_of(st.integers(), st.lists(st.text(max_size=3))))}, {}
        if option == "signature":
            return {**body, "signature": draw(st.one_of(st.text(min_size=1, max_size=5), st.lists(st.integers())))}, {}
        return {**body, "signature": {"secret": draw(st.one_of(st.integers(min_value=1), st.lists(st.text())))}}, {}
    mutated = dict(payload)
    if kind == "missing":
        required = [name for name, field in fields.items() if field.required]
        assume(required)
        del mutated[draw(st.sampled_from(required))]
    elif kind == "extra":
        name = draw(st.text(min_size=1, max_size=20).filter(lambda n: n not in fields))
        mutated[name] = draw(st.one_of(st.text(max_size=10), st.integers(), st.none()))
    elif kind == "value":
        name = draw(st.sampled_from(sorted(fields)))
        mutated[name] = draw(bad_values(fields[name]))
    else:  # an id of another vessel, of another kind of record, or of nothing at all
        names = [n for n in fields if n in ID_FIELD_MODELS or n == "entity_id"]
        assume(names)
        name = draw(st.sampled_from(names))
        own_model = ENTITY_QUERYSETS[payload["entity_type"]].model if name == "entity_id" else ID_FIELD_MODELS[name]
        candidates = [pk for model, pk in foreign_ids if model is not own_model or pk.startswith("borealis:")]
        choice = draw(st.one_of(st.uuids().map(str), st.sampled_from(candidates)))
        mutated[name] = choice.removeprefix("borealis:")
        return {"payload": mutated}, {}
    assume(not is_valid(action, mutated))
    return {"payload": mutated}, {}


def foreign_ids(aurora_fleet, borealis_fleet) -> list:
    """(model, id) of every kind of record of both vessels; BOREALIS ones marked as such."""
    ids = []
    for model in {*ID_FIELD_MODELS.values(), *(q.model for q in ENTITY_QUERYSETS.values())}:
        ids.append((model, str(aurora_fleet.row_of(model).pk)))
        ids.append((model, "borealis:" + str(borealis_fleet.row_of(model).pk)))
    return sorted(ids, key=lambda pair: (pair[0]._meta.label, pair[1]))


def send(client, action, step, body, headers):
    url = f"/api/v1/actions/{action.name}/{step}"
    if step == "prefill":
        return client.get(url, body)
    if isinstance(body, bytes):
        return client.generic("POST", url, body, content_type="application/json", **headers)
    return client.post(url, body, content_type="application/json", **headers)


def assert_refused(response, where):
    assert response.status_code < 500, f"{where}: {response.status_code} {response.content[:300]!r}"
    body = response.json()
    assert body["status"] == "error", f"{where}: accepted {body}"
    assert body["error"]["code"] in CLIENT_ERRORS, f"{where}: {body['error']}"
    assert ERROR_STATUS[body["error"]["code"]] == response.status_code, where


@pytest.mark.parametrize("action_name", [a.name for a in registry.all()])
def test_bad_input_is_refused_with_a_4xx_and_writes_nothing(action_name, aurora_hod, aurora_fleet, borealis_fleet):
    action = registry.get(action_name)
    payload = valid_payload(action_name, aurora_fleet)
    assert is_valid(action, payload), action.form_class(data=payload).errors
    ids = foreign_ids(aurora_fleet, borealis_fleet)
    client = Client()
    client.force_login(aurora_hod)

    @hypothesis.settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(request=bad_requests(action, payload, ids))
    def refused(request):
        step, body, headers = request
        before = snapshot()
        headers = {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex, **headers}
        response = send(client, action, step, body, headers)
        if step == "prefill" and response.status_code == 200:
            assert response.json()["status"] == "success"  # junk a prefill may ignore
        else:
            assert_refused(response, f"{action_name} {step} {body!r:.200}")
        assert snapshot() == before, f"{action_name} {step} wrote rows for {body!r:.200}"

    refused()


def test_a_body_over_the_upload_limit_is_refused(actions, aurora_hod, aurora_fleet, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    as_hod = actions.as_user(aurora_hod)
    payload = {**valid_payload("report_fault", aurora_fleet), "description": "x" * 20_000}
    before = snapshot()
    response = as_hod.execute("report_fault", payload)
    assert_refused(response, "oversized body")
    assert snapshot() == before


@pytest.mark.parametrize("signature", [[], "", 0, False, {"secret": []}, {"secret": 0}])
def test_a_signature_of_the_wrong_type_is_refused_not_read_as_none(client, aurora_hod, aurora_fleet, signature):
    client.force_login(aurora_hod)
    payload = valid_payload("add_note_to_work_order", aurora_fleet)
    before = snapshot()
    response = client.post(
        "/api/v1/actions/add_note_to_work_order/execute",
        {"payload": payload, "signature": signature},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert snapshot() == before


MUTATE_ACTIONS = [a.name for a in registry.all() if a.kind == Kind.MUTATE]
ALL_ACTIONS = [a.name for a in registry.all()]


def post(client, url, body, **headers):
    if isinstance(body, bytes):
        return client.generic("POST", url, body, content_type="application/json", **headers)
    return client.post(url, body, content_type="application/json", **headers)


def steps(action) -> list[str]:
    return ["execute"] if action.kind == Kind.READ else ["preview", "execute"]


@pytest.mark.parametrize("action_name", ALL_ACTIONS)
def test_a_lone_surrogate_in_any_string_is_a_400_and_writes_nothing(action_name, aurora_hod, aurora_fleet):
    """A string that is not valid Unicode once reached the request hash, the plan hash and check_password (500)."""
    action = registry.get(action_name)
    payload = valid_payload(action_name, aurora_fleet)
    client = Client()
    client.force_login(aurora_hod)
    bodies = [{"payload": {**payload, name: text}} for name in payload for text in LONE_SURROGATES[:2]]
    bodies += [
        {"payload": {**payload, "\ud800": "x"}},
        {"payload": payload, "preview_hash": "\ud800"},
        {"payload": payload, "signature": {"secret": "pass\ud800word"}},
    ]
    before = snapshot()
    for step in steps(action):
        for body in bodies:
            if step == "preview" and set(body) != {"payload"}:
                continue
            response = post(
                client, f"/api/v1/actions/{action_name}/{step}", body, HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex
            )
            assert_refused(response, f"{action_name} {step} {body!r:.120}")
            assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert snapshot() == before


@pytest.mark.parametrize("action_name", ALL_ACTIONS)
def test_deeply_nested_json_is_a_400_and_writes_nothing(action_name, aurora_hod, aurora_fleet):
    """10,000 nested lists once raised RecursionError in the JSON parser (500)."""
    action = registry.get(action_name)
    client = Client()
    client.force_login(aurora_hod)
    before = snapshot()
    for step in steps(action):
        for body in deep_bodies(valid_payload(action_name, aurora_fleet)):
            response = post(
                client, f"/api/v1/actions/{action_name}/{step}", body, HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex
            )
            assert_refused(response, f"{action_name} {step} {body[:60]!r}")
            assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert snapshot() == before


@pytest.mark.parametrize("action_name", MUTATE_ACTIONS)
def test_a_misspelt_top_level_key_is_refused_not_ignored(action_name, aurora_hod, aurora_fleet):
    """`preview_hsah` once dropped the preview binding silently: the execute ran against whatever was current."""
    client = Client()
    client.force_login(aurora_hod)
    payload = valid_payload(action_name, aurora_fleet)
    before = snapshot()
    cases = [
        ("execute", {"payload": payload, "preview_hsah": "0" * 64}, "preview_hsah"),
        ("execute", {"payload": payload, "signature": {"secert": "x"}}, "signature.secert"),
        ("preview", {"payload": payload, "paylaod": {}}, "paylaod"),
    ]
    for step, body, field in cases:
        response = post(client, f"/api/v1/actions/{action_name}/{step}", body, HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
        assert_refused(response, f"{action_name} {step} {field}")
        error = response.json()["error"]
        assert (response.status_code, error["code"], error["field"]) == (400, "VALIDATION_ERROR", field)
        assert field.split(".")[-1] in error["message"]
    assert snapshot() == before


@pytest.mark.parametrize("action_name", MUTATE_ACTIONS)
def test_a_change_without_an_idempotency_key_is_refused(action_name, aurora_hod, aurora_fleet):
    client = Client()
    client.force_login(aurora_hod)
    payload = valid_payload(action_name, aurora_fleet)
    before = snapshot()
    for headers in ({}, {"HTTP_IDEMPOTENCY_KEY": ""}, {"HTTP_IDEMPOTENCY_KEY": "tab\tkey"}):
        response = post(client, f"/api/v1/actions/{action_name}/execute", {"payload": payload}, **headers)
        error = response.json()["error"]
        assert (response.status_code, error["code"], error["field"]) == (400, "VALIDATION_ERROR", "Idempotency-Key")
    assert snapshot() == before


def test_a_read_needs_no_idempotency_key(client, aurora_hod, aurora_fleet):
    client.force_login(aurora_hod)
    response = post(
        client,
        "/api/v1/actions/check_stock_level/execute",
        {"payload": valid_payload("check_stock_level", aurora_fleet)},
    )
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v2/actions", "/api/v1/", "/api/v1/actions/report_fault/undo", "/api/v1/work-orders/x/y"]
)
def test_an_unknown_path_under_the_api_is_a_json_404(client, aurora_hod, path):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(aurora_hod)
        for method in (client.get, client.post, client.delete):
            response = method(path)
            expected = (404, "NOT_FOUND") if logged_in else (401, "UNAUTHENTICATED")
            assert response["Content-Type"] == "application/json", (path, method.__name__)
            assert (response.status_code, response.json()["error"]["code"]) == expected, (path, method.__name__)

"""GET /api/v1/openapi.json: a valid OpenAPI 3.1 document built from the registries, so every
action's payload, the read API and the error codes are described as the code has them."""

import jsonschema
import pytest
from openapi_spec_validator import validate

from pms import registry as modules
from pms.actions.base import ERROR_STATUS, Kind, registry
from pms.openapi import document
from pms.openapi_schemas import example_id, example_payload
from tests.actions import error_code

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def spec():
    return document()


def payload_validator(spec, action_name):
    schema = {
        **spec["components"]["schemas"][f"{action_name}_payload"],
        "$schema": jsonschema.Draft202012Validator.META_SCHEMA["$id"],
    }
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # openapi-spec-validator: raises on any error


def test_every_action_is_described_with_its_payload_from_its_form(spec):
    for action in registry.all():
        base = f"/api/v1/actions/{action.name}"
        steps = {path.rsplit("/", 1)[1] for path in spec["paths"] if path.startswith(base + "/")}
        assert steps == set(action.steps), action.name
        schema = spec["components"]["schemas"][f"{action.name}_payload"]
        fields = action.form_class.base_fields
        assert set(schema["properties"]) == set(fields), action.name
        assert set(schema["required"]) == {name for name, field in fields.items() if field.required}, action.name
        assert schema["additionalProperties"] is False
        execute = spec["paths"][f"{base}/execute"]["post"]
        body = execute["requestBody"]["content"]["application/json"]["schema"]
        assert ("signature" in body["required"]) is action.requires_signature, action.name
        headers = {p.get("$ref", "") for p in execute.get("parameters", [])}
        assert ("#/components/parameters/IdempotencyKey" in headers) is (action.kind == Kind.MUTATE)


def test_payload_schemas_carry_types_lengths_bounds_and_choices(spec):
    fault = spec["components"]["schemas"]["create_work_order_from_fault_payload"]["properties"]
    assert fault["title"] == {"type": "string", "minLength": 3, "maxLength": 200, "description": "Title."}
    assert fault["priority"]["enum"] == ["low", "normal", "high", "urgent"]
    assert fault["fault_id"]["format"] == "uuid" and fault["override_duplicate"]["type"] == "boolean"
    assert fault["equipment_id"]["type"] == ["string", "null"]
    usage = spec["components"]["schemas"]["log_part_usage_payload"]["properties"]
    assert (usage["quantity"]["type"], usage["quantity"]["minimum"], usage["quantity"]["maximum"]) == (
        "integer",
        1,
        1_000_000,
    )
    assert "" in usage["usage_reason"]["enum"] and "work_order" in usage["usage_reason"]["enum"]
    parts_used = spec["components"]["schemas"]["mark_work_order_complete_payload"]["properties"]["parts_used"]
    assert parts_used["items"]["required"] == ["part_id", "quantity_used"]
    assert spec["components"]["schemas"]["assign_work_order_payload"]["properties"]["due_date"]["format"] == "date"


def test_every_example_payload_fits_its_schema_and_a_wrong_one_does_not(spec):
    for action in registry.all():
        example = example_payload(action)
        validator = payload_validator(spec, action.name)
        assert not list(validator.iter_errors(example)), action.name
        assert spec["components"]["schemas"][f"{action.name}_payload"]["examples"] == [example]
        assert list(validator.iter_errors({**example, "preview_hsh": "x"})), action.name
    note = payload_validator(spec, "add_note_to_work_order")
    too_long = {**example_payload(registry.get("add_note_to_work_order")), "note_text": "x" * 5001}
    assert list(note.iter_errors(too_long))
    assert example_payload(registry.get("report_fault"))["equipment_id"] == example_id("equipment.equipment")


def test_the_error_envelope_lists_every_code_with_its_http_status(spec):
    error = spec["components"]["schemas"]["Error"]
    assert error["properties"]["code"]["enum"] == sorted(ERROR_STATUS)
    responses = spec["components"]["responses"]
    for code, status in ERROR_STATUS.items():
        assert code in responses[f"Error{status}"]["description"], code
    execute = spec["paths"]["/api/v1/actions/report_fault/execute"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(execute)


def test_the_read_api_is_described_from_the_registered_collections(spec):
    for name, collection in modules.collections().items():
        listing = spec["paths"][f"/api/v1/{name}"]["get"]
        assert {p["name"] for p in listing["parameters"]} == {"vessel", "q", "page", *collection.filters}
        assert f"/api/v1/{name}/{{id}}" in spec["paths"]
    assert "/api/v1/vessels" in spec["paths"]
    assert spec["components"]["schemas"]["Pagination"]["required"] == ["page", "page_size", "total_count", "has_more"]


def test_the_endpoint_serves_it_to_an_authenticated_caller_only(actions, crew, client):
    response = actions.with_token(crew).client.get("/api/v1/openapi.json", headers=actions.with_token(crew).headers)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["openapi"] == "3.1.0" and "/api/v1/actions/report_fault/execute" in body["paths"]

    anonymous = client.get("/api/v1/openapi.json")
    assert anonymous.status_code == 401 and error_code(anonymous) == "UNAUTHENTICATED"


def test_a_new_action_is_described_the_day_it_is_registered(spec):
    count = type(registry.get("record_stock_count"))

    class RecountWithReason(count):
        name = "recount_with_reason"

    registry.register(RecountWithReason)
    try:
        assert "/api/v1/actions/recount_with_reason/execute" in document()["paths"]
    finally:
        registry.unregister("recount_with_reason")

"""`GET /api/v1/openapi.json`: the JSON API described in OpenAPI 3.1, built from the registries.

Every action's payload comes from its form (types, required, lengths, bounds, choices) with
its `example_payload` as the example; the read API from the registered collections; the
error envelope and its codes from `ERROR_STATUS`. Nothing here is written by hand per
action or collection, so the document cannot drift from the code. See docs/api.md.
"""

from django.http import JsonResponse

from pms import registry as modules
from pms.actions.api import api_view
from pms.actions.base import ERROR_STATUS, Kind, registry
from pms.openapi_schemas import example_payload, payload_schema
from pms.read_api import PAGE_SIZE

JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _envelope(step: str, key: str, inner: dict) -> dict:
    return {
        "type": "object",
        "properties": {
            "status": {"const": "success"},
            "action": {"type": "string"},
            "step": {"const": step},
            key: inner,
            **({"message": {"type": "string"}} if step == "execute" else {}),
        },
        "required": ["status", "action", "step", key],
    }


def _responses(success: dict, description: str) -> dict:
    responses = {"200": {"description": description, "content": {JSON: {"schema": success}}}}
    for status in sorted({str(s) for s in ERROR_STATUS.values()}):
        responses[status] = {"$ref": f"#/components/responses/Error{status}"}
    return responses


def _body(schema: dict, example: dict) -> dict:
    return {"required": True, "content": {JSON: {"schema": schema, "example": example}}}


def action_paths(action) -> dict:
    base = f"/api/v1/actions/{action.name}"
    payload = _ref(f"{action.name}_payload")
    example = example_payload(action)
    summary = action.description or action.label
    paths = {}
    if action.kind == Kind.MUTATE:
        scalars = [n for n in action.form_class.base_fields if n not in getattr(action.form_class, "json_fields", ())]
        paths[f"{base}/prefill"] = {
            "get": {
                "operationId": f"{action.name}_prefill",
                "tags": ["Actions"],
                "summary": f"{action.label}: the suggested input and what a person needs to know (reads only)",
                "parameters": [
                    {"name": n, "in": "query", "required": False, "schema": {"type": "string"}} for n in scalars
                ],
                "responses": _responses(_envelope("prefill", "prefill", {"type": "object"}), "The prefill."),
            }
        }
        paths[f"{base}/preview"] = {
            "post": {
                "operationId": f"{action.name}_preview",
                "tags": ["Actions"],
                "summary": f"{action.label}: exactly what would change (reads only)",
                "requestBody": _body(
                    {
                        "type": "object",
                        "properties": {"payload": payload},
                        "required": ["payload"],
                        "additionalProperties": False,
                    },
                    {"payload": example},
                ),
                "responses": _responses(_envelope("preview", "preview", _ref("Preview")), "The preview."),
            }
        }
    execute_body = {"payload": payload}
    required = ["payload"]
    if action.kind == Kind.MUTATE:
        execute_body["preview_hash"] = {
            "type": ["string", "null"],
            "description": "The preview_hash you saw; optional, but when given it must still match (STALE_PREVIEW).",
        }
    if action.requires_signature:
        execute_body["signature"] = _ref("Signature")
        required.append("signature")
    operation = {
        "operationId": f"{action.name}_execute",
        "tags": ["Actions"],
        "summary": summary if action.kind == Kind.READ else f"{action.label}: do it, in one transaction",
        "description": (f"Signed: “{action.signature_meaning}”. " if action.requires_signature else "")
        + f"Roles: {', '.join(sorted(str(r) for r in action.roles))}.",
        "requestBody": _body(
            {"type": "object", "properties": execute_body, "required": required, "additionalProperties": False},
            {"payload": example},
        ),
        "responses": _responses(_envelope("execute", "result", {"type": "object"}), "The result."),
    }
    if action.kind == Kind.MUTATE:
        operation["parameters"] = [{"$ref": "#/components/parameters/IdempotencyKey"}]
    paths[f"{base}/execute"] = {"post": operation}
    return paths


def collection_paths(name: str, collection) -> dict:
    item = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "vessel": {"type": "string", "description": "The vessel's code."},
            **{field: {"type": ["string", "null"]} for field in collection.search},
        },
        "required": ["id", "vessel"],
        "additionalProperties": True,
    }
    key = name.replace("-", "_")
    listed = {
        "type": "object",
        "properties": {
            "status": {"const": "success"},
            "collection": {"const": name},
            "items": {"type": "array", "items": item},
            "pagination": _ref("Pagination"),
        },
        "required": ["status", "collection", "items", "pagination"],
    }
    one = {
        "type": "object",
        "properties": {"status": {"const": "success"}, "collection": {"const": name}, "item": item},
        "required": ["status", "collection", "item"],
    }
    searched = ", ".join(collection.search) or "nothing"
    return {
        f"/api/v1/{name}": {
            "get": {
                "operationId": f"list_{key}",
                "tags": ["Read API"],
                "summary": f"The {name} of your vessels, {PAGE_SIZE} a page",
                "parameters": [
                    {"name": "vessel", "in": "query", "schema": {"type": "string"}, "description": "A vessel code."},
                    {"name": "q", "in": "query", "schema": {"type": "string"}, "description": f"Finds {searched}."},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                    *(
                        {
                            "name": field,
                            "in": "query",
                            "schema": {"type": "string", "format": "uuid"},
                            "description": f"Only those of this {field.replace('_', ' ')} (its id).",
                        }
                        for field in collection.filters
                    ),
                ],
                "responses": _responses(listed, f"A page of {name}."),
            }
        },
        f"/api/v1/{name}/{{id}}": {
            "get": {
                "operationId": f"get_{key}",
                "tags": ["Read API"],
                "summary": "One object with what its page shows (404 NOT_FOUND for another vessel's)",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": _responses(one, "The object."),
            }
        },
    }


def components() -> dict:
    codes = sorted(ERROR_STATUS)
    by_status = {}
    for code, status in ERROR_STATUS.items():
        by_status.setdefault(status, []).append(code)
    schemas = {
        "Error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "enum": codes},
                "message": {"type": "string", "description": "For a person to read."},
                "field": {"type": ["string", "null"], "description": "The payload field at fault, if one is."},
                "details": {"type": "object", "description": "More about it: the duplicate, the new preview…"},
            },
            "required": ["code", "message", "field", "details"],
        },
        "ErrorEnvelope": {
            "type": "object",
            "properties": {"status": {"const": "error"}, "error": _ref("Error")},
            "required": ["status", "error"],
        },
        "Change": {
            "type": "object",
            "properties": {
                "entity": {"type": "string"},
                "field": {"type": "string"},
                "from": {},
                "to": {},
                "entity_label": {"type": "string"},
                "field_label": {"type": "string"},
                "from_label": {"type": ["string", "null"]},
                "to_label": {"type": ["string", "null"]},
            },
            "required": ["entity", "field", "from", "to"],
        },
        "Preview": {
            "type": "object",
            "properties": {
                "changes": {"type": "array", "items": _ref("Change")},
                "side_effects": {"type": "array", "items": {"type": "string"}},
                "warnings": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                        "required": ["code", "message"],
                    },
                },
                "requires_signature": {"type": "boolean"},
                "signature_meaning": {"type": "string"},
                "preview_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "report": {
                    "type": "object",
                    "description": "A plan of many rows (import_plan): the counts of each outcome and every row "
                    "as create, update, unchanged or refused, with its row number and problems.",
                },
            },
            "required": ["changes", "side_effects", "warnings", "requires_signature", "preview_hash"],
        },
        "Signature": {
            "type": "object",
            "properties": {"secret": {"type": "string", "description": "Your password or signing PIN."}},
            "required": ["secret"],
            "additionalProperties": False,
        },
        "Pagination": {
            "type": "object",
            "properties": {
                "page": {"type": "integer"},
                "page_size": {"type": "integer", "const": PAGE_SIZE},
                "total_count": {"type": "integer"},
                "has_more": {"type": "boolean"},
            },
            "required": ["page", "page_size", "total_count", "has_more"],
        },
        **{f"{action.name}_payload": payload_schema(action) for action in registry.all()},
    }
    responses = {
        f"Error{status}": {
            "description": "Error: " + ", ".join(sorted(by_status[status])),
            "content": {JSON: {"schema": _ref("ErrorEnvelope")}},
        }
        for status in sorted(by_status)
    }
    return {
        "schemas": schemas,
        "responses": responses,
        "parameters": {
            "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": True,
                "description": "Your own key for this change (1–200 characters): a repeat with the same key returns "
                "the first result and changes nothing; the same key with another payload is IDEMPOTENCY_KEY_REUSED.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
            }
        },
        "securitySchemes": {
            "bearerToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from `python manage.py issue_api_token <username>` (its last line).",
            },
            "session": {
                "type": "apiKey",
                "in": "cookie",
                "name": "sessionid",
                "description": "A logged-in browser session; every POST also needs the X-CSRFToken header.",
            },
        },
    }


def _meta_paths() -> dict:
    summary = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"enum": [str(k) for k in Kind]},
            "steps": {"type": "array", "items": {"enum": ["prefill", "preview", "execute"]}},
            "requires_signature": {"type": "boolean"},
            "roles": {"type": "array", "items": {"type": "string"}},
        },
    }
    vessel = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "code": {"type": "string"},
            "name": {"type": "string"},
            "role": {"type": "string"},
            "is_hod": {"type": "boolean"},
        },
    }

    def listing(key, items):
        return {
            "type": "object",
            "properties": {"status": {"const": "success"}, key: {"type": "array", "items": items}},
        }

    def get(operation_id, summary_text, schema, tag="Read API"):
        return {
            "get": {
                "operationId": operation_id,
                "tags": [tag],
                "summary": summary_text,
                "responses": _responses(schema, summary_text),
            }
        }

    return {
        "/api/v1/actions": get(
            "list_actions", "Every action: name, kind, steps, signature, roles", listing("actions", summary), "Actions"
        ),
        "/api/v1/vessels": get("list_vessels", "Your vessels and your role on each", listing("vessels", vessel)),
        "/api/v1/openapi.json": get("openapi", "This document", {"type": "object"}, "Meta"),
        "/api/v1/uploads": {"post": _upload_operation()},
    }


def _upload_operation() -> dict:
    from pms.uploads import PURPOSES

    purposes = sorted(PURPOSES)
    staged = {
        "type": "object",
        "properties": {
            "status": {"const": "success"},
            "upload_id": {"type": "string", "format": "uuid"},
            "name": {"type": "string"},
            "size": {"type": "integer"},
            "sha256": {"type": "string"},
            "content_type": {"type": "string"},
        },
        "required": ["status", "upload_id", "name", "size", "sha256"],
    }
    limits = ", ".join(f"{p.name} {p.max_bytes:,} bytes" for p in PURPOSES.values()) or "none registered"
    responses = _responses(staged, "The staged upload; send its upload_id in the action's payload.")
    responses["201"] = responses.pop("200")
    return {
        "operationId": "upload_file",
        "tags": ["Actions"],
        "summary": "Stage a file for an action (a photo, an import), checked for its purpose before it is kept",
        "description": f"Limits: {limits}.",
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "purpose": {"type": "string", "enum": purposes} if purposes else {"type": "string"},
                            "vessel": {"type": "string", "description": "A vessel code; default the current one."},
                        },
                        "required": ["file", "purpose"],
                    }
                }
            },
        },
        "responses": responses,
    }


def document() -> dict:
    paths = _meta_paths()
    for action in registry.all():
        paths.update(action_paths(action))
    for name, collection in modules.collections().items():
        paths.update(collection_paths(name, collection))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Yacht PMS API",
            "version": "1",
            "description": "Actions (prefill → preview → execute) and the read API of the planned maintenance "
            "system. Every response is a JSON envelope with status success or error. See docs/api.md.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerToken": []}, {"session": []}],
        "tags": [
            {"name": "Actions", "description": "Every operation a person can do, with the HTML flow's checks."},
            {"name": "Read API", "description": "The caller's vessels' records, paginated."},
            {"name": "Meta", "description": "This description."},
        ],
        "paths": paths,
        "components": components(),
    }


@api_view(("GET",))
def openapi_json(request):
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False})

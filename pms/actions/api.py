"""The JSON API of the action framework: `/api/v1/actions…` with the contract's envelope."""

import json
import logging

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from pms.actions import runner
from pms.actions.base import ActionError, Kind, registry

logger = logging.getLogger(__name__)


def error_response(error: ActionError) -> JsonResponse:
    return JsonResponse({"status": "error", "error": error.as_dict()}, status=error.http_status)


def api_view(methods: tuple[str, ...]):
    """Authentication (session with CSRF, or bearer token), method check, errors as envelopes."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            try:
                if not request.user.is_authenticated:
                    raise ActionError("UNAUTHENTICATED", "Log in or send Authorization: Bearer <token>.")
                if request.method not in methods:
                    raise ActionError("METHOD_NOT_ALLOWED", f"Use {' or '.join(methods)}.")
                if request.method == "POST" and request.auth_method == "session":
                    _enforce_csrf(request)
                return view(request, *args, **kwargs)
            except ActionError as error:
                return error_response(error)
            except Exception:
                logger.exception("unexpected error in %s", request.path)
                return error_response(ActionError("INTERNAL_ERROR", "Something went wrong; nothing was changed."))

        return csrf_exempt(wrapped)

    return decorator


def _enforce_csrf(request):
    from django.middleware.csrf import CsrfViewMiddleware

    reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if reason is not None:
        raise ActionError("FORBIDDEN", "CSRF check failed: send the X-CSRFToken header.")


def _action(name):
    action = registry.get(name)
    if action is None:
        raise ActionError("UNKNOWN_ACTION", f"There is no action called {name!r}.")
    return action


# Deeper than any payload of the contract (an execute body with `parts_used` is 4 levels).
MAX_JSON_DEPTH = 16
TOP_LEVEL_KEYS = {"preview": {"payload"}, "execute": {"payload", "preview_hash", "signature"}}
SIGNATURE_KEYS = {"secret"}


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _json_body(request, step: str) -> dict:
    """The body as a JSON object of the step's keys, every string valid Unicode, nesting bounded."""
    try:
        body = json.loads(request.body or b"{}", parse_constant=_refuse_constant)
    except RequestDataTooBig:
        raise ActionError("VALIDATION_ERROR", "The request body is too large.") from None
    except RecursionError:
        raise ActionError("VALIDATION_ERROR", "The request body is nested too deeply.") from None
    except (ValueError, UnicodeDecodeError):
        raise ActionError("VALIDATION_ERROR", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ActionError("VALIDATION_ERROR", "The request body must be a JSON object.")
    _check_tree(body)
    unknown = sorted(set(body) - TOP_LEVEL_KEYS[step])
    if unknown:
        allowed = ", ".join(sorted(TOP_LEVEL_KEYS[step]))
        raise ActionError(
            "VALIDATION_ERROR", f"Unknown key {unknown[0]!r} in the body (allowed: {allowed}).", field=unknown[0]
        )
    signature = body.get("signature")
    if isinstance(signature, dict) and set(signature) - SIGNATURE_KEYS:
        name = sorted(set(signature) - SIGNATURE_KEYS)[0]
        raise ActionError("VALIDATION_ERROR", f"Unknown key {name!r} in signature.", field=f"signature.{name}")
    return body


def _check_tree(body: dict) -> None:
    """Refuse nesting past MAX_JSON_DEPTH and strings that are not valid Unicode (lone surrogates)."""
    stack = [(body, 1, None)]
    while stack:
        value, depth, field = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ActionError("VALIDATION_ERROR", "The request body is nested too deeply.", field=field)
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, field or key)
                stack.append((item, depth + 1, field or (key if key != "payload" else None)))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, field) for item in value)
        elif isinstance(value, str):
            _check_text(value, field)


def _check_text(text: str, field) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ActionError(
            "VALIDATION_ERROR", "A string is not valid Unicode (a lone surrogate).", field=field
        ) from None


def _mutate_only(action, step):
    if action.kind == Kind.READ:
        raise ActionError("VALIDATION_ERROR", f"{action.name} is a READ action: it has only execute, not {step}.")


@api_view(("GET",))
def action_list(request):
    actions = [
        {
            "name": a.name,
            "label": a.label,
            "kind": str(a.kind),
            "steps": a.steps,
            "requires_signature": a.requires_signature,
            "roles": sorted(a.roles),
        }
        for a in registry.all()
    ]
    return JsonResponse({"status": "success", "actions": actions})


@api_view(("GET",))
def action_prefill(request, name):
    action = _action(name)
    _mutate_only(action, "prefill")
    params = {k: v for k, v in request.GET.items()}
    data = runner.prefill(action, user=request.user, params=params, vessel=request.vessel)
    return JsonResponse({"status": "success", "action": action.name, "step": "prefill", "prefill": data})


@api_view(("POST",))
def action_preview(request, name):
    action = _action(name)
    _mutate_only(action, "preview")
    body = _json_body(request, "preview")
    _, _, preview = runner.preview(action, user=request.user, payload=body.get("payload"), vessel=request.vessel)
    return JsonResponse({"status": "success", "action": action.name, "step": "preview", "preview": preview})


@api_view(("POST",))
def action_execute(request, name):
    action = _action(name)
    body = _json_body(request, "execute")
    preview_hash = body.get("preview_hash")
    # Absent or null means none given; any other wrong type is refused, never read as none.
    signature = {} if body.get("signature") is None else body["signature"]
    if not isinstance(preview_hash, str | None) or not isinstance(signature, dict):
        raise ActionError("VALIDATION_ERROR", "preview_hash must be a string and signature an object.")
    secret = "" if signature.get("secret") is None else signature["secret"]
    if not isinstance(secret, str):
        raise ActionError("VALIDATION_ERROR", "signature.secret must be a string.", field="signature")
    outcome = runner.execute(
        action,
        user=request.user,
        payload=body.get("payload"),
        vessel=request.vessel,
        preview_hash=preview_hash,
        secret=secret,
        idempotency_key=request.headers.get("Idempotency-Key", ""),
    )
    response = JsonResponse(outcome.body, status=outcome.http_status)
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@api_view(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"))
def api_not_found(request):
    """Any other path under /api/: the JSON envelope, never Django's HTML 404 page."""
    raise ActionError("NOT_FOUND", f"There is nothing at {request.path}.")

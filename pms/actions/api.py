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


def _json_body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except RequestDataTooBig:
        raise ActionError("VALIDATION_ERROR", "The request body is too large.") from None
    except (ValueError, UnicodeDecodeError):
        raise ActionError("VALIDATION_ERROR", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ActionError("VALIDATION_ERROR", "The request body must be a JSON object.")
    return body


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
    body = _json_body(request)
    _, _, preview = runner.preview(action, user=request.user, payload=body.get("payload"), vessel=request.vessel)
    return JsonResponse({"status": "success", "action": action.name, "step": "preview", "preview": preview})


@api_view(("POST",))
def action_execute(request, name):
    action = _action(name)
    body = _json_body(request)
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

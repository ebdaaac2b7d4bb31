"""The generic HTML flow at /actions/<name>/: fill → check (preview, sign) → done.

One view and one template serve every action; with htmx each step swaps the
`#action-flow` fragment, without JavaScript each step is a full page.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from pms.actions import runner
from pms.actions.base import ActionError, Kind, registry

# Errors that send the person back to the form rather than to the preview.
FORM_ERRORS = {"VALIDATION_ERROR", "INVALID_QUANTITY", "INVALID_ENTITY_TYPE"}
PREVIEW_ERRORS = {"STALE_PREVIEW", "INVALID_SIGNATURE", "SIGNATURE_LOCKED", "SIGNATURE_REQUIRED"}


@login_required
def action_flow(request, name):
    action = registry.get(name)
    if action is None:
        raise Http404("No such action.")
    step = request.POST.get("step", "") if request.method == "POST" else ""
    ctx = {"action": action, "step": "form", "prefill": {}, "error": None}
    status = 200
    try:
        if request.method == "GET" and action.kind == Kind.READ and _complete(request, action):
            # A read writes nothing, so a link with all its inputs shows the answer in one tap.
            status = _execute_step(request, action, ctx, payload=_payload(request, action, request.GET))
        elif request.method == "GET":
            params = request.GET.dict()
            prefill = {} if action.kind == Kind.READ else _prefill(action, request, params)
            initial = {**params, **{k: v for k, v in prefill.items() if k in action.form_class.base_fields}}
            ctx.update(prefill=prefill, form=action.form_class(initial=initial, vessel=request.vessel))
        elif step == "preview" and action.kind == Kind.MUTATE:
            status = _preview_step(request, action, ctx)
        elif step == "execute":
            status = _execute_step(request, action, ctx)
        else:  # "edit": back to the form with what was typed
            ctx["form"] = action.form_class(initial=_payload(request, action), vessel=request.vessel)
    except ActionError as error:
        ctx.update(error=error, step="error" if "form" not in ctx else ctx["step"])
        status = error.http_status
    return _render(request, ctx, status)


@login_required
@require_GET
def action_choices(request, name, field):
    """The picker's search as you type: the options of one id field matching `q`."""
    action = registry.get(name)
    picker = action.form_class.pickers.get(field) if action else None
    if picker is None or request.vessel is None:
        raise Http404("No such list.")
    choices, _ = picker.choices(request.vessel, query=request.GET.get("q", "").strip()[:100])
    return render(request, "actions/widgets/picker_options.html", {"choices": choices})


def _prefill(action, request, params):
    return runner.prefill(action, user=request.user, params=params, vessel=request.vessel)


def _payload(request, action, data=None):
    return action.form_class.payload_from_post(request.POST if data is None else data)


def _complete(request, action) -> bool:
    return bool(request.GET) and action.form_class(data=_payload(request, action, request.GET)).is_valid()


def _preview_step(request, action, ctx) -> int:
    payload = _payload(request, action)
    form = action.form_class(data=payload, vessel=request.vessel)
    ctx["form"] = form
    if not form.is_valid():
        ctx["error"] = runner.form_error(form)
        return 400
    try:
        _, _, preview = runner.preview(action, user=request.user, payload=payload, vessel=request.vessel)
    except ActionError as error:
        ctx.update(error=error, prefill=_safe_prefill(action, request, payload))
        return error.http_status
    ctx.update(step="preview", preview=preview, idempotency_key=uuid.uuid4().hex)
    return 200


def _safe_prefill(action, request, payload):
    try:
        return _prefill(action, request, payload)
    except ActionError:
        return {}


def execute_posted(request, action, payload) -> runner.Outcome:
    """Execute with what an HTML form posts beside the payload: preview hash, signature, idempotency key."""
    return runner.execute(
        action,
        user=request.user,
        payload=payload,
        vessel=request.vessel,
        preview_hash=request.POST.get("preview_hash") or None,
        secret=request.POST.get("signature_secret", ""),
        idempotency_key=request.POST.get("idempotency_key", ""),
    )


def _execute_step(request, action, ctx, payload=None) -> int:
    payload = _payload(request, action) if payload is None else payload
    ctx["form"] = action.form_class(data=payload, vessel=request.vessel)
    try:
        outcome = execute_posted(request, action, payload)
    except ActionError as error:
        ctx["error"] = error
        if error.code in PREVIEW_ERRORS and action.kind == Kind.MUTATE:
            # Show the (new) preview again, with the same idempotency key.
            preview = error.details.get("preview")
            if preview is None:
                _, _, preview = runner.preview(action, user=request.user, payload=payload, vessel=request.vessel)
            ctx.update(step="preview", preview=preview, idempotency_key=request.POST.get("idempotency_key", ""))
        elif error.code not in FORM_ERRORS:
            ctx["prefill"] = _safe_prefill(action, request, payload)
        return error.http_status
    ctx.update(step="result", result=outcome.body["result"], message=outcome.body["message"])
    if action.kind == Kind.MUTATE:
        messages.success(request, outcome.body["message"])
    return 200


def _render(request, ctx, status):
    template = "actions/flow.html#flow" if request.htmx else "actions/flow.html"
    response = render(request, template, ctx, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response

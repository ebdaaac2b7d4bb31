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
from pms.actions.signing_status import signing_status
from pms.models import Vessel

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
        if request.method == "GET" and action.kind == Kind.READ and request.GET:
            status = _read_link_step(request, action, ctx)
        elif request.method == "GET":
            _form_step(request, action, ctx)
        elif step == "preview" and action.kind == Kind.MUTATE:
            status = _preview_step(request, action, ctx)
        elif step == "execute":
            status = _execute_step(request, action, ctx)
        else:  # "edit": back to the form with what was typed
            payload = _payload(request, action)
            ctx["form"] = _shown(action.form_class(initial=payload), _form_vessel(request, action, payload))
    except ActionError as error:
        ctx.update(error=error, step="error" if "form" not in ctx else ctx["step"])
        status = error.http_status
    return _render(request, ctx, status)


def _form_step(request, action, ctx) -> None:
    params = request.GET.dict()
    vessel = request.vessel
    prefill = {}
    if action.kind == Kind.MUTATE:
        prefill, target = runner.prefill_with_target(action, user=request.user, params=params, vessel=vessel)
        vessel = target.vessel or vessel
    initial = {**params, **{k: v for k, v in prefill.items() if k in action.form_class.base_fields}}
    ctx.update(prefill=prefill, form=_shown(action.form_class(initial=initial), vessel))


def _read_link_step(request, action, ctx) -> int:
    """A read writes nothing, so a link with all its inputs shows the answer in one tap."""
    payload = _payload(request, action, request.GET)
    form = action.form_class(data=payload)
    if form.is_valid():
        return _execute_step(request, action, ctx, payload=payload, form=form)
    # Incomplete: the form, filled with what the link gave, without error marks.
    ctx["form"] = _shown(action.form_class(initial=request.GET.dict()), request.vessel)
    return 200


@login_required
@require_GET
def action_choices(request, name, field):
    """The picker's search as you type: the options of one id field matching `q`."""
    action = registry.get(name)
    picker = action.form_class.pickers.get(field) if action else None
    if picker is None or request.vessel is None:
        raise Http404("No such list.")
    vessel = _member_vessel(request)
    choices, _ = picker.choices(vessel, query=request.GET.get("q", "").strip()[:100])
    return render(request, "actions/widgets/picker_options.html", {"choices": choices})


def _member_vessel(request):
    """The vessel `?vessel=` names when the user is a member of it, else the current one."""
    wanted = request.GET.get("vessel", "")
    if wanted and wanted != str(request.vessel.pk):
        vessel = Vessel.objects.filter(pk__in=request.user.vessel_ids()).filter(pk=_uuid_or_none(wanted)).first()
        if vessel is not None:
            return vessel
    return request.vessel


def _uuid_or_none(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _payload(request, action, data=None):
    return action.form_class.payload_from_post(request.POST if data is None else data)


def _shown(form, vessel):
    """A form about to be drawn: its pickers list the rows of `vessel` (read when drawn)."""
    if vessel is not None:
        form.setup_for_vessel(vessel)
    return form


def _form_vessel(request, action, data):
    """The vessel of the record the input names (else the current one): what the pickers offer."""
    try:
        return action.resolve(user=request.user, data=data, vessel=request.vessel).vessel or request.vessel
    except ActionError:
        return request.vessel


def _preview_step(request, action, ctx) -> int:
    payload = _payload(request, action)
    form = action.form_class(data=payload)
    ctx["form"] = form
    try:
        _, _, preview = runner.preview(action, user=request.user, payload=payload, vessel=request.vessel, form=form)
    except ActionError as error:
        _shown(form, _form_vessel(request, action, payload))
        ctx.update(error=error, prefill={} if error.code in FORM_ERRORS else _safe_prefill(action, request, payload))
        return error.http_status
    ctx.update(step="preview", preview=preview, idempotency_key=uuid.uuid4().hex)
    return 200


def _safe_prefill(action, request, payload):
    try:
        return runner.prefill(action, user=request.user, params=payload, vessel=request.vessel)
    except ActionError:
        return {}


def execute_posted(request, action, payload, form=None) -> runner.Outcome:
    """Execute with what an HTML form posts beside the payload: preview hash, signature, idempotency key."""
    return runner.execute(
        action,
        user=request.user,
        payload=payload,
        vessel=request.vessel,
        preview_hash=request.POST.get("preview_hash") or None,
        secret=request.POST.get("signature_secret", ""),
        idempotency_key=request.POST.get("idempotency_key", ""),
        form=form,
    )


def _execute_step(request, action, ctx, payload=None, form=None) -> int:
    payload = _payload(request, action) if payload is None else payload
    form = action.form_class(data=payload) if form is None else form
    ctx["form"] = form
    try:
        outcome = execute_posted(request, action, payload, form)
    except ActionError as error:
        ctx["error"] = error
        if error.code in PREVIEW_ERRORS and action.kind == Kind.MUTATE:
            # Show the (new) preview again, with the same idempotency key.
            preview = error.details.get("preview")
            if preview is None:
                _, _, preview = runner.preview(
                    action, user=request.user, payload=payload, vessel=request.vessel, form=form
                )
            ctx.update(step="preview", preview=preview, idempotency_key=request.POST.get("idempotency_key", ""))
        else:
            _shown(form, _form_vessel(request, action, payload))
            if error.code not in FORM_ERRORS:
                ctx["prefill"] = _safe_prefill(action, request, payload)
        return error.http_status
    ctx.update(step="result", result=outcome.body["result"], message=outcome.body["message"])
    if action.kind == Kind.MUTATE:
        messages.success(request, outcome.body["message"])
    return 200


def _render(request, ctx, status):
    if ctx["step"] == "preview" and ctx["action"].requires_signature:
        ctx["signing"] = signing_status(request.user)
    template = "actions/flow.html#flow" if request.htmx else "actions/flow.html"
    response = render(request, template, ctx, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response

"""The import page, the templates to fill in and the export of a vessel's plan in the import format."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from imports import export, rules
from imports.actions.import_plan import MAX_BYTES
from pms.roles import is_hod
from pms.uploads import human_size


def _current_vessel(request):
    if request.vessel is None:
        raise Http404("No vessel.")
    return request.vessel


@login_required
@require_GET
def index(request):
    vessel = _current_vessel(request)
    return render(
        request,
        "imports/index.html",
        {
            "vessel": vessel,
            "kinds": list(rules.KINDS.values()),
            "may_import": is_hod(request.user.role_on(vessel) or ""),
            "max_size": human_size(MAX_BYTES),
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def template_file(request, name):
    """`/imports/templates/plan.xlsx` (a sheet per kind) or `/imports/templates/<kind>.csv`: a sample row each."""
    found = export.file_for(name, export.template_rows())
    if found is None:
        raise Http404("No such template.")
    return _download(*found, f"template-{name}")


@login_required
@require_GET
def export_file(request, name):
    """The current vessel's plan: `/imports/export/plan.xlsx` or `/imports/export/<kind>.csv`."""
    vessel = _current_vessel(request)
    if export.file_for(name, {}) is None:
        raise Http404("No such export.")
    content, content_type = export.file_for(name, export.vessel_plan(vessel))
    return _download(content, content_type, f"{vessel.code}-{name}")

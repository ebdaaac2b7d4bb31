"""QR label sheets for equipment and parts, and the tablet's scanner (/scan/) that opens them.

A label carries the absolute URL of the item's page; the scanner resolves that URL, or a bare
equipment code or part number, to the item among the user's vessels (404 for anything else)
and shows it with its quick actions: the object buttons and panels the modules declare.
"""

import uuid
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404
from django.urls import resolve as resolve_path
from django.utils import timezone

from counters.selectors import counter_for_equipment
from equipment.models import Equipment
from equipment.views import EquipmentList
from inventory.models import Part
from inventory.selectors import stock_report
from inventory.views import PartList
from labels.sheet import MAX_LABELS, Label, label_sheet
from pms import registry
from pms.actions.buttons import object_buttons
from pms.exports import ExportRefused, filename, refused_response
from pms.tenancy import get_scoped_or_404, scoped

MAX_CODE_LENGTH = 500


def chosen(request, model, list_view) -> list:
    """The items `?id=…` names (every one of the user's vessels, else 404), or the list's rows
    with its filters when none is named, in the list's order."""
    ids = request.GET.getlist("id")
    if ids:
        try:
            wanted = {uuid.UUID(pk) for pk in ids}
        except ValueError:
            raise Http404("No such item.") from None
        if len(wanted) > MAX_LABELS:
            raise ExportRefused(f"At most {MAX_LABELS} labels at a time; tick fewer.", field="id")
        found = list(scoped(model.objects.filter(pk__in=wanted), request.user).select_related("vessel"))
        if len(found) != len(wanted):
            raise Http404("No such item.")
        return found
    view = list_view()
    view.setup(request)
    rows = view.get_queryset().select_related("vessel")
    found = list(rows[: MAX_LABELS + 1])
    if len(found) > MAX_LABELS:
        raise ExportRefused(f"The list has more than {MAX_LABELS} items; filter it or tick the ones to print.")
    return found


def sheet_response(request, *, name: str, labels: list[Label]) -> HttpResponse:
    pdf = label_sheet(labels, title=f"{name.capitalize()} labels")
    response = HttpResponse(pdf, content_type="application/pdf")
    pdf_name = filename(f"{name}-labels", vessel=request.vessel, fmt="pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_name}"'
    return response


def labels_view(*, model, list_view, name: str, code: str):
    """A label sheet of `model` rows: the ticked ones, or what `list_view` shows with its filters."""

    @login_required
    def view(request):
        if request.vessel is None:
            raise Http404("No vessel.")
        try:
            items = chosen(request, model, list_view)
        except ExportRefused as error:
            return refused_response(error)
        labels = [
            Label(getattr(row, code), row.name, request.build_absolute_uri(row.get_absolute_url()), row.vessel.code)
            for row in items
        ]
        return sheet_response(request, name=name, labels=labels)

    return view


equipment_labels = labels_view(model=Equipment, list_view=EquipmentList, name="equipment", code="code")
part_labels = labels_view(model=Part, list_view=PartList, name="parts", code="part_number")


@login_required
def scan(request):
    return render(request, "labels/scan.html")


# --- Resolving a scanned code ------------------------------------------------------------------

# The pages a label points at: URL name → model.
LABELLED_PAGES = {"equipment:detail": Equipment, "inventory:part_detail": Part}


class ScannedPage(Exception):
    """The code is the URL of another record's page of the user's vessels (a job card's work order)."""

    def __init__(self, path: str):
        self.path = path


def find_scanned(user, code: str, *, vessel=None):
    """The equipment or part a scanned code names, among the user's vessels; Http404 otherwise.

    A code is a label's URL (only its path counts: the server's name may differ on the ship's
    LAN) or a bare equipment code or part number; the current vessel's item comes first. The URL
    of another record's page (the QR code of a printed job card) raises ScannedPage.
    """
    parts = urlsplit(code)
    if parts.scheme in ("http", "https") or code.startswith("/"):
        if not parts.path.startswith("/") or parts.path.startswith("//"):
            raise Http404("Not a page of this system.")
        try:
            match = resolve_path(parts.path)
        except Resolver404:
            raise Http404("Not a page of this system.") from None
        if "pk" not in match.kwargs:
            raise Http404("Not a record's page.")
        model = LABELLED_PAGES.get(match.view_name)
        if model is not None:
            return get_scoped_or_404(model.objects.select_related("vessel"), user, pk=match.kwargs["pk"])
        queryset = getattr(getattr(match.func, "view_class", None), "queryset", None)
        if queryset is None or not isinstance(getattr(match.func.view_class, "template_name", None), str):
            raise Http404("Not a record's page.")
        get_scoped_or_404(queryset, user, pk=match.kwargs["pk"])
        raise ScannedPage(parts.path)
    for model, field in ((Equipment, "code"), (Part, "part_number")):
        found = list(scoped(model.objects.filter(**{f"{field}__iexact": code}), user).select_related("vessel")[:20])
        if found:
            found.sort(key=lambda item: vessel is None or item.vessel_id != vessel.pk)
            return found[0]
    raise Http404("No equipment or part with that code on your vessels.")


@login_required
def resolve(request):
    code = (request.GET.get("code") or "").strip()
    if not code or len(code) > MAX_CODE_LENGTH:
        message = f"Give the scanned code (1–{MAX_CODE_LENGTH} characters)."
        return refused_response(ExportRefused(message, field="code"))
    try:
        item = find_scanned(request.user, code, vessel=request.vessel)
    except ScannedPage as page:
        return redirect(page.path)
    context = {
        "item": item,
        "object": item,
        "kind": item._meta.model_name,
        "object_buttons": object_buttons(user=request.user, obj=item),
        "code": code,
        "scanned_at": timezone.now(),
    }
    if isinstance(item, Equipment):
        context["counter"] = counter_for_equipment(item)
        context["panels"] = registry.panels_for(request, item)
    else:
        context.update(stock_report(part=item))
    return render(request, "labels/resolved.html", context)

"""Reads: the photos of a record, of many step results at once, and the records a photo is attached to."""

from collections import defaultdict

from django.db.models import Q

from maintenance.models import StepResult
from photos.models import Photo
from pms.actions.base import ActionError, find


def find_step_result(*, user, pk) -> StepResult:
    """The step result with this id on one of the user's vessels, else STEP_RESULT_NOT_FOUND."""
    if not pk:
        raise ActionError("STEP_RESULT_NOT_FOUND", "Step result not found.", field="step_result_id")
    return find(
        StepResult.objects.select_related("vessel", "step", "work_order"),
        user=user,
        pk=pk,
        code="STEP_RESULT_NOT_FOUND",
        field="step_result_id",
        label="Step result",
    )


def photos_of(**target) -> list[Photo]:
    """The photos on one record, oldest first: `photos_of(fault=f)`, `work_order=`, `step_result=`."""
    return list(Photo.objects.filter(**target).select_related("taken_by").order_by("created_at"))


def photos_on_work_order(work_order) -> list[Photo]:
    """The photos on a work order and on its card's results, oldest first. Most work orders have
    none: the one query joins only the results, and who took the photos and which steps they
    show are read (prefetched) only when there are some."""
    rows = Photo.objects.filter(Q(work_order=work_order) | Q(step_result__work_order=work_order))
    return list(rows.order_by("created_at").prefetch_related("taken_by", "step_result__step"))


def photos_for_step_results(results) -> dict:
    """{step result id: [its photos, oldest first]} for `results` (rows or ids), in one query."""
    ids = [getattr(r, "pk", r) for r in results]
    found = defaultdict(list)
    if not ids:
        return {}
    for photo in Photo.objects.filter(step_result_id__in=ids).select_related("taken_by").order_by("created_at"):
        found[photo.step_result_id].append(photo)
    return dict(found)


def photos_on_equipment(equipment, *, limit: int = 12) -> list[Photo]:
    """The newest photos on the equipment's faults, its work orders and their step results."""
    on_it = Q(fault__equipment=equipment) | Q(work_order__equipment=equipment)
    on_it |= Q(step_result__work_order__equipment=equipment)
    rows = Photo.objects.filter(on_it, vessel_id=equipment.vessel_id).select_related("taken_by")
    return list(rows.order_by("-created_at")[:limit])

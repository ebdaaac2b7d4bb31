from equipment.models import Equipment
from pms.actions.base import find


def find_equipment(*, user, pk, queryset=None) -> Equipment:
    """The equipment with this id on one of the user's vessels, else EQUIPMENT_NOT_FOUND."""
    return find(
        Equipment.objects.select_related("vessel") if queryset is None else queryset,
        user=user,
        pk=pk,
        code="EQUIPMENT_NOT_FOUND",
        field="equipment_id",
        label="Equipment",
    )

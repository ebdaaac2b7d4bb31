from equipment.models import Equipment, Fault
from pms.actions.base import ActionError, find
from pms.actions.forms import Picker


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


def equipment_picker(blank: str = "Choose equipment…") -> Picker:
    return Picker(
        rows=lambda vessel: Equipment.objects.filter(vessel=vessel).only("code", "name").order_by("code"),
        label=lambda e: f"{e.code} {e.name}",
        search=("code", "name"),
        blank=blank,
    )


def find_fault(*, user, pk) -> Fault:
    """The fault with this id on one of the user's vessels, else FAULT_NOT_FOUND."""
    if not pk:
        raise ActionError("FAULT_NOT_FOUND", "Fault not found.", field="fault_id")
    return find(
        Fault.objects.select_related("vessel", "equipment"),
        user=user,
        pk=pk,
        code="FAULT_NOT_FOUND",
        field="fault_id",
        label="Fault",
    )

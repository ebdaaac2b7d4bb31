"""What the equipment module declares to the kernel and the top tier (pms.registry)."""

from django.db.models import Count

from equipment.models import Equipment, Fault, Severity
from equipment.rules import open_faults_q
from equipment.serializers import equipment_dict, fault_dict
from pms import registry

registry.register_collection(
    registry.Collection(
        name="equipment",
        queryset=lambda: Equipment.objects.select_related("vessel"),
        serialize=equipment_dict,
        search=("code", "name", "serial_number", "manufacturer", "model"),
    )
)
registry.register_collection(
    registry.Collection(
        name="faults",
        queryset=lambda: Fault.objects.select_related("vessel", "reported_by"),
        serialize=fault_dict,
        search=("fault_code", "title"),
    )
)


def faults_tile(request, vessel) -> dict:
    open_faults = Fault.objects.filter(open_faults_q(), vessel=vessel)
    by_severity = dict(open_faults.values_list("severity").annotate(n=Count("id")).order_by())
    return {
        "severities": [(value, label, by_severity.get(value, 0)) for value, label in reversed(Severity.choices)],
        "open_fault_count": sum(by_severity.values()),
        "open_faults": open_faults.select_related("equipment")[:5],
    }


registry.register_tile(
    registry.Tile(name="faults", template="equipment/tiles/faults.html", context=faults_tile, order=10)
)

registry.register_button(
    registry.ObjectButton(model="equipment.equipment", action="report_fault", params=lambda e: {"equipment_id": e.pk})
)

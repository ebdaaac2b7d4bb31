"""What the equipment module declares to the kernel and the top tier (pms.registry)."""

import re

from django.db.models import Count
from django.utils.html import escape

from equipment.models import Equipment, Fault, FaultStatus, Severity, can_transition_fault
from equipment.rules import open_faults_q
from equipment.serializers import equipment_dict, fault_dict
from pms import registry
from pms.searching import Hit, Suggestion, action_link, highlight, ranked

FAULT_CODE = re.compile(r"^(?:[A-Z]{1,3}-?\d{2,4}|SPN\s*\d+(?:\s*FMI\s*\d+)?)$", re.IGNORECASE)

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
# The fault page: resolve it (once fixed), close it (after review); each only where its transition is allowed.
for order, (action, to) in enumerate((("resolve_fault", FaultStatus.RESOLVED), ("close_fault", FaultStatus.CLOSED))):
    registry.register_button(
        registry.ObjectButton(
            model="equipment.fault",
            action=action,
            params=lambda f: {"fault_id": f.pk},
            shown=lambda f, to=to: can_transition_fault(f.status, to),
            order=20 + order,
        )
    )


def _fault_code_suggestions(query, found) -> list:
    """A query that reads as a fault code offers the manual section for it on the equipment it was seen on."""
    if not FAULT_CODE.match(query):
        return []
    code = " ".join(query.upper().split())
    equipment_ids = list(dict.fromkeys(f.equipment_id for f in found.get("fault", []) if f.fault_code.upper() == code))
    if not equipment_ids:
        sections = [s.pk for s in found.get("section", [])]
        equipment_ids = list(Equipment.objects.filter(manual__sections__in=sections).values_list("pk", flat=True)[:3])
    labels = dict(Equipment.objects.filter(pk__in=equipment_ids).values_list("pk", "code"))
    return [
        Suggestion(
            f"Show manual section for {code} on {labels.get(equipment_id, 'equipment')}",
            action_link("show_manual_section", equipment_id=equipment_id, fault_code=code),
        )
        for equipment_id in equipment_ids[:3]
    ]


registry.register_search_kind(
    registry.SearchKind(
        name="equipment",
        label="Equipment",
        order=10,
        find=lambda vessel, query, terms: ranked(
            Equipment.objects.filter(vessel=vessel),
            ["code", "name", "serial_number", "manufacturer", "model"],
            query,
            terms,
        ),
        hit=lambda e, terms: Hit(
            "equipment",
            highlight(f"{e.code} {e.name}", terms),
            e.get_absolute_url(),
            highlight(" ".join(filter(None, [e.manufacturer, e.model, e.serial_number, e.location])), terms),
            e.criticality,
            e.get_criticality_display(),
        ),
    )
)
registry.register_search_kind(
    registry.SearchKind(
        name="fault",
        label="Faults",
        order=20,
        find=lambda vessel, query, terms: ranked(
            Fault.objects.filter(vessel=vessel).select_related("equipment"), ["fault_code", "title"], query, terms
        ),
        hit=lambda f, terms: Hit(
            "fault",
            highlight(f"{f.fault_code} {f.title}".strip(), terms),
            f.get_absolute_url(),
            escape(f"{f.equipment.code} · {f.get_status_display()}"),
            f.severity,
            f.get_severity_display(),
        ),
        suggest=_fault_code_suggestions,
    )
)

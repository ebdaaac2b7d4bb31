"""What the manuals module declares to the kernel and the top tier (pms.registry)."""

from manuals.models import ManualDocument
from manuals.selectors import search_sections
from manuals.serializers import document_detail, document_dict
from pms import registry
from pms.searching import PER_TYPE, Hit, highlight

registry.register_collection(
    registry.Collection(
        name="manuals",
        queryset=lambda: ManualDocument.objects.select_related("vessel"),
        serialize=document_dict,
        search=("title", "manufacturer", "model"),
        detail=document_detail,
    )
)


def _fault_params(fault) -> dict:
    params = {"equipment_id": fault.equipment_id}
    if fault.fault_code:
        params["fault_code"] = fault.fault_code
    return params


registry.register_button(
    registry.ObjectButton(
        model="equipment.equipment",
        action="show_manual_section",
        params=lambda e: {"equipment_id": e.pk},
        label="Show manual section",
        primary=False,
        order=20,
    )
)
registry.register_button(
    registry.ObjectButton(
        model="equipment.fault",
        action="show_manual_section",
        params=_fault_params,
        label="Show manual section",
        primary=False,
        order=20,
    )
)

registry.register_search_kind(
    registry.SearchKind(
        name="section",
        label="Manual sections",
        order=50,
        find=lambda vessel, query, terms: search_sections(vessel=vessel, query=query, terms=terms, limit=PER_TYPE),
        hit=lambda s, terms: Hit(
            "section",
            highlight(s.title, terms),
            s.get_absolute_url(),
            highlight(s.text, terms, width=160),
            f"p. {s.page_number}",
        ),
    )
)

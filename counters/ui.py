"""What the counters module declares to the kernel, the top tier and the equipment page."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import escape

from counters.models import Counter
from counters.rules import stale_q
from counters.selectors import COUNTER_RELATED, counter_for_equipment, recent_readings
from counters.serializers import counter_dict, reading_dict
from pms import registry
from pms.searching import Hit, Suggestion, action_link, highlight, ranked

registry.register_collection(
    registry.Collection(
        name="counters",
        queryset=lambda: Counter.objects.select_related(*COUNTER_RELATED),
        serialize=counter_dict,
        search=("name", "equipment__code", "equipment__name"),
        detail=lambda counter: {"readings": [reading_dict(r) for r in recent_readings(counter)]},
    )
)


def counters_tile(request, vessel) -> dict:
    now = timezone.now()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    counters = Counter.objects.filter(vessel=vessel)
    counts = counters.aggregate(
        total=Count("id"),
        stale=Count("id", filter=stale_q(now)),
        read_today=Count("id", filter=Q(last_read_at__gte=start_of_day)),
    )
    stale = counters.filter(stale_q(now)).select_related("equipment").order_by("last_read_at", "equipment__code")
    return {"counter_counts": counts, "stale_counters": stale[:5] if counts["stale"] else []}


registry.register_tile(
    registry.Tile(name="counters", template="counters/tiles/counters.html", context=counters_tile, order=25)
)

_on_counter = {"model": "counters.counter", "params": lambda c: {"counter_id": c.pk}, "target": "counter"}
registry.register_button(registry.ObjectButton(action="record_counter_reading", order=10, **_on_counter))
registry.register_button(registry.ObjectButton(action="replace_counter", order=20, primary=False, **_on_counter))
# On an equipment page: the hours of its own counter, or of the ancestor whose hours it runs on.
registry.register_button(
    registry.ObjectButton(
        model="equipment.equipment",
        action="record_counter_reading",
        shown=lambda e: counter_for_equipment(e) is not None,
        params=lambda e: {"counter_id": counter_for_equipment(e).pk},
        label="Record hours",
        order=110,
        primary=False,
        target="counter",
    )
)


def equipment_counter_panel(request, equipment) -> dict | None:
    counter = counter_for_equipment(equipment)
    if counter is None:
        return None
    return {"counter": counter_dict(counter), "inherited": counter.equipment_id != equipment.pk}


registry.register_panel(
    registry.Panel(
        model="equipment.equipment",
        name="counter",
        template="counters/_equipment_counter.html",
        context=equipment_counter_panel,
        order=10,
    )
)


def _record_hours_suggestions(query, found) -> list:
    return [
        Suggestion(f"Record hours of {c.equipment.code}", action_link("record_counter_reading", counter_id=c.pk))
        for c in found.get("counter", [])
        if c.equipment.code.upper() == query.upper()
    ]


registry.register_search_kind(
    registry.SearchKind(
        name="counter",
        label="Counters",
        order=15,
        find=lambda vessel, query, terms: ranked(
            # The equipment filtered by vessel too: the planner otherwise scans every vessel's equipment.
            Counter.objects.filter(vessel=vessel, equipment__vessel=vessel).select_related("equipment"),
            ["equipment__code", "equipment__name", "name"],
            query,
            terms,
        ),
        hit=lambda c, terms: Hit(
            "counter",
            highlight(f"{c.equipment.code} {c.name}", terms),
            c.get_absolute_url(),
            escape(f"{c.meter_value:,} {c.unit} on the meter" if c.meter_value is not None else "Not read yet"),
            "stale" if c.is_stale() else "",
        ),
        suggest=_record_hours_suggestions,
    )
)

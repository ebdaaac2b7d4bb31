"""Reads about stock: usage, reservations and the ledger (check_stock_level and the part page)."""

import datetime

from django.db.models import Sum
from django.utils import timezone

from inventory.models import USAGE_REASONS, Part, StockMovement
from inventory.serializers import stock_dict
from pms import registry
from pms.actions.forms import Picker

USAGE_WINDOW_DAYS = 30
# The newest movements a part's page lists.
LEDGER_LENGTH = 50


def used_in_window(
    *, part: Part, days: int = USAGE_WINDOW_DAYS, now: datetime.datetime | None = None, ledger=None
) -> int:
    """Units taken out for a usage reason in the last `days` days (receipts and counts are not usage).

    `ledger`: the part's newest movements as already read for its page (`part_ledger`, newest
    first, at most LEDGER_LENGTH). When they are all the part has, or the oldest of them is from
    before the window, every movement in the window is among them and they are summed; else the
    database is asked."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    if ledger is not None and (len(ledger) < LEDGER_LENGTH or ledger[-1].performed_at < since):
        return -sum(
            m.quantity for m in ledger if m.reason in USAGE_REASONS and m.quantity < 0 and m.performed_at >= since
        )
    taken = StockMovement.objects.filter(
        part=part, reason__in=USAGE_REASONS, quantity__lt=0, performed_at__gte=since
    ).aggregate(total=Sum("quantity"))["total"]
    return -(taken or 0)


def usage_stats(*, part: Part, now: datetime.datetime | None = None, ledger=None) -> dict:
    used = used_in_window(part=part, now=now, ledger=ledger)
    on_hand = part.quantity_on_hand
    # floor(on hand / (used / 30)) in whole numbers, so no float rounding moves the floor.
    runout = (on_hand * USAGE_WINDOW_DAYS) // used if used > 0 and on_hand > 0 else None
    return {
        "used_last_30_days": used,
        "average_daily_usage": round(used / USAGE_WINDOW_DAYS, 2),
        "estimated_runout_days": runout,
    }


def stock_report(*, part: Part, ledger=None) -> dict:
    """What check_stock_level answers and the part page shows, besides the part itself (`ledger`:
    the page's `part_ledger` rows, from which the usage is summed when they cover the window)."""
    return {
        "stock": stock_dict(part),
        "usage_stats": usage_stats(part=part, ledger=ledger),
        "reserved_on_open_work_orders": registry.reserved_quantity(part),
        # Stays empty until purchasing exists.
        "pending_orders": registry.pending_orders(part),
    }


def part_ledger(*, part: Part, limit: int = LEDGER_LENGTH):
    """The part's latest ledger rows with what they were for (who did them: `pms.related.attach_people`)."""
    return part.movements.select_related("work_order", "equipment").order_by("-performed_at")[:limit]


def part_picker(*, with_stock: bool = False) -> Picker:
    """The vessel's parts by part number; `with_stock` shows what is on hand in each label."""

    def label(p):
        return f"{p.part_number} {p.name}" + (f" ({p.quantity_on_hand} {p.unit} on hand)" if with_stock else "")

    return Picker(
        rows=lambda vessel: (
            Part.objects.filter(vessel=vessel)
            .only("part_number", "name", "quantity_on_hand", "unit")
            .order_by("part_number")
        ),
        label=label,
        search=("part_number", "name"),
        blank="Choose a part…",
    )

"""What the stock actions share: finding and locking the part, its form, the stock-change preview line."""

from inventory.models import Part
from inventory.selectors import part_picker
from inventory.serializers import ledger_entry, part_summary  # noqa: F401  (used by the stock actions)
from inventory.services import lock_parts
from pms.actions.base import Plan, Target, find
from pms.actions.forms import ActionForm, id_field


def find_part(*, user, pk) -> Part:
    return find(
        Part.objects.select_related("vessel", "last_counted_by"),
        user=user,
        pk=pk,
        code="PART_NOT_FOUND",
        field="part_id",
        label="Part",
    )


class PartTarget:
    """Resolve and lock the part named by `part_id`.

    Without a part (an empty form opened from the menu) the target is the current vessel;
    preview and execute always have one, the form requires it.
    """

    def resolve(self, *, user, data, vessel):
        if not data.get("part_id"):
            return Target(vessel=vessel)
        part = find_part(user=user, pk=data["part_id"])
        return Target(vessel=part.vessel, objects={"part": part})

    def lock(self, *, user, data, target):
        part = lock_parts([target.part.pk])[target.part.pk]
        return Target(vessel=target.vessel, objects={**target.objects, "part": part})


class PartForm(ActionForm):
    """A form about one part: offers the vessel's parts to choose from in the HTML flow."""

    part_id = id_field("Part")

    pickers = {"part_id": part_picker()}


def stock_after_change(plan: Plan, part: Part, after: int) -> None:
    """The preview line every stock-moving action shows: on hand now → after."""
    plan.change(f"part {part.part_number}", "quantity_on_hand", part.quantity_on_hand, after)

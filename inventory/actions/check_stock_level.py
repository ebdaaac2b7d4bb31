"""check_stock_level: on hand, status, usage and reservations of one part (reads only)."""

from inventory.actions.common import PartForm, PartTarget, part_summary
from inventory.selectors import stock_report
from pms.actions.base import Action, Kind, Ref, register
from pms.roles import ANY_MEMBER


class CheckStockLevelForm(PartForm):
    pass


@register
class CheckStockLevel(PartTarget, Action):
    name = "check_stock_level"
    roles = ANY_MEMBER
    example_payload = {"part_id": Ref("inventory.part")}
    label = "Check stock"
    kind = Kind.READ
    form_class = CheckStockLevelForm
    template_name = "inventory/actions/check_stock_level.html"

    def read(self, *, user, data, target):
        part = target.part
        return {"part": part_summary(part), **stock_report(part=part)}

    def message(self, result):
        part, stock = result["part"], result["stock"]
        return f"{part['part_number']}: {stock['quantity_on_hand']} {stock['unit']} on hand ({stock['stock_status']})."

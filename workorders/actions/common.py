"""What the work order actions share: finding the work order, refusing a closed one, its summary."""

from pms.actions.base import ActionError, Target
from workorders.models import (
    WorkOrder,
)
from workorders.rules import CLOSED_STATUSES
from workorders.selectors import (
    find_work_order,
    parts_list,  # noqa: F401
    work_order_for_update,
)
from workorders.serializers import work_order_summary  # noqa: F401  (shared by the actions)


def refuse_if_closed(work_order: WorkOrder, *, closed=CLOSED_STATUSES) -> None:
    if work_order.status in closed:
        raise ActionError(
            "WO_CLOSED",
            f"{work_order.number} is {work_order.get_status_display().lower()}; it cannot be changed.",
            field="work_order_id",
            details={"status": work_order.status},
        )


class WorkOrderTarget:
    """Resolve and lock the work order named by `work_order_id`."""

    def resolve(self, *, user, data, vessel):
        if not data.get("work_order_id"):
            raise ActionError("WO_NOT_FOUND", "Work order not found.", field="work_order_id")
        work_order = find_work_order(user=user, pk=data["work_order_id"])
        return Target(vessel=work_order.vessel, objects={"work_order": work_order})

    def lock(self, *, user, data, target):
        work_order = work_order_for_update(target.work_order.pk)
        return Target(vessel=target.vessel, objects={**target.objects, "work_order": work_order})

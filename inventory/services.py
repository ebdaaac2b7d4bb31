"""The one way stock moves: lock the part, check, move, write the ledger row (audited)."""

from django.db import transaction
from django.utils import timezone

from inventory.models import MovementReason, Part, StockMovement
from pms.actions.base import ActionError


def insufficient_stock(part: Part, quantity: int) -> ActionError:
    return ActionError(
        "INSUFFICIENT_STOCK",
        f"Only {part.quantity_on_hand} {part.unit} of {part.part_number} on hand; {quantity} needed.",
        field="quantity",
        details={
            "part_id": str(part.pk),
            "part_number": part.part_number,
            "quantity_on_hand": part.quantity_on_hand,
            "requested": quantity,
        },
    )


def lock_parts(part_ids) -> dict:
    """Lock the parts (in id order, so concurrent movements cannot deadlock) and return them by id."""
    parts = Part.objects.select_for_update().filter(pk__in=list(part_ids)).order_by("pk")
    return {p.pk: p for p in parts}


@transaction.atomic
def move_stock(
    *,
    part: Part,
    quantity: int,
    reason: str,
    performed_by,
    work_order=None,
    equipment=None,
    reference: str = "",
    notes: str = "",
    counted: bool = False,
) -> StockMovement:
    """Move `quantity` (signed) of a part and record it in the ledger.

    The part row is locked here (again, if the caller already holds it) and re-read, so
    the check and the new quantity use the committed value, never a stale copy.
    """
    locked = Part.objects.select_for_update().get(pk=part.pk)
    new_quantity = locked.quantity_on_hand + quantity
    if new_quantity < 0:
        raise insufficient_stock(locked, -quantity)
    now = timezone.now()
    locked.quantity_on_hand = new_quantity
    update_fields = ["quantity_on_hand"]
    if counted:
        locked.last_counted_at, locked.last_counted_by = now, performed_by
        update_fields += ["last_counted_at", "last_counted_by"]
    locked.save(update_fields=update_fields)
    # Keep the caller's instance current for what it shows next.
    part.quantity_on_hand, part.version = locked.quantity_on_hand, locked.version
    part.last_counted_at, part.last_counted_by_id = locked.last_counted_at, locked.last_counted_by_id
    return StockMovement.objects.create(
        vessel_id=locked.vessel_id,
        part=locked,
        quantity=quantity,
        quantity_after=new_quantity,
        reason=reason,
        work_order=work_order,
        equipment=equipment,
        performed_by=performed_by,
        performed_at=now,
        reference=reference,
        notes=notes,
    )


def receive_initial_stock(*, part: Part, quantity: int, performed_by=None) -> None:
    """Opening balance for a new part, as a ledger receipt (used by the demo seed)."""
    if quantity:
        move_stock(
            part=part,
            quantity=quantity,
            reason=MovementReason.RECEIVED,
            performed_by=performed_by,
            reference="Opening balance",
        )

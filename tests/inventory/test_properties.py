"""Random sequences of usage, receipts and counts keep the ledger invariant and the statuses."""

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.models import StockStatus
from pms.actions import runner
from pms.actions.base import ActionError, registry
from tests.factories import PartFactory
from tests.inventory.ledger import fresh, ledger_sum

operations = st.lists(
    st.one_of(
        st.tuples(st.just("use"), st.integers(min_value=1, max_value=15)),
        st.tuples(st.just("receive"), st.integers(min_value=1, max_value=15)),
        st.tuples(st.just("count"), st.integers(min_value=0, max_value=25)),
    ),
    max_size=10,
)


def payload_of(operation: str, quantity: int, part) -> tuple[str, dict]:
    part_id = str(part.pk)
    if operation == "use":
        return "log_part_usage", {"part_id": part_id, "quantity": quantity, "usage_reason": "testing"}
    if operation == "receive":
        return "receive_parts", {"part_id": part_id, "quantity": quantity}
    return "record_stock_count", {"part_id": part_id, "counted_quantity": quantity}


def expected_status(on_hand: int, minimum: int, maximum: int | None) -> str:
    if on_hand <= 0:
        return StockStatus.OUT_OF_STOCK
    if on_hand <= minimum:
        return StockStatus.LOW_STOCK
    if maximum is not None and on_hand > maximum:
        return StockStatus.OVERSTOCKED
    return StockStatus.IN_STOCK


# Each example makes its own part inside the test's transaction, so examples do not share stock.
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    operations=operations,
    opening=st.integers(min_value=0, max_value=10),
    minimum=st.integers(min_value=0, max_value=5),
    headroom=st.none() | st.integers(min_value=0, max_value=10),
)
def test_on_hand_always_equals_the_ledger_and_is_never_negative(
    aurora, engineer, operations, opening, minimum, headroom
):
    maximum = None if headroom is None else minimum + headroom
    part = PartFactory(vessel=aurora, minimum_quantity=minimum, maximum_quantity=maximum, stock=opening)
    expected = opening

    for operation, quantity in operations:
        name, payload = payload_of(operation, quantity, part)
        try:
            runner.execute(
                registry.get(name), user=engineer, payload=payload, vessel=aurora, idempotency_key=uuid.uuid4().hex
            )
        except ActionError as error:
            assert (operation, error.code) == ("use", "INSUFFICIENT_STOCK")
            assert quantity > expected
        else:
            expected = {"use": expected - quantity, "receive": expected + quantity, "count": quantity}[operation]

        part = fresh(part)
        assert part.quantity_on_hand == expected == ledger_sum(part)
        assert part.quantity_on_hand >= 0
        assert part.movements.filter(quantity_after__lt=0).count() == 0
        status = expected_status(expected, minimum, maximum)
        assert part.stock_status == status

    read = runner.execute(
        registry.get("check_stock_level"), user=engineer, payload={"part_id": str(part.pk)}, vessel=aurora
    )
    assert read.body["result"]["stock"]["quantity_on_hand"] == expected
    assert read.body["result"]["stock"]["stock_status"] == expected_status(expected, minimum, maximum)

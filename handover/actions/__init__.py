"""The handover actions; importing this registers them."""

from handover.actions import acknowledge, add_to_handover  # noqa: F401
from handover.actions.common import ENTITY_QUERYSETS  # noqa: F401  (the kinds of record an item may name)

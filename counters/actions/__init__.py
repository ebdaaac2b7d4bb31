"""The counter actions, one file each; importing this registers them."""

from counters.actions import record_counter_reading, replace_counter  # noqa: F401
from pms.actions.base import register_error_codes

register_error_codes({"COUNTER_NOT_FOUND": 404, "COUNTER_DECREASE": 409, "COUNTER_RATE_EXCEEDED": 409})

"""The maintenance plan's actions, one file each; importing this registers them."""

from maintenance.actions import layup, plan, postpone, record_step, verify  # noqa: F401
from pms.actions.base import register_error_codes

register_error_codes(
    {"JOB_NOT_FOUND": 404, "POSTPONE_LIMIT_EXCEEDED": 409, "STEP_NOT_FOUND": 404, "CHECKLIST_INCOMPLETE": 409}
)

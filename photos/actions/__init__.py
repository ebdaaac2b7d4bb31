"""The photos actions; importing this registers them."""

from photos.actions import attach_photo  # noqa: F401
from pms.actions.base import register_error_codes

register_error_codes({"STEP_RESULT_NOT_FOUND": 404})

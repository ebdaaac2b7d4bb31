"""The imports actions; importing this registers them."""

from imports.actions import import_plan  # noqa: F401
from pms.actions.base import register_error_codes

register_error_codes({"IMPORT_UNREADABLE": 400, "IMPORT_REFUSED": 400})

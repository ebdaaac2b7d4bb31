"""The manuals actions; importing this registers them."""

from manuals.actions import show_manual_section  # noqa: F401
from pms.actions.base import register_error_codes

register_error_codes(
    {
        "MANUAL_NOT_FOUND": 404,
        "SECTION_NOT_FOUND": 404,
        "STORAGE_ACCESS_ERROR": 502,
    }
)

"""The manuals actions; importing this registers them."""

from manuals.actions import show_manual_section  # noqa: F401

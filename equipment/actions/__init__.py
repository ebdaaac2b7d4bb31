"""The equipment actions; importing this registers them."""

from equipment.actions import report_fault  # noqa: F401

"""The work order actions, one file per action or small family; importing this registers them."""

from workorders.actions import complete, create_from_fault, lifecycle, log_part_usage, notes, parts  # noqa: F401

"""Roles and what each may do: the one table the action framework enforces."""

from django.db import models


class Role(models.TextChoices):
    CREW = "crew", "Crew"
    ENGINEER = "engineer", "Engineer"
    ETO = "eto", "ETO"
    CHIEF_ENGINEER = "chief_engineer", "Chief engineer"
    CAPTAIN = "captain", "Captain"
    MANAGER = "manager", "Manager (shore)"


HOD_ROLES = frozenset({Role.CHIEF_ENGINEER, Role.CAPTAIN, Role.MANAGER})
ENGINEER_GRADE_ROLES = frozenset({Role.ENGINEER, Role.ETO}) | HOD_ROLES
ANY_MEMBER = frozenset(Role.values)

# action name -> roles that may run it. Rules beyond the role (e.g. "the assignee may
# complete their own work order") live on the action as `is_permitted`.
ACTION_ROLES: dict[str, frozenset[str]] = {
    "show_manual_section": ANY_MEMBER,
    "check_stock_level": ANY_MEMBER,
    "report_fault": ANY_MEMBER,
    "add_note_to_work_order": ANY_MEMBER,
    "add_to_handover": ANY_MEMBER,
    "acknowledge_handover_item": ANY_MEMBER,
    "add_part_to_work_order": ENGINEER_GRADE_ROLES,
    "log_part_usage": ENGINEER_GRADE_ROLES,
    "record_stock_count": ENGINEER_GRADE_ROLES,
    "receive_parts": ENGINEER_GRADE_ROLES,
    "start_work_order": ENGINEER_GRADE_ROLES,
    "create_work_order_from_fault": HOD_ROLES,
    "cancel_work_order": HOD_ROLES,
    "mark_work_order_complete": ENGINEER_GRADE_ROLES,
}


def is_hod(role: str) -> bool:
    return role in HOD_ROLES

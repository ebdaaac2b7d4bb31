"""Roles and the groups actions name in their `roles` (each action class declares who may run it)."""

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


def is_hod(role: str) -> bool:
    return role in HOD_ROLES

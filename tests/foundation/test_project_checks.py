"""The project passes Django's checks and its models match the migrations."""

import io

from django.core.management import call_command


def test_system_checks_pass(db):
    call_command("check", stdout=io.StringIO())


def test_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())

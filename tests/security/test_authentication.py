"""Logins, sessions and the security headers."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def login(client, username, password, ip="10.0.0.5"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_gives_a_new_session_key(client, crew):
    client.get("/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    response = login(client, "deck", PASSWORD)
    assert response.status_code == 302
    assert client.cookies["sessionid"].value not in ("", "attacker-chosen-session-key")


def test_repeated_failures_lock_that_user_from_that_address_only(client, crew, engineer):
    for _ in range(4):
        assert login(client, "deck", "wrong").status_code == 200
    assert login(client, "deck", "wrong").status_code == 429  # the fifth failure locks
    locked = login(client, "deck", PASSWORD)
    assert locked.status_code == 429 and "Too many failed logins" in locked.content.decode()
    # Neither a colleague on the same tablet nor the same user elsewhere is locked out.
    assert login(client, "engineer", PASSWORD).status_code == 302
    client.logout()
    assert login(client, "deck", PASSWORD, ip="10.0.0.99").status_code == 302


def test_idle_sessions_expire_and_used_ones_are_refreshed(client, crew):
    assert login(client, "deck", PASSWORD).status_code == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    stamped = client.session["last_seen"]
    session = client.session
    session["last_seen"] = stamped - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    client.get("/")
    assert client.session["last_seen"] >= int(time.time()) - 5


def test_csp_is_strict_on_every_page(client, crew):
    client.force_login(crew)
    policy = client.get("/")["Content-Security-Policy"]
    for directive in (
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_scripts_or_styles(client, crew):
    client.force_login(crew)
    for url in ("/", "/work-orders/", "/parts/", "/search?q=pump", "/actions/report_fault/", "/login/"):
        html = client.get(url).content.decode()
        assert "<style" not in html and " style=" not in html
        for tag in html.split("<script")[1:]:
            assert tag.lstrip().startswith("src=") and tag.split(">", 1)[1].startswith("</script>")


def test_production_settings_pass_check_deploy():
    # Not the test run's own environment switches (the browser tests allow async-unsafe calls).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "pms.settings_production",
        "SECRET_KEY": "a" * 20 + "-production-secret-with-enough-entropy-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "pms.example.org",
        "DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

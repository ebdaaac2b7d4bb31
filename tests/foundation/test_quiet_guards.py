"""Tests that must not go quiet: CI fails without its browser, and the N+1 guard fires on a real N+1."""

import os
import subprocess
import sys
from pathlib import Path

import django.db.models.query
import pytest
from django.core.exceptions import FieldFetchBlocked
from django.http import HttpResponse
from django.urls import include, path

from equipment.models import Equipment
from tests.factories import EquipmentFactory
from tests.fetch_guard import FETCH_RAISE_IN_LISTS

ROOT = Path(__file__).resolve().parents[2]


def pytest_run(*args, env: dict) -> subprocess.CompletedProcess:
    """A separate pytest run of this project, on SQLite (it must not share our test database)."""
    env = {k: v for k, v in {**os.environ, **env}.items() if k != "DATABASE_URL" and v is not None}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_in_ci_a_missing_chromium_fails_the_run_instead_of_skipping(tmp_path):
    result = pytest_run("tests/e2e", "--collect-only", "-q", env={"CI": "true", "PMS_CHROMIUM": str(tmp_path / "none")})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "Chromium is missing" in output and "browser test(s) cannot run" in output


def stub(directory: Path, name: str, script: str) -> None:
    (directory / name).write_text(f"#!/bin/sh\n{script}\n")
    (directory / name).chmod(0o755)


def test_ci_fails_when_chromium_cannot_be_installed(tmp_path):
    stub(tmp_path, "id", "echo 0")  # root: no sudo
    stub(tmp_path, "apt-get", "echo 'E: Unable to locate package chromium' >&2; exit 100")
    result = subprocess.run(
        ["/bin/bash", str(ROOT / ".ci" / "install-chromium")],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Chromium could not be installed" in result.stderr
    assert ".ci/install-chromium" in (ROOT / ".ci" / "run").read_text()


def test_ci_install_is_a_no_op_when_chromium_is_there(tmp_path):
    stub(tmp_path, "chromium", "exit 0")
    stub(tmp_path, "apt-get", "echo 'must not run' >&2; exit 1")
    result = subprocess.run(
        ["/bin/bash", str(ROOT / ".ci" / "install-chromium")],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")


# --- the N+1 guard (tests/fetch_guard.py) ----------------------------------------------------


def parents_lazily(request):
    """The classic N+1: one query for the rows, then one per row for its parent."""
    return HttpResponse(", ".join(e.parent.name for e in Equipment.objects.filter(parent__isnull=False)))


def parents_joined(request):
    rows = Equipment.objects.filter(parent__isnull=False).select_related("parent")
    return HttpResponse(", ".join(e.parent.name for e in rows))


def one_parent(request, pk):
    return HttpResponse(Equipment.objects.get(pk=pk).parent.name)


urlpatterns = [
    path("lazily/", parents_lazily),
    path("joined/", parents_joined),
    path("one/<uuid:pk>/", one_parent),
    path("", include("pms.urls")),  # the layout of the error page links to the project's pages
]


@pytest.fixture
def pumps(aurora):
    skid = EquipmentFactory(vessel=aurora, code="FW-SKID", name="Fresh water skid")
    return [EquipmentFactory(vessel=aurora, parent=skid, code=f"FW-P{i}") for i in range(3)]


def test_the_guard_patches_the_fetch_mode_django_reads():
    """A canary: if Django renames its private default, the patch would silently do nothing."""
    assert django.db.models.query.DEFAULT_FETCH_MODE is FETCH_RAISE_IN_LISTS
    assert Equipment.objects.all()._fetch_mode is FETCH_RAISE_IN_LISTS


@pytest.mark.urls(__name__)
def test_the_guard_fires_on_a_real_n_plus_one_in_a_request(client, pumps):
    with pytest.raises(FieldFetchBlocked):
        client.get("/lazily/")
    assert client.get("/joined/").content.decode() == "Fresh water skid, Fresh water skid, Fresh water skid"
    # A row fetched alone may load its relation (one query, not N) ...
    assert client.get(f"/one/{pumps[0].pk}/").status_code == 200
    # ... and outside a request (the tests' own reads) lazy loads work as usual.
    assert [e.parent.name for e in Equipment.objects.filter(parent__isnull=False)] == ["Fresh water skid"] * 3

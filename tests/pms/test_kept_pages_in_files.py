"""Kept pages in files (production's `PAGE_CACHE_DIR`): every worker of the server serves a page
one of them drew, and a change still draws it afresh."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pms.pagecache import PAGE_CACHE, KeptPagesFiles
from pms.settings import kept_pages
from tests.factories import EquipmentFactory, WorkOrderFactory
from tests.pms.test_pagecache import keys_kept
from tests.processes import production_setting

pytestmark = pytest.mark.django_db
HIT_QUERIES = 4  # the session, the user, the memberships, the chain lengths
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page_dir(settings, tmp_path) -> Path:
    directory = tmp_path / "pages"
    settings.CACHES = {**settings.CACHES, PAGE_CACHE: kept_pages(str(directory))}
    settings.PAGE_CACHE_SECONDS = 60
    return directory


@pytest.fixture
def kept(page_dir, monkeypatch) -> list:
    """The keys of the pages written to the files during the test."""
    return keys_kept(monkeypatch)


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_page_is_drawn_once_into_the_directory_and_read_back(client, aurora, chief, page_dir, kept):
    WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    client.force_login(chief)

    first, drawn = _get(client, "/work-orders/")
    second, served = _get(client, "/work-orders/")

    assert "Bow thruster seal" in first
    assert served == HIT_QUERIES < drawn
    assert len(kept) == 1
    assert isinstance(caches[PAGE_CACHE], KeptPagesFiles)
    files = list(page_dir.iterdir())
    assert len(files) == 1 and files[0].suffix == ".djcache"
    # Pickled pages: the directory is its owner's alone.
    assert stat.S_IMODE(page_dir.stat().st_mode) == 0o700
    main = slice(second.index('<main id="main">'), second.index("</main>"))
    assert second[main] == first[main]


def test_another_process_reads_the_page_this_one_drew(client, aurora, chief, page_dir, kept):
    """As another gunicorn worker would: a separate Python process with the same directory."""
    WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    client.force_login(chief)
    client.get("/work-orders/")
    (key,) = kept

    script = (
        "import django; django.setup(); from django.core.cache import caches; "
        f"template, parts = caches['pages'].get({key!r}); "
        "print(template); print('Bow thruster seal' in ''.join(map(str, parts.values())))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pms.settings", "PAGE_CACHE_DIR": str(page_dir)}
    env.pop("DATABASE_URL", None)  # reading the files needs no database
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['workorders/workorder_list.html']", "True"]


def test_a_change_draws_the_page_afresh_beside_the_kept_one(client, aurora, chief, page_dir, kept):
    client.force_login(chief)
    before, _ = _get(client, "/equipment/")
    assert "Watermaker" not in before

    EquipmentFactory(vessel=aurora, code="WM-1", name="Watermaker")  # audited: the chain moves

    after, drawn = _get(client, "/equipment/")
    assert "Watermaker" in after and drawn > HIT_QUERIES
    assert len(kept) == 2 and kept[0] != kept[1]
    assert len(list(page_dir.iterdir())) == 2


def test_the_production_settings_keep_pages_in_files_unless_told_not_to():
    backend = "settings.CACHES['pages']['BACKEND'].rsplit('.', 1)[1]"

    assert production_setting(backend) == "KeptPagesFiles"
    assert production_setting(backend, PAGE_CACHE_DIR="") == "LocMemCache"


def test_the_directory_is_bounded_counting_its_files_on_one_write_in_many(tmp_path, monkeypatch):
    cache = KeptPagesFiles(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 3}})
    listed = []
    original = KeptPagesFiles._list_cache_files
    monkeypatch.setattr(KeptPagesFiles, "_list_cache_files", lambda self: listed.append(1) or original(self))

    for number in range(200):
        cache.set(f"page-{number}", "content", 60)
        assert len(list(tmp_path.iterdir())) <= 10 + KeptPagesFiles.CULL_EVERY

    assert len(listed) == 200 // KeptPagesFiles.CULL_EVERY + 1  # on the first write, then one in CULL_EVERY
    assert cache.get("page-199") == "content"  # the newest is kept

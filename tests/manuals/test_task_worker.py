"""Production splits uploaded manuals in a real task queue: django-tasks-db's DatabaseBackend,
run by one `manage.py db_worker` process — started here against a database it can see.

On PostgreSQL that is the test database itself (a transactional test, so the worker sees
what is committed); on SQLite a database file of its own, migrated for the test. Every
process runs with the production settings (pms.settings_production), as a deployment does.
"""

import json
import sys

import pytest
from django.db import connection

from tests.processes import environment, manage, running, wait_until

pytestmark = pytest.mark.processes

UPLOAD = """
import json
from django.core.files.base import ContentFile
from django_tasks_db.models import DBTaskResult
from manuals.pdfgen import demo_manual_pdf
from manuals.services import upload_manual
from pms.models import Membership, User, Vessel

vessel, _ = Vessel.objects.get_or_create(code="WORKER", defaults={"name": "Worker trials"})
chief, _ = User.objects.get_or_create(username="worker-chief", defaults={"first_name": "Ada"})
Membership.objects.get_or_create(user=chief, vessel=vessel, defaults={"role": "chief_engineer"})
pdf = demo_manual_pdf("Watermaker", [
    ("1 General", ["Operate with feed pressure above 2 bar."], []),
    ("2 Alarms", ["High salinity: flush the membrane.", "Low feed pressure: clean the prefilter."], ["E047", "E031"]),
])
document = upload_manual(vessel=vessel, uploaded_by=chief, file=ContentFile(pdf, name="wm.pdf"), title="Watermaker")
task = DBTaskResult.objects.get()
print(json.dumps({"id": str(document.pk), "status": document.status, "task": task.task_path, "queued": task.status}))
"""

STATE = """
import json
from manuals.models import ManualDocument
document = ManualDocument.objects.get(pk="{id}")
sections = [
    [s.title, s.page_number, s.end_page, sorted(s.fault_code_index.values_list("code", flat=True))]
    for s in document.sections.order_by("position")
]
print(json.dumps({{"status": document.status, "pages": document.page_count, "sections": sections}}))
"""


def database_url(tmp_path) -> str:
    """A database the worker process can see: this test's PostgreSQL database, or a SQLite file."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def production(request, tmp_path):
    """The production settings' environment, on a database the worker sees (migrated if it is new)."""
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
    env = environment(
        DJANGO_SETTINGS_MODULE="pms.settings_production",
        SECRET_KEY="worker-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(tmp_path),
        MEDIA_ROOT=tmp_path / "media",
    )
    if connection.vendor != "postgresql":
        manage("migrate", "--no-input", env=env)
    return env


def shell(code: str, *, env) -> dict:
    return json.loads(manage("shell", "--no-imports", "-c", code, env=env).strip().splitlines()[-1])


def test_a_real_worker_splits_an_uploaded_manual(production, tmp_path):
    uploaded = shell(UPLOAD, env=production)
    assert uploaded["status"] == "queued" and uploaded["queued"] == "READY"
    assert uploaded["task"] == "manuals.tasks.ingest_manual"
    assert shell(STATE.format(id=uploaded["id"]), env=production)["sections"] == []  # nothing until the worker

    log = tmp_path / "worker.log"
    worker = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", "-v", "2"]
    with running(worker, env=production, log=log) as process:
        ready = wait_until(
            lambda: (state := shell(STATE.format(id=uploaded["id"]), env=production))["status"] == "ready" and state,
            timeout=90,
            interval=1,
            what="the worker splitting the manual",
            log=log,
            process=process,
        )

    assert ready["pages"] == 3
    assert ready["sections"] == [["1 General", 1, 1, []], ["2 Alarms", 2, 3, ["E031", "E047"]]]
    assert "ingest_manual" in log.read_text()

"""What gunicorn's master does before forking its workers (pms/serving.py, gunicorn.conf.py's
`when_ready`): the URL patterns loaded and what is loaded frozen out of the collector's walks.

Run in a child process: freezing is for the life of a process and would change this one's."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import gc, importlib.util, json, time, types
import django
django.setup()
from django.urls import get_resolver

spec = importlib.util.spec_from_file_location("gunicorn_conf", "gunicorn.conf.py")
conf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conf)
logged = []
server = types.SimpleNamespace(log=types.SimpleNamespace(info=lambda *args: logged.append(args)))
tracked_before = len(gc.get_objects())
conf.when_ready(server)
print(json.dumps({
    "populated": get_resolver()._populated,
    "tracked_before": tracked_before,
    "frozen": gc.get_freeze_count(),
    "tracked_after": len(gc.get_objects()),
    "logged": logged[0][1] if logged else None,
}))
"""


def test_the_master_loads_the_urls_and_freezes_what_it_loaded():
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["populated"] is True
    # Everything loaded (Django, the models, the URL patterns) is frozen; the collector walks
    # next to nothing afterwards.
    assert result["frozen"] > result["tracked_before"] > 10_000
    assert result["tracked_after"] < 1_000
    assert result["logged"] == result["frozen"]

"""Locust users for `make bench`: chiefs of several vessels, logged in through /login/ with the CSRF token.

Each task carries a tag; bench/run.py runs one tag at a time so every page and action is
measured on its own against the same server. Targets (open work orders, stocked parts)
come from the JSON file named by BENCH_TARGETS, written by bench/run.py.
"""

import itertools
import json
import os
import random
import uuid
from pathlib import Path

import gevent.event
from locust import HttpUser, between, constant, tag, task
from searches import SEARCHES  # bench/searches.py: locust puts this file's folder on sys.path

TARGETS: dict = json.loads(Path(os.environ["BENCH_TARGETS"]).read_text()) if "BENCH_TARGETS" in os.environ else {}
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-pass-2026")

_next_user = itertools.count()
# Measuring starts once every user has logged in: the stats are reset then, so the
# password hashing of 16 logins does not count against the first pages.
_logged_in = itertools.count(1)
_all_logged_in = gevent.event.Event()
# Work orders are handed out once: a completed one cannot take notes or be completed again.
_completable: dict[str, list] = {}
_notable: dict[str, list] = {}


def _split(code: str):
    if code not in _completable:
        orders = list(TARGETS[code]["work_orders"])
        half = len(orders) // 2
        _notable[code], _completable[code] = orders[:half], orders[half:]


# The pages the readers open while others sign (the "pages_while_signing" tag), and a work order's.
READER_PAGES = ("/", "/work-orders/", "/maintenance/", "/counters/")


def signs_in_mix(vessel_index: int) -> bool:
    """In the mixed phase the users of every other vessel sign completions and the rest read pages.

    Readers and signers are on different vessels: what is measured is what signing costs other
    people's pages on the same server (the hash and the writes queueing them), with their pages
    kept as in service. What a change costs the next reader of its own vessel (a page drawn
    afresh) is the kept-pages-off columns."""
    return vessel_index % 2 == 0


class Chief(HttpUser):
    # BENCH_PACED=1: each user waits about a second between requests, as a person would (latency),
    # between an action's preview and its execute too (a person reads the preview and types the
    # secret); otherwise none at all, which saturates the server (throughput).
    wait_time = between(0.5, 1.5) if os.environ.get("BENCH_PACED") == "1" else constant(0)

    def on_start(self):
        codes = sorted(TARGETS)
        slot, index = divmod(next(_next_user), len(codes))
        self.signs = signs_in_mix(index)
        self.code = codes[index]
        self.targets = TARGETS[self.code]
        # Users of one vessel take parts from separate slices, so their previews do not go stale on each other.
        per_vessel = -(-self.environment.runner.target_user_count // len(codes))
        self.parts = self.targets["parts"][slot::per_vessel]
        _split(self.code)
        self.client.get("/login/", name="login")
        response = self.client.post(
            "/login/",
            {
                "username": f"{self.code.lower()}-chief",
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed for {self.code}: HTTP {response.status_code}")
        if next(_logged_in) == self.environment.runner.target_user_count:
            self.environment.runner.stats.reset_all()
            _all_logged_in.set()
        _all_logged_in.wait()
        # Paced, each user pauses before its first measured request too, as after any other
        # (the login): released together, the 16 users would all send their first request at once.
        self.wait()

    def _action(self, name: str, payload: dict, *, signature: dict | None = None, label: str = ""):
        """Preview, then execute with the preview's hash, as the HTML flow does; paced, the user
        pauses between the two as between any two requests. Requests are named `<name> preview`
        and `<name> execute`, after `label` when given."""
        label = label or name
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            f"/api/v1/actions/{name}/preview",
            json={"payload": payload},
            headers=headers,
            name=f"{label} preview",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            preview_hash = response.json()["preview"]["preview_hash"]
        self.wait()
        body = {"payload": payload, "preview_hash": preview_hash, **({"signature": signature} if signature else {})}
        with self.client.post(
            f"/api/v1/actions/{name}/execute",
            json=body,
            headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            name=f"{label} execute",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")

    @tag("minimal_django")
    @task
    def minimal_django(self):
        """The baseline's view in the minimal app (bench/minimal), with this user's session cookie."""
        self.client.get(f"{os.environ['BENCH_MINIMAL_HOST']}/bench/baseline/", name="minimal django")

    @tag("baseline")
    @task
    def baseline(self):
        self.client.get("/bench/baseline/", name="baseline")

    @tag("dashboard")
    @task
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @tag("work_order_list")
    @task
    def work_order_list(self):
        self.client.get(f"/work-orders/?page={random.randint(1, 5)}", name="work order list")

    @tag("work_order_detail")
    @task
    def work_order_detail(self):
        self.client.get(f"/work-orders/{random.choice(self.targets['detail_work_orders'])}/", name="work order detail")

    @tag("part_detail")
    @task
    def part_detail(self):
        self.client.get(f"/parts/{random.choice(self.parts)}/", name="part detail")

    @tag("due_list")
    @task
    def due_list(self):
        self.client.get("/maintenance/", name="due list")

    @tag("daily_rounds")
    @task
    def daily_rounds(self):
        self.client.get("/counters/", name="daily rounds")

    @tag("search")
    @task
    def search(self):
        self.client.get("/search", params={"q": random.choice(SEARCHES)}, name="search")

    @tag("log_part_usage")
    @task
    def log_part_usage(self):
        part = random.choice(self.parts)
        self._action("log_part_usage", {"part_id": part, "quantity": 1, "usage_reason": "testing"})

    @tag("add_note_to_work_order")
    @task
    def add_note_to_work_order(self):
        work_order = random.choice(_notable[self.code])
        self._action("add_note_to_work_order", {"work_order_id": work_order, "note_text": "Checked, running normally."})

    def _complete(self, label: str = ""):
        if not _completable[self.code]:
            return
        payload = {
            "work_order_id": _completable[self.code].pop(),
            "completion_notes": "Replaced and tested under load.",
            "parts_used": [{"part_id": random.choice(self.parts), "quantity_used": 1}],
        }
        self._action("mark_work_order_complete", payload, signature={"secret": PASSWORD}, label=label)

    @tag("mark_work_order_complete")
    @task
    def mark_work_order_complete(self):
        self._complete()

    def _read(self, name: str):
        path = random.choice((*READER_PAGES, f"/work-orders/{random.choice(self.targets['detail_work_orders'])}/"))
        self.client.get(path, name=name)

    @tag("pages_while_signing")
    @task
    def pages_while_signing(self):
        """Half the users sign completions, the other half read pages: what signing costs the readers."""
        if self.signs:
            self._complete(label="completion among readers")
        else:
            self._read("pages while others sign")

    @tag("reader_pages")
    @task
    def reader_pages(self):
        """The same readers with no one signing beside them (the signers idle)."""
        if self.signs:
            gevent.sleep(1)
        else:
            self._read("pages, no one signing")

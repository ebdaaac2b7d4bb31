"""Saturated throughput for `make bench`, measured with wrk.

wrk is a C load generator on an event loop: driving the server flat out it takes a few percent
of a core, where locust's Python users took a large share of the same two cores and so capped
the fastest page (the baseline) more than the slow ones. Throughput and its ratios therefore come
from wrk; the paced latencies (users pausing as people do) and the actions (a preview, then an
execute with its hash) stay with locust, which can follow a flow.

Every request picks one (session cookie, path) pair at random from a generated Lua table: the
chiefs of every seeded vessel, each on its own vessel's records, as the locust users are.
"""

import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from searches import SEARCHES  # bench/searches.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
LUA = """
local pairs_ = {
%s
}
request = function()
  local pick = pairs_[math.random(#pairs_)]
  return wrk.format("GET", pick[2], {["Cookie"] = pick[1]})
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("WRK-RESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"errors\\": %%d, "
    .. "\\"p50\\": %%f, \\"p95\\": %%f, \\"p99\\": %%f}\\n",
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def write_sessions(env, path: Path) -> None:
    """A logged-in session per seeded vessel's chief (bench.targets.chief_sessions), written in a child process."""
    code = (
        "import json, django; django.setup();"
        "from bench.targets import chief_sessions;"
        f"open({str(path)!r}, 'w').write(json.dumps(chief_sessions()))"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def check_sessions(host: str, cookies: dict) -> None:
    """Each session opens the dashboard (200, not a redirect to the login page that wrk would count as served)."""
    for code, cookie in cookies.items():
        request = urllib.request.Request(f"{host}/", headers={"Cookie": cookie})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            status = opener.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise RuntimeError(f"the bench session of {code} is not logged in (HTTP {status} for /)")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def paths_for(tag: str, targets: dict) -> list[str]:
    """The paths a tag's requests go to on one vessel (as the locust task of the same tag asks)."""
    if tag in ("minimal_django", "baseline"):
        return ["/bench/baseline/"]
    if tag == "dashboard":
        return ["/"]
    if tag == "work_order_list":
        return [f"/work-orders/?page={n}" for n in range(1, 6)]
    if tag == "work_order_detail":
        return [f"/work-orders/{pk}/" for pk in targets["detail_work_orders"]]
    if tag == "part_detail":
        return [f"/parts/{pk}/" for pk in targets["parts"]]
    if tag == "search":
        return ["/search?q=" + query.replace(" ", "+") for query in SEARCHES]
    if tag == "due_list":
        return ["/maintenance/"]
    if tag == "daily_rounds":
        return ["/counters/"]
    raise ValueError(f"no wrk paths for {tag!r}")


def lua_table(pairs: list[tuple[str, str]]) -> str:
    return ",\n".join(f'  {{"{cookie}", "{path}"}}' for cookie, path in pairs)


def run(tag: str, *, host: str, cookies: dict, targets: dict, seconds: int, connections: int, out: Path) -> dict:
    """One wrk run of `tag`: a row shaped like locust's stats (Requests/s, percentiles, Failure Count)."""
    pairs = [(cookies[code], path) for code in sorted(cookies) for path in paths_for(tag, targets.get(code, {}))]
    script = out / f"{tag}-wrk.lua"
    script.write_text(LUA % lua_table(pairs))
    completed = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), host],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"^WRK-RESULT (\{.*\})$", completed.stdout, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"wrk printed no result for {tag}:\n{completed.stdout}\n{completed.stderr}")
    result = json.loads(found.group(1))
    return {
        "Requests/s": result["requests"] / result["seconds"],
        "requests": result["requests"],
        "seconds": result["seconds"],
        "50%": result["p50"],
        "95%": result["p95"],
        "99%": result["p99"],
        "Failure Count": result["errors"],
    }


# A page's measured seconds come in this many slices, each between two of the baseline's.
SLICES = 3


def slice_seconds(seconds: int) -> int:
    return max(1, round(seconds / SLICES))


def side_by_side(tag: str, host: str, other: str, other_host: str, *, seconds: int, **run_args) -> tuple:
    """`tag` and `other` measured in turns, `other` first and last: other, tag, other, …, tag, other,
    `seconds` of `tag` in `SLICES` slices. The rows are summed over their slices (requests over
    seconds; the highest of the slices' percentiles, the errors added up).

    A ratio of two throughputs measured minutes apart on a shared machine moves with whatever the
    machine did in between (this VM served the same bare page at 315 and at 493 requests a second
    on one day); measured in turns a few seconds apart, both see the same machine."""
    rows = {tag: [], other: []}
    turns = [other]
    for _ in range(SLICES):
        turns += [tag, other]
    for name in turns:
        rows[name].append(
            run(name, host=host if name == tag else other_host, seconds=slice_seconds(seconds), **run_args)
        )
    return summed(rows[tag]), summed(rows[other])


def summed(rows: list[dict]) -> dict:
    requests = sum(row["requests"] for row in rows)
    seconds = sum(row["seconds"] for row in rows)
    return {
        "Requests/s": requests / seconds,
        "requests": requests,
        "seconds": seconds,
        **{key: max(row[key] for row in rows) for key in ("50%", "95%", "99%")},
        "Failure Count": sum(row["Failure Count"] for row in rows),
    }

"""`make bench`: seed the fleet if needed, serve it with gunicorn, drive it with wrk and locust, write the table.

    .venv/bin/python bench/run.py

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pms_bench),
BENCH_USERS (16), BENCH_SECONDS per endpoint and mode (15), BENCH_PORT (a free one),
BENCH_VESSELS / BENCH_SCALE for seeding (10 / 1.0), WEB_CONCURRENCY / GUNICORN_THREADS;
BENCH_ONLY=due_list,dashboard measures those tags (and the baseline and the minimal app) only, skips
the generator and the import, and prints the table without writing it to the doc.

Each endpoint is measured on its own (one locust tag) against the same server, twice: saturated
(no pause between requests: requests per second, compared with the bare baseline page measured
in turns with it, `bench/wrk.py` `side_by_side`) and
paced (each user pauses about a second, as a person would: the latencies the targets are
about). Pages are measured both ways a second time against a server with the kept pages off. Last,
half the users sign completions while the other half read pages (paced, the readers measured alone
first): signing must not delay other people's pages. Results go to stdout and between the bench
markers of docs/performance.md.
"""

import csv
import datetime
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import wrk as bench_wrk  # bench/wrk.py: this script's folder is first on sys.path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# (tag, locust request names, kind) in the order of the table.
PHASES = [
    ("minimal_django", ["minimal django"], "minimal"),
    ("baseline", ["baseline"], "baseline"),
    ("dashboard", ["dashboard"], "page"),
    ("work_order_list", ["work order list"], "page"),
    ("work_order_detail", ["work order detail"], "page"),
    ("part_detail", ["part detail"], "page"),
    ("search", ["search"], "page"),
    ("due_list", ["due list"], "page"),
    ("daily_rounds", ["daily rounds"], "page"),
    ("log_part_usage", ["log_part_usage preview", "log_part_usage execute"], "action"),
    ("add_note_to_work_order", ["add_note_to_work_order preview", "add_note_to_work_order execute"], "action"),
    ("mark_work_order_complete", ["mark_work_order_complete preview", "mark_work_order_complete execute"], "action"),
    # Half the users sign completions while the other half read pages (paced only): signing must
    # not delay the readers' pages beyond the page target. The same readers alone come first.
    (
        "pages_while_signing",
        [
            "pages, no one signing",
            "pages while others sign",
            "completion among readers preview",
            "completion among readers execute",
        ],
        "mixed",
    ),
]
TARGET_P95_MS = {"page": 100, "action": 150}
# A signed step (the password or PIN checked with Argon2) has its own target.
SIGNED_STEPS = {"mark_work_order_complete execute", "completion among readers execute"}
SIGNED_TARGET_P95_MS = 300
# Each page is requested this long before it is measured: the workers' kept pages fill as they would
# in service (the kept-pages-off columns show what a page costs when it is not kept).
PAGE_WARM_SECONDS = 5
MIN_BASELINE_SHARE = 0.40
# The baseline page (the project's whole middleware stack) against the same view in a minimal
# Django app with only sessions and auth (bench/minimal), served side by side.
MIN_MINIMAL_SHARE = 0.60
PLAN_TARGET_SECONDS = 60
IMPORT_PREVIEW_TARGET_SECONDS = 10
# Time allowed for the users to log in before measuring starts (the locustfile resets the stats then).
LOGIN_SECONDS = 8
WARM_UP_SECONDS = 10


def manage(*args, env):
    subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def write_targets(env, path: Path):
    """Open work orders and stocked parts of every seeded vessel, read with Django in a child process."""
    code = (
        "import json, django; django.setup();"
        "from pms.models import Vessel; from bench.targets import targets_for;"
        "codes = Vessel.objects.filter(code__startswith='FLEET').values_list('code', flat=True);"
        f"open({str(path)!r}, 'w').write(json.dumps({{c: targets_for(c) for c in codes}}))"
    )
    subprocess.run([str(VENV_BIN / "python"), "-c", code], cwd=ROOT, env=env, check=True)


def ensure_database(url: str) -> None:
    """Create the bench database on its server when it does not exist yet (a new machine)."""
    import psycopg
    from psycopg import sql

    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info.pop("dbname")
    with psycopg.connect(**info, dbname="postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def wait_for_port(port: int, server: subprocess.Popen, seconds: float = 60):
    """The minimal app has no health page: wait until its port accepts connections."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise RuntimeError(f"port {port} did not open within {seconds} s")


def clear_kept_pages(directory: Path) -> None:
    """Empty the server's kept pages (a directory of files its workers share) before a warm-up.

    A kept page lasts PAGE_CACHE_SECONDS (60 s) from when it was drawn. A warm-up draws a phase's
    pages within a few seconds, so they all expire together a minute later; a warm-up that finds
    them still kept draws nothing, and that minute could end inside the run measured next: a burst
    of pages drawn afresh at once (the daily rounds of 200 counters cost ~90 ms in-process), which
    no reader in service meets, as each reader's pages expire at their own times, one read in
    many. Emptied, the warm-up draws every page afresh and none expires during the run."""
    if directory.is_dir():
        for path in directory.iterdir():
            if path.is_file():
                path.unlink(missing_ok=True)


def run_phase(tag: str | None, *, host: str, users: int, seconds: int, env, out: Path, paced: bool) -> dict:
    """One locust run of the tasks tagged `tag` (all tasks when None); its stats by request name."""
    prefix = out / f"{tag or 'warm-up'}-{'paced' if paced else 'saturated'}"
    env = {**env, "BENCH_PACED": "1" if paced else "0", "BENCH_TARGETS": str(prefix) + "-targets.json"}
    # Fresh targets for every run: the previous one completed work orders and used stock.
    write_targets(env, Path(env["BENCH_TARGETS"]))
    subprocess.run(
        [
            str(VENV_BIN / "locust"),
            *("-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary"),
            *("--host", host, "-u", str(users), "-r", str(users), "-t", f"{seconds + LOGIN_SECONDS}s"),
            *(("--tags", tag) if tag else ()),
            *("--csv", str(prefix), "--stop-timeout", "10", "--loglevel", "WARNING"),
        ],
        cwd=ROOT,
        env=env,
        check=False,  # locust exits 1 when any request failed; the table shows the failures
    )
    with open(f"{prefix}_stats.csv") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def table(results: list[tuple], baseline_rps: float, minimal_rps: float) -> list[str]:
    """One row per endpoint; a page's last four columns are the same page with the kept pages off.

    A page's ratio is to the baseline measured beside it (in turns, `bench/wrk.py`), whose
    throughput the row shows; with locust, to the baseline's own phase."""
    lines = [
        "| endpoint | req/s saturated | baseline beside it req/s | p95 ms saturated | p50 ms | p95 ms | p99 ms "
        "| errors | × baseline req/s | target met | kept pages off: req/s | baseline beside it | × baseline | p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name, kind, saturated, row, cold, beside in results:
        if kind == "mixed":
            lines.append(mixed_row(name, row))
            continue
        rps = float(saturated["Requests/s"])
        p95 = float(row["95%"])
        errors = int(row["Failure Count"]) + int(saturated["Failure Count"])
        reference = beside or baseline_rps
        share = rps / reference if reference else 0
        beside_cell = f"{beside:.1f}" if beside and kind != "baseline" else "—"
        if kind == "minimal":
            met, ratio = "—", f"{share:.2f}"
        elif kind == "baseline":
            met_share = minimal_rps and baseline_rps / minimal_rps >= MIN_MINIMAL_SHARE
            met, ratio = ("yes" if met_share and errors == 0 else "**no**"), "1.00"
        else:
            met_p95 = p95 <= row_target_ms(name, kind)
            met_share = kind != "page" or share >= MIN_BASELINE_SHARE
            met = "yes" if met_p95 and met_share and errors == 0 else "**no**"
            ratio = f"{share:.2f}" if kind == "page" else "—"
        cold_cells = "— | — | — | —"
        if cold:
            cold_saturated, cold_paced, cold_beside = cold
            cold_rps = float(cold_saturated["Requests/s"])
            cold_reference = cold_beside or baseline_rps
            cold_cells = (
                f"{cold_rps:.1f} | {f'{cold_beside:.1f}' if cold_beside else '—'} "
                f"| {cold_rps / cold_reference if cold_reference else 0:.2f} | {float(cold_paced['95%']):.0f}"
            )
        lines.append(
            f"| {name} | {rps:.1f} | {beside_cell} | {float(saturated['95%']):.0f} | {float(row['50%']):.0f} | {p95:.0f} "
            f"| {float(row['99%']):.0f} | {errors} | {ratio} | {met} | {cold_cells} |"
        )
    return lines


def row_target_ms(name: str, kind: str) -> int:
    """The p95 target of a row: a signed step's, else its kind's; in the mixed phase a
    preview is an action step and the readers' row a page."""
    if name in SIGNED_STEPS:
        return SIGNED_TARGET_P95_MS
    if kind == "mixed":
        return TARGET_P95_MS["action" if name.endswith(" preview") else "page"]
    return TARGET_P95_MS[kind]


def mixed_row(name: str, paced: dict) -> str:
    """A row of the mixed phase: paced only (nothing saturated, no kept-pages-off server)."""
    p95, errors = float(paced["95%"]), int(paced["Failure Count"])
    met = "yes" if p95 <= row_target_ms(name, "mixed") and errors == 0 else "**no**"
    return (
        f"| {name} | — | — | — | {float(paced['50%']):.0f} | {p95:.0f} | {float(paced['99%']):.0f} "
        f"| {errors} | — | {met} | — | — | — | — |"
    )


def measure_import(env) -> dict:
    """`bench/imports.py` in a child process against the bench database: its JSON line."""
    done = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "bench.imports", "--rows", "5000"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_line(result: dict) -> str:
    return (
        f"`import_plan` of a generated {result['rows']:,}-row plan (every kind) into a new vessel: preview "
        f"{result['preview_seconds']:.1f} s in {result['preview_queries']} queries (target: under "
        f"{IMPORT_PREVIEW_TARGET_SECONDS} s), import {result['import_seconds']:.1f} s, the same file again "
        f"{result['second_preview_seconds']:.1f} s with {result['second_changes']} changes."
    )


def write_doc(lines: list[str]):
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{START}\n" + "\n".join(lines) + f"\n{END}{tail}")


def main():
    users = int(os.environ.get("BENCH_USERS", "16"))
    seconds = int(os.environ.get("BENCH_SECONDS", "15"))
    port = int(os.environ.get("BENCH_PORT") or free_port())
    host = f"http://127.0.0.1:{port}"
    minimal_port = free_port()
    cold_port = free_port()
    cold_host = f"http://127.0.0.1:{cold_port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pms.settings_bench",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pms_bench"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "ERROR",
        "BENCH_MINIMAL_HOST": f"http://127.0.0.1:{minimal_port}",
    }
    load_before = os.getloadavg()[0]
    ensure_database(env["DATABASE_URL"])
    manage("migrate", "--no-input", "-v0", env=env)
    manage(
        "seed_fleet",
        "--vessels",
        os.environ.get("BENCH_VESSELS", "10"),
        "--scale",
        os.environ.get("BENCH_SCALE", "1.0"),
        env=env,
    )
    manage("collectstatic", "--no-input", "-v0", env=env)
    # The generator over the whole fleet, twice: the first run plans every job already in its
    # window (as on the day a plan is imported); the second is the daily run, a scan that finds
    # nothing new. Its cost grows with the jobs due, not with the plan's history.
    only = {tag for tag in os.environ.get("BENCH_ONLY", "").split(",") if tag}
    phases = [phase for phase in PHASES if not only or phase[0] in only or phase[2] in ("minimal", "baseline")]
    plan_seconds = []
    for _ in range(0 if only else 2):
        planned_at = time.monotonic()
        manage("plan_maintenance", env=env)
        plan_seconds.append(time.monotonic() - planned_at)
    # Moving in: preview and import a generated 5,000-row plan into a new vessel (rolled back after).
    imported = None if only else measure_import(env)
    out = Path(tempfile.mkdtemp(prefix="pms-bench-"))
    # The server's kept pages start empty, in files its workers share, as in production.
    env = {**env, "PAGE_CACHE_DIR": os.environ.get("PAGE_CACHE_DIR") or str(out / "pages")}
    server = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")], cwd=ROOT, env=env)
    # The minimal app: the same gunicorn settings, the same view, only sessions and auth.
    minimal = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "bench.minimal.wsgi:application"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.minimal.settings", "GUNICORN_BIND": f"127.0.0.1:{minimal_port}"},
    )
    # The same app with the kept pages switched off (pms/pagecache.py): every page rendered afresh,
    # what a page costs the first time it is read after a change.
    cold = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env={**env, "PAGE_CACHE_SECONDS": "0", "GUNICORN_BIND": f"127.0.0.1:{cold_port}"},
    )
    try:
        wait_for(f"{host}/healthz", server)
        wait_for(f"{cold_host}/healthz", cold)
        wait_for_port(minimal_port, minimal)
        # Every worker process opens its connections and compiles its templates before anything counts.
        run_phase(None, host=host, users=users, seconds=WARM_UP_SECONDS, env=env, out=out, paced=False)
        run_phase(None, host=cold_host, users=users, seconds=WARM_UP_SECONDS // 2, env=env, out=out, paced=False)
        use_wrk = bench_wrk.available()
        if use_wrk:
            bench_wrk.write_sessions(env, out / "sessions.json")
            cookies = json.loads((out / "sessions.json").read_text())
            bench_wrk.check_sessions(host, cookies)
            write_targets(env, out / "wrk-targets.json")
            wrk_targets = json.loads((out / "wrk-targets.json").read_text())
            # The minimal app's workers too open their connections before anything counts.
            bench_wrk.run(
                "minimal_django",
                host=env["BENCH_MINIMAL_HOST"],
                cookies=cookies,
                targets=wrk_targets,
                seconds=WARM_UP_SECONDS // 2,
                connections=users,
                out=out,
            )
        results = []
        # The baseline's throughput measured in turns with the minimal app (wrk): its saturated row.
        baseline_beside_minimal = None

        def saturate(tag, names, kind, target_host) -> tuple[dict, float | None]:
            """The saturated rows by request name, and the baseline's throughput measured beside them
            (None: the baseline's own phase is the reference, as with locust)."""
            nonlocal baseline_beside_minimal
            wrk_args = {"cookies": cookies, "targets": wrk_targets, "connections": users, "out": out}
            if use_wrk and kind == "minimal":
                row, baseline_row = bench_wrk.side_by_side(
                    tag, target_host, "baseline", host, seconds=seconds, **wrk_args
                )
                baseline_beside_minimal = baseline_row
                return {names[0]: row}, float(baseline_row["Requests/s"])
            if use_wrk and kind == "baseline":  # measured in turns with the minimal app, just before
                return {names[0]: baseline_beside_minimal}, float(baseline_beside_minimal["Requests/s"])
            if use_wrk and kind == "page":
                # The baseline from the same server, in turns with the page.
                row, baseline_row = bench_wrk.side_by_side(
                    tag, target_host, "baseline", target_host, seconds=seconds, **wrk_args
                )
                return {names[0]: row}, float(baseline_row["Requests/s"])
            return run_phase(tag, host=target_host, users=users, seconds=seconds, env=env, out=out, paced=False), None

        def warm(tag):
            """The page requested for PAGE_WARM_SECONDS before it is measured (wrk), its kept pages
            emptied first (`clear_kept_pages`)."""
            clear_kept_pages(Path(env["PAGE_CACHE_DIR"]))
            wrk_args = {"cookies": cookies, "targets": wrk_targets, "connections": users, "out": out}
            bench_wrk.run(tag, host=host, seconds=PAGE_WARM_SECONDS, **wrk_args)

        for tag, names, kind in phases:
            if use_wrk and kind == "page":
                warm(tag)
            if kind == "mixed":
                # The readers alone, then beside the signers; before each, the readers' pages are
                # read as a page's phase warms its pages, so both find them kept alike (a kept page
                # lasts PAGE_CACHE_SECONDS, and the kept-pages-off columns show a page drawn afresh).
                paced = {}
                for measured in ("reader_pages", tag):
                    clear_kept_pages(Path(env["PAGE_CACHE_DIR"]))
                    run_phase(
                        "reader_pages", host=host, users=users, seconds=PAGE_WARM_SECONDS, env=env, out=out, paced=False
                    )
                    paced |= run_phase(measured, host=host, users=users, seconds=seconds, env=env, out=out, paced=True)
                results += [(name, kind, None, paced[name], None, None) for name in names if name in paced]
                continue
            saturated, beside = saturate(tag, names, kind, env["BENCH_MINIMAL_HOST"] if kind == "minimal" else host)
            if use_wrk and kind == "page":
                warm(tag)  # again, so the paced run finds its pages freshly kept too
            paced = run_phase(tag, host=host, users=users, seconds=seconds, env=env, out=out, paced=True)
            cold_rows = {}
            if kind == "page":
                cold_saturated, cold_beside = saturate(tag, names, kind, cold_host)
                cold_paced = run_phase(tag, host=cold_host, users=users, seconds=seconds, env=env, out=out, paced=True)
                cold_rows = {names[0]: (cold_saturated[names[0]], cold_paced[names[0]], cold_beside)}
            results += [
                (name, kind, saturated[name], paced[name], cold_rows.get(name), beside)
                for name in names
                if name in saturated
            ]
    finally:
        for process in (server, minimal, cold):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    baseline_rps = next(float(saturated["Requests/s"]) for _, kind, saturated, *_ in results if kind == "baseline")
    minimal_rps = next(float(saturated["Requests/s"]) for _, kind, saturated, *_ in results if kind == "minimal")
    workers = env.get("WEB_CONCURRENCY", f"{(os.cpu_count() or 1) * 2 + 1}")
    lines = [
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {machine()}; "
        f"gunicorn {workers} workers × {env.get('GUNICORN_THREADS', '2')} threads (pms.settings_bench), "
        f"PostgreSQL on the same machine, locust with {users} users on loopback, {seconds} s per endpoint and mode; "
        f"load average before the run {load_before:.1f}. *Saturated*: no pause between requests (throughput), "
        + (
            f"pages by wrk ({users} connections, 2 threads; it loads the machine far less than locust), each page "
            f"in turns with the baseline on the same server (baseline, page, baseline, … in {bench_wrk.slice_seconds(seconds)} s slices, "
            "the baseline first and last) and its ratio to that baseline, the minimal app in turns with the baseline "
            "likewise; actions by locust; "
            if use_wrk
            else "by locust (wrk was not installed); "
        )
        + "p50/p95/p99 and the target: each of locust's users pauses 0.5–1.5 s between requests, as a person would (latency). "
        "Pages are served as in production, kept until anything on board changes (pms/pagecache.py); the last four "
        "columns are the same page from a second server with the kept pages off (`PAGE_CACHE_SECONDS=0`): every "
        "request rendered afresh, as the first read after a change is.",
        "",
        *table(results, baseline_rps, minimal_rps),
        "",
        f"The baseline page, with the project's whole middleware stack, serves "
        f"{baseline_rps / minimal_rps:.2f} of the requests per second of the same view in a minimal Django app "
        f"with only sessions and auth (`bench/minimal`), measured in the same run (target: at least "
        f"{MIN_MINIMAL_SHARE:.2f}).",
        "",
        f"`plan_maintenance` over the whole fleet: first run (every job already in its window) "
        f"{plan_seconds[0] if plan_seconds else 0:.1f} s, the daily run after it {plan_seconds[1] if plan_seconds else 0:.1f} s "
        f"(target: under {PLAN_TARGET_SECONDS} s).",
        "",
        import_line(imported) if imported else "",
    ]
    if only:
        print("\n".join(lines[:-4]))
        return
    print("\n".join(lines))
    write_doc(lines)


if __name__ == "__main__":
    main()

"""`make bench`'s mixed phase (half the users sign completions while the other half read pages)
and the kept pages emptied before a warm-up (bench/run.py)."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def bench_run(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    for name in ("run", "wrk"):
        sys.modules.pop(name, None)
    import run

    yield run
    for name in ("run", "wrk"):
        sys.modules.pop(name, None)


def paced(p50, p95, p99, failures=0) -> dict:
    return {"50%": str(p50), "95%": str(p95), "99%": str(p99), "Failure Count": str(failures)}


def test_each_row_of_the_mixed_phase_has_its_own_target(bench_run):
    assert bench_run.row_target_ms("pages while others sign", "mixed") == 100
    assert bench_run.row_target_ms("pages, no one signing", "mixed") == 100
    assert bench_run.row_target_ms("completion among readers preview", "mixed") == 150
    assert bench_run.row_target_ms("completion among readers execute", "mixed") == 300
    assert bench_run.row_target_ms("mark_work_order_complete execute", "action") == 300
    assert bench_run.row_target_ms("add_note_to_work_order execute", "action") == 150
    assert bench_run.row_target_ms("dashboard", "page") == 100


def test_a_mixed_row_is_met_only_within_its_target_and_without_errors(bench_run):
    met = bench_run.mixed_row("pages while others sign", paced(20, 100, 130))
    slow = bench_run.mixed_row("pages while others sign", paced(20, 101, 130))
    failed = bench_run.mixed_row("completion among readers execute", paced(80, 120, 140, failures=1))
    signed = bench_run.mixed_row("completion among readers execute", paced(80, 290, 400))

    assert met == "| pages while others sign | — | — | — | 20 | 100 | 130 | 0 | — | yes | — | — | — | — |"
    assert "| **no** |" in slow and "| **no** |" in failed
    assert "| 1 |" in failed
    assert "| yes |" in signed


def test_the_table_prints_mixed_rows_beside_the_others(bench_run):
    saturated = {"Requests/s": "400", "95%": "30", "Failure Count": "0"}
    results = [
        ("minimal django", "minimal", saturated, paced(5, 10, 20), None, 500.0),
        ("baseline", "baseline", saturated, paced(5, 12, 20), None, 400.0),
        ("pages while others sign", "mixed", None, paced(20, 180, 250), None, None),
    ]
    lines = bench_run.table(results, baseline_rps=400.0, minimal_rps=500.0)

    assert lines[-1].startswith("| pages while others sign | — |")
    assert "| 180 |" in lines[-1] and "**no**" in lines[-1]


def test_the_kept_pages_are_emptied_and_their_directory_kept(bench_run, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a.djcache", "b.djcache"):
        (pages / name).write_text("kept")

    bench_run.clear_kept_pages(pages)
    bench_run.clear_kept_pages(tmp_path / "none yet")  # a server that has kept nothing yet

    assert pages.is_dir() and list(pages.iterdir()) == []

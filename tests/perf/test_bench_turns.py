"""`make bench` measures a page in turns with the baseline (bench/wrk.py `side_by_side`): the
order of the turns and how their rows are summed. wrk itself runs only in `make bench`; here each
turn's run answers with fixed figures so the sums can be checked."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def bench_wrk(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    sys.modules.pop("wrk", None)
    import wrk

    yield wrk
    sys.modules.pop("wrk", None)


def test_the_page_runs_between_baselines_and_each_row_sums_its_own_turns(bench_wrk, monkeypatch):
    turns = []
    figures = {"page": iter([(300, 5.0, 40.0), (200, 5.0, 90.0), (250, 5.0, 60.0)])}
    figures["baseline"] = iter([(500, 5.0, 20.0), (600, 5.0, 25.0), (400, 5.0, 30.0), (500, 5.0, 22.0)])

    def run(tag, *, host, seconds, **kwargs):
        turns.append((tag, host, seconds))
        requests, took, p95 = next(figures[tag])
        return {
            "Requests/s": requests / took,
            "requests": requests,
            "seconds": took,
            "50%": p95 / 2,
            "95%": p95,
            "99%": p95 * 2,
            "Failure Count": 1 if tag == "page" else 0,
        }

    monkeypatch.setattr(bench_wrk, "run", run)
    page, baseline = bench_wrk.side_by_side("page", "http://a", "baseline", "http://b", seconds=15, cookies={})

    assert [tag for tag, *_ in turns] == ["baseline", "page", "baseline", "page", "baseline", "page", "baseline"]
    assert {host for tag, host, _ in turns if tag == "page"} == {"http://a"}
    assert {host for tag, host, _ in turns if tag == "baseline"} == {"http://b"}
    assert {seconds for *_, seconds in turns} == {5}
    assert page["requests"] == 750 and page["Requests/s"] == pytest.approx(50.0)
    assert baseline["requests"] == 2000 and baseline["Requests/s"] == pytest.approx(100.0)
    # The slowest slice's percentiles stand for the run; errors add up.
    assert (page["95%"], page["99%"], page["Failure Count"]) == (90.0, 180.0, 3)
    assert (baseline["95%"], baseline["Failure Count"]) == (30.0, 0)

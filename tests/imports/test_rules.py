"""The import format's pure rules: escaping round-trips every text, cells read as their column's
value or say why not, headers name what is wrong."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imports import cells, rules
from pms.exports import FORMULA_START


@given(st.text())
def test_unescape_gives_back_every_escaped_text(text):
    assert cells.unescape(cells.escape(text)) == text


@given(st.text(min_size=1))
def test_an_escaped_text_never_starts_like_a_formula(text):
    assert cells.escape(text)[0] not in FORMULA_START


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("'quoted", "'quoted"),
        ("ME-PS", "ME-PS"),
        ("", ""),
    ],
)
def test_escape(text, escaped):
    assert cells.escape(text) == escaped


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (rules.JOBS.column("interval_days"), "30", 30),
        (rules.JOBS.column("interval_days"), 30.0, 30),
        (rules.JOBS.column("interval_days"), "", None),
        (rules.JOBS.column("alarm_days"), "", 14),
        (rules.JOBS.column("critical"), "Yes", True),
        (rules.JOBS.column("critical"), False, False),
        (rules.JOBS.column("schedule"), "Fixed", "fixed"),
        (rules.JOBS.column("last_done_at"), "2026-09-01", datetime.date(2026, 9, 1)),
        (rules.JOBS.column("last_done_at"), datetime.datetime(2026, 9, 1, 8, 0), datetime.date(2026, 9, 1)),
        (rules.JOB_STEPS.column("min_value"), "'-5", Decimal(-5)),
        (rules.JOB_STEPS.column("min_value"), 2.5, Decimal("2.5")),
        (rules.EQUIPMENT.column("serial_number"), 12345, "12345"),
        (rules.EQUIPMENT.column("name"), "  Watermaker  ", "Watermaker"),
        (rules.COUNTERS.column("read_at"), "2026-12-01 06:00", datetime.datetime(2026, 12, 1, 6, tzinfo=datetime.UTC)),
    ],
)
def test_cells_read_as_their_columns_value(column, value, expected):
    assert column.read(value) == expected


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (rules.JOBS.column("interval_hours"), "five hundred", "not a number"),
        (rules.JOBS.column("interval_hours"), "NaN", "not a number"),
        (rules.JOBS.column("interval_days"), "30.5", "30.5 is not a whole number"),
        (rules.JOBS.column("interval_days"), "0", "0 is below 1"),
        (rules.JOBS.column("interval_days"), True, "not a number"),
        (rules.JOBS.column("critical"), "perhaps", "perhaps is not yes or no"),
        (rules.JOBS.column("title"), "", "required, but empty"),
        (rules.JOBS.column("title"), "x" * 201, "longer than 200 characters (201)"),
        (rules.JOBS.column("last_done_at"), "1 Sept", "1 Sept is not a date (YYYY-MM-DD)"),
        (rules.COUNTERS.column("default_daily_hours"), "25", "25 is above 24"),
        (rules.JOBS.column("interval_days"), cells.Formula("=30*2"), "a formula, not a value"),
    ],
)
def test_cells_that_do_not_read_say_why(column, value, reason):
    with pytest.raises(cells.CellError) as refused:
        column.read(value)
    assert str(refused.value) == reason


def test_header_problems_name_the_columns():
    assert rules.header_problems(rules.JOB_KIT, ["job_code", "part_number", "quantity"]) == []
    assert rules.header_problems(rules.JOB_KIT, ["job_code", "", "qty"]) == [
        "job_kit: column 2 has no name",
        "job_kit: missing column part_number",
        "job_kit: unknown column qty (the columns are job_code, part_number, quantity)",
    ]
    assert rules.header_name(" Interval Days ") == "interval_days"


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (rules.COUNTERS.column("default_daily_hours"), "12.55", "12.55 has more than 1 decimal place"),
        (rules.JOB_STEPS.column("min_value"), "-1e12", "-1E+12 is below -999999999"),
        (rules.JOBS.column("last_done_at"), "9999-12-31", "9999-12-31 is not a date between 1950 and 2200"),
        (rules.COUNTERS.column("read_at"), "1900-01-01T00:00", "1900-01-01T00:00 is not a date between 1950 and 2200"),
    ],
)
def test_values_the_database_or_the_due_arithmetic_could_not_hold_are_refused(column, value, reason):
    with pytest.raises(cells.CellError) as refused:
        column.read(value)
    assert str(refused.value) == reason


@given(
    st.sampled_from(list(rules.KINDS)),
    st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=8), max_size=6),
)
def test_any_csv_reads_and_plans_or_is_refused_in_words(kind, rows):
    """Whatever the cells, reading and planning end in a plan or a FileProblem, never an exception."""
    import csv
    import io

    from imports import files
    from imports.planning import plan_sheets
    from imports.selectors import Existing

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rules.KINDS[kind].column_names)
    writer.writerows(rows)
    try:
        sheets = files.read_plan(out.getvalue().encode("utf-8", "surrogatepass"), name="x.csv", kind=kind)
    except (files.FileProblem, UnicodeEncodeError):
        return
    planned = plan_sheets(sheets, Existing(), now=datetime.datetime.now(datetime.UTC))
    for row in planned.rows:
        assert row.outcome in ("create", "refused")
        assert all(p.startswith(f"row {row.row}") for p in row.problems)

"""The plan in the import format: templates with a sample row per kind, and a vessel's own plan.

What the export writes, the import reads back unchanged (`selectors.plan_rows` gives the rows in
the import's columns; `files` writes text cells escaped against formula injection, and the reader
undoes the escape). Export a vessel's plan and import it again: 0 changes.
"""

from imports import files, rules
from imports.selectors import plan_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def template_rows() -> dict[str, list[dict]]:
    return {name: [kind.sample] for name, kind in rules.KINDS.items()}


def workbook(rows_by_kind: dict[str, list[dict]]) -> bytes:
    return files.workbook_bytes([(kind, rows_by_kind.get(name, [])) for name, kind in rules.KINDS.items()])


def csv_of(kind: str, rows_by_kind: dict[str, list[dict]]) -> bytes:
    return files.csv_bytes(rules.KINDS[kind], rows_by_kind.get(kind, []))


def file_for(name: str, rows_by_kind: dict[str, list[dict]]) -> tuple[bytes, str] | None:
    """`plan.xlsx` (every kind) or `<kind>.csv`, with its content type; None for any other name."""
    if name == "plan.xlsx":
        return workbook(rows_by_kind), XLSX_TYPE
    stem, _, extension = name.rpartition(".")
    if extension == "csv" and stem in rules.KINDS:
        return csv_of(stem, rows_by_kind), CSV_TYPE
    return None


def vessel_plan(vessel) -> dict[str, list[dict]]:
    return plan_rows(vessel=vessel)

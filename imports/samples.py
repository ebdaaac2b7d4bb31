"""A small but whole plan of a motor yacht in the import format, as a workbook or CSVs:
what the browser test imports into a fresh vessel, and a file to try the import with
(`python manage.py import_plan` takes the workbook `sample_workbook()` writes)."""

from decimal import Decimal

from imports import export, rules

SAMPLE_PLAN = {
    "equipment": [
        {"code": "ME-PS", "name": "Main engine port", "location": "Engine room", "criticality": "critical"},
        # A child before its parent: the import orders them.
        {"code": "ME-PS-TC", "name": "Turbocharger, main engine port", "parent_code": "ME-PS"},
        {"code": "GEN-1", "name": "Generator 1", "location": "Engine room", "criticality": "high"},
        {"code": "WM-1", "name": "Watermaker", "location": "Engine room", "manufacturer": "Sea Recovery"},
    ],
    "parts": [
        {
            "part_number": "MTU-X00061050",
            "name": "Lube oil filter",
            "unit": "pcs",
            "minimum_quantity": 4,
            "opening_stock": 8,
        },
        {
            "part_number": "SR-PREFILTER-5",
            "name": "Watermaker prefilter 5 µm",
            "minimum_quantity": 6,
            "opening_stock": 12,
        },
        {"part_number": "=CALC-NOT-A-FORMULA", "name": "Gasket (escaped on export)", "opening_stock": 0},
    ],
    "counters": [
        {"equipment_code": "ME-PS", "default_daily_hours": Decimal(10), "reading": 4250},
        {"equipment_code": "GEN-1", "default_daily_hours": Decimal(18), "reading": 12050},
    ],
    "jobs": [
        {
            "code": "ME-PS-500H",
            "equipment_code": "ME-PS",
            "title": "Main engine port: 500-hour service",
            "interval_hours": 500,
            "interval_days": 180,
            "critical": True,
            "last_done_hours": 4000,
            "last_done_at": "2026-09-01",
        },
        {
            "code": "ME-PS-TC-1000H",
            "equipment_code": "ME-PS-TC",
            "title": "Turbocharger: clean the compressor side",
            "interval_hours": 1000,
            "last_done_hours": 3500,
        },
        {
            "code": "GEN-1-250H",
            "equipment_code": "GEN-1",
            "title": "Generator 1: 250-hour service",
            "interval_hours": 250,
        },
        {
            "code": "WM-1-MONTHLY",
            "equipment_code": "WM-1",
            "title": "Watermaker: clean and check salinity",
            "interval_days": 30,
            "last_done_at": "2026-11-20",
        },
    ],
    "job_steps": [
        {"job_code": "ME-PS-500H", "position": 1, "kind": "check", "title": "Drive belt tension and condition"},
        {
            "job_code": "ME-PS-500H",
            "position": 2,
            "kind": "measurement",
            "title": "Lube oil pressure at idle",
            "unit": "bar",
            "min_value": Decimal("2.5"),
            "max_value": Decimal("4.5"),
        },
        {
            "job_code": "WM-1-MONTHLY",
            "position": 1,
            "kind": "measurement",
            "title": "Product water salinity",
            "unit": "ppm",
            "max_value": Decimal(500),
        },
        {"job_code": "WM-1-MONTHLY", "position": 2, "kind": "text", "title": "Remarks", "mandatory": False},
    ],
    "job_kit": [
        {"job_code": "ME-PS-500H", "part_number": "MTU-X00061050", "quantity": 2},
        {"job_code": "WM-1-MONTHLY", "part_number": "SR-PREFILTER-5", "quantity": 2},
    ],
}


def sample_workbook() -> bytes:
    return export.workbook(SAMPLE_PLAN)


def sample_csv(kind: str) -> bytes:
    return export.csv_of(kind, SAMPLE_PLAN)


def sample_rows() -> int:
    return sum(len(rows) for rows in SAMPLE_PLAN.values())


assert set(SAMPLE_PLAN) == set(rules.KINDS)

"""The import format, written once: the kinds of rows, their columns and samples, and the checks of
a sheet's header (how one cell reads as its column's value is `imports.cells`).

Pure functions: the reader (`imports.files`), the planner (`imports.planning`),
the export (`imports.export`) and the templates all take their columns from `KINDS`.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from imports.cells import Column

CRITICALITIES = ("low", "medium", "high", "critical")
SCHEDULES = ("floating", "fixed")
STEP_KINDS = ("check", "measurement", "text")
SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    key: tuple[str, ...]  # the columns that name a row (unique per vessel)
    columns: tuple[Column, ...]
    sample: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def interval_percent_note() -> str:
    return "Empty: 10 % of the interval."


EQUIPMENT = Kind(
    name="equipment",
    label="Equipment",
    key=("code",),
    columns=(
        Column("code", required=True, max_length=40, description="Unique on the vessel, e.g. ME-PS."),
        Column("name", required=True, max_length=200),
        Column("parent_code", max_length=40, description="The equipment it belongs to (in the file or on board)."),
        Column("location", max_length=200),
        Column("manufacturer", max_length=100),
        Column("model", max_length=100),
        Column("serial_number", max_length=100),
        Column("criticality", type="choice", choices=CRITICALITIES, default="medium"),
    ),
    sample={
        "code": "ME-PS",
        "name": "Main engine port",
        "parent_code": "",
        "location": "Engine room",
        "manufacturer": "MTU",
        "model": "16V 2000 M96L",
        "serial_number": "5362001234",
        "criticality": "critical",
    },
)

PARTS = Kind(
    name="parts",
    label="Parts",
    key=("part_number",),
    columns=(
        Column("part_number", required=True, max_length=60),
        Column("name", required=True, max_length=200),
        Column("manufacturer", max_length=100),
        Column("category", max_length=60),
        Column("unit", max_length=20, default="pcs"),
        Column("location", max_length=100),
        Column("minimum_quantity", type="int", default=0, maximum=1_000_000),
        Column("maximum_quantity", type="int", maximum=1_000_000),
        Column(
            "opening_stock",
            type="int",
            default=0,
            maximum=1_000_000,
            description="On hand when the part is created (a ledger receipt); ignored for a part already on board.",
        ),
    ),
    sample={
        "part_number": "MTU-X00061050",
        "name": "Lube oil filter",
        "manufacturer": "MTU",
        "category": "Filters",
        "unit": "pcs",
        "location": "ER store, shelf B2",
        "minimum_quantity": 4,
        "maximum_quantity": 12,
        "opening_stock": 8,
    },
)

COUNTERS = Kind(
    name="counters",
    label="Counters",
    key=("equipment_code",),
    columns=(
        Column("equipment_code", required=True, max_length=40, description="One counter per equipment."),
        Column("name", max_length=100, default="Running hours"),
        Column("unit", max_length=10, default="h"),
        Column("default_daily_hours", type="decimal", default=Decimal(0), maximum=24, decimal_places=1),
        Column("reading", type="int", maximum=9_999_999, description="What the meter shows now, whole hours."),
        Column("read_at", type="datetime", description="When it was read (UTC); empty: at the import."),
    ),
    sample={
        "equipment_code": "ME-PS",
        "name": "Running hours",
        "unit": "h",
        "default_daily_hours": Decimal(12),
        "reading": 4250,
        "read_at": "",
    },
)

JOBS = Kind(
    name="jobs",
    label="Maintenance jobs",
    key=("code",),
    columns=(
        Column("code", required=True, max_length=40, description="Unique on the vessel, e.g. ME-PS-500H."),
        Column("equipment_code", required=True, max_length=40),
        Column("title", required=True, max_length=200),
        Column("instructions", max_length=10000),
        Column("interval_days", type="int", minimum=1, maximum=36500),
        Column("interval_hours", type="int", minimum=1, maximum=1_000_000),
        Column("schedule", type="choice", choices=SCHEDULES, default="floating"),
        Column("alarm_days", type="int", default=14, maximum=36500),
        Column("alarm_hours", type="int", maximum=1_000_000, description=interval_percent_note()),
        Column("tolerance_days", type="int", maximum=36500, description=interval_percent_note()),
        Column("tolerance_hours", type="int", maximum=1_000_000, description=interval_percent_note()),
        Column("postpone_limit_percent", type="int", default=10, maximum=100),
        Column("critical", type="bool", default=False),
        Column("class_item", type="bool", default=False),
        Column("requires_verification", type="bool", description="Empty: yes for critical and class items."),
        Column("estimated_hours", type="decimal", maximum=99999, decimal_places=1),
        Column("active", type="bool", default=True),
        Column("last_done_at", type="date", description="The baseline the first cycle counts from."),
        Column("last_done_hours", type="int", maximum=9_999_999),
    ),
    sample={
        "code": "ME-PS-500H",
        "equipment_code": "ME-PS",
        "title": "Main engine port: 500-hour service",
        "instructions": "Change lube oil and filters, change fuel filters, check valve clearances.",
        "interval_days": 180,
        "interval_hours": 500,
        "schedule": "floating",
        "alarm_days": 14,
        "alarm_hours": "",
        "tolerance_days": "",
        "tolerance_hours": "",
        "postpone_limit_percent": 10,
        "critical": True,
        "class_item": False,
        "requires_verification": True,
        "estimated_hours": Decimal(6),
        "active": True,
        "last_done_at": "2026-09-01",
        "last_done_hours": 4000,
    },
)

JOB_STEPS = Kind(
    name="job_steps",
    label="Job steps",
    key=("job_code", "position"),
    columns=(
        Column("job_code", required=True, max_length=40),
        Column("position", type="int", required=True, minimum=1, maximum=1000),
        Column("kind", type="choice", choices=STEP_KINDS, default="check"),
        Column("title", required=True, max_length=200),
        Column("unit", max_length=20),
        Column("min_value", type="decimal", minimum=-999_999_999, maximum=999_999_999),
        Column("max_value", type="decimal", minimum=-999_999_999, maximum=999_999_999),
        Column("mandatory", type="bool", default=True),
        Column("fault_severity", type="choice", choices=SEVERITIES, default=""),
    ),
    sample={
        "job_code": "ME-PS-500H",
        "position": 1,
        "kind": "measurement",
        "title": "Lube oil pressure at idle",
        "unit": "bar",
        "min_value": Decimal("2.5"),
        "max_value": Decimal("4.5"),
        "mandatory": True,
        "fault_severity": "",
    },
)

JOB_KIT = Kind(
    name="job_kit",
    label="Job parts kits",
    key=("job_code", "part_number"),
    columns=(
        Column("job_code", required=True, max_length=40),
        Column("part_number", required=True, max_length=60),
        Column("quantity", type="int", default=1, minimum=1, maximum=1_000_000),
    ),
    sample={"job_code": "ME-PS-500H", "part_number": "MTU-X00061050", "quantity": 2},
)

# In the order an import applies them: what a row refers to comes first.
KINDS = {kind.name: kind for kind in (EQUIPMENT, PARTS, COUNTERS, JOBS, JOB_STEPS, JOB_KIT)}


def header_problems(kind: Kind, header: list[str]) -> list[str]:
    """What is wrong with a sheet's header row: missing required columns, unknown or repeated ones."""
    problems = []
    known = set(kind.column_names)
    missing = [name for name in kind.required if name not in header]
    unknown = [name for name in header if name and name not in known]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    unnamed = [str(n + 1) for n, name in enumerate(header) if not name]
    if unnamed:
        problems.append(
            f"{kind.name}: column{'s' if len(unnamed) > 1 else ''} {', '.join(unnamed)} ha{'ve' if len(unnamed) > 1 else 's'} no name"
        )
    if missing:
        problems.append(f"{kind.name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if unknown:
        problems.append(
            f"{kind.name}: unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"(the columns are {', '.join(kind.column_names)})"
        )
    if repeated:
        problems.append(f"{kind.name}: column{'s' if len(repeated) > 1 else ''} {', '.join(repeated)} given twice")
    return problems


def header_name(value) -> str:
    """A header cell as a column name: trimmed, lower case, spaces as underscores."""
    if value is None:
        return ""
    return re.sub(r"\s+", "_", str(value).strip().lower())


def counter_reading_refusal(*, reading: int, current: int | None) -> str | None:
    """A counter's reading in a plan: equal to the meter is unchanged, higher a new reading, lower refused."""
    if current is not None and reading < current:
        return f"{reading:,} is below the meter's current {current:,}; a counter never goes down"
    return None

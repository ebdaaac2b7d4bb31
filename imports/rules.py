"""The import format, written once: the kinds, their columns, how a cell reads as a value, and the
escaping that keeps an exported cell from being run as a formula.

Pure functions of cell values: the reader (`imports.files`), the planner (`imports.planning`),
the export (`imports.export`) and the templates all take their columns from `KINDS`.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone

# A leading character a spreadsheet would run as a formula (or that starts a DDE payload).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}

CRITICALITIES = ("low", "medium", "high", "critical")
SCHEDULES = ("floating", "fixed")
STEP_KINDS = ("check", "measurement", "text")
SEVERITIES = ("low", "medium", "high", "critical")


class CellError(Exception):
    """A cell that does not read as its column's value: the words after "row N, column: "."""


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell holding a formula: refused, never evaluated."""

    text: str


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"  # text, int, decimal, bool, choice, date, datetime
    required: bool = False  # the column must be in the file and the cell filled
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    default: object = None  # an empty cell: this value ("" for text)
    minimum: int | None = 0
    maximum: int | None = None
    decimal_places: int = 3
    description: str = ""

    def read(self, value):
        """The cell's value for this column, or CellError."""
        if isinstance(value, Formula):
            raise CellError("a formula, not a value")
        if isinstance(value, str):
            value = unescape(value.strip())
        if value is None or value == "":
            if self.required:
                raise CellError("required, but empty")
            return "" if self.type == "text" and self.default is None else self.default
        return READERS[self.type](self, value)


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


def _text(column: Column, value) -> str:
    if isinstance(value, bool):
        raise CellError("text expected, not yes/no")
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if column.max_length and len(text) > column.max_length:
        raise CellError(f"longer than {column.max_length} characters ({len(text)})")
    return text


def _int(column: Column, value) -> int:
    if isinstance(value, bool):
        raise CellError("not a number")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"{value:g} is not a whole number")
        value = int(value)
    if isinstance(value, str):
        if not re.fullmatch(r"[+-]?\d+", value):
            try:
                number = Decimal(value)
            except InvalidOperation:
                raise CellError("not a number") from None
            if not number.is_finite():
                raise CellError("not a number")
            raise CellError(f"{value} is not a whole number")
        value = int(value)
    if not isinstance(value, int):
        raise CellError("not a number")
    if column.minimum is not None and value < column.minimum:
        raise CellError(f"{value} is below {column.minimum}")
    if column.maximum is not None and value > column.maximum:
        raise CellError(f"{value} is above {column.maximum:,}")
    return value


def _decimal(column: Column, value) -> Decimal:
    if isinstance(value, bool):
        raise CellError("not a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError("not a number") from None
    if not number.is_finite():
        raise CellError("not a number")
    if number != number.quantize(Decimal(1).scaleb(-column.decimal_places), rounding="ROUND_DOWN"):
        places = column.decimal_places
        raise CellError(f"{value} has more than {places} decimal place{'s' if places != 1 else ''}")
    if column.minimum is not None and number < column.minimum:
        raise CellError(f"{number} is below {column.minimum}")
    if column.maximum is not None and number > column.maximum:
        raise CellError(f"{number} is above {column.maximum}")
    return number.normalize() if number == number.to_integral_value() else number


def _bool(column: Column, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"{value} is not yes or no")


def _choice(column: Column, value) -> str:
    text = str(value).strip().lower()
    if text not in column.choices:
        raise CellError(f"{value} is not one of {', '.join(column.choices)}")
    return text


# Dates a plan may hold: anything outside is a typo, and keeps the due arithmetic far from its limits.
EARLIEST_YEAR, LATEST_YEAR = 1950, 2200


def _in_range(day: datetime.date, value) -> None:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise CellError(f"{value} is not a date between {EARLIEST_YEAR} and {LATEST_YEAR}")


def _date(column: Column, value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise CellError(f"{value} is not a date (YYYY-MM-DD)") from None
    _in_range(day, value)
    return day


def _datetime(column: Column, value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise CellError(f"{value} is not a date and time (YYYY-MM-DD HH:MM, UTC unless it says)") from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    _in_range(moment.date(), value)
    return moment


READERS = {
    "text": _text,
    "int": _int,
    "decimal": _decimal,
    "bool": _bool,
    "choice": _choice,
    "date": _date,
    "datetime": _datetime,
}


def escape(value: str) -> str:
    """An exported text cell that a spreadsheet would run as a formula gets a leading apostrophe;
    so does one that already starts with an apostrophe before such a character, so `unescape`
    gives every value back exactly."""
    if value and (value[0] in FORMULA_STARTS or (value[0] == ESCAPE and value[1:2] in (*FORMULA_STARTS, ESCAPE))):
        return ESCAPE + value
    return value


def unescape(value: str) -> str:
    """The value an exported (escaped) cell stands for."""
    if value[:1] == ESCAPE and value[1:2] in (*FORMULA_STARTS, ESCAPE) and value[1:2] != "":
        return value[1:]
    return value


def cell_text(value) -> str:
    """How a value is written in an export or a template: yes/no, ISO dates, plain numbers, escaped text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 4.500 → "4.5", 5E+2 → "500"
    return escape(str(value))


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

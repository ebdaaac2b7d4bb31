"""How a spreadsheet cell reads as a column's value, and how a value is written back.

A column (`Column`) names its type and limits; `Column.read` turns a cell (text, a number, a date,
a `Formula`) into the value or raises `CellError` with the words a row report shows. Exported text
that a spreadsheet would run as a formula is escaped (`escape`, on top of the kernel's
`pms.exports.escape_formula`), and `unescape` gives it back exactly, so a plan's export imports
back unchanged. Pure functions; the kinds of rows and their columns are in `imports.rules`.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from pms.exports import FORMULA_START, escape_formula

ESCAPE = "'"

YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


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
    if value[:1] == ESCAPE and value[1:2] in (*FORMULA_START, ESCAPE):
        return ESCAPE + value
    return escape_formula(value)


def unescape(value: str) -> str:
    """The value an exported (escaped) cell stands for."""
    if value[:1] == ESCAPE and value[1:2] in (*FORMULA_START, ESCAPE) and value[1:2] != "":
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

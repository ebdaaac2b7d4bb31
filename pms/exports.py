"""Every list page downloads what it shows, with its filters, as CSV or XLSX (DESIGN §11).

A list declares its columns (`Column`: a header and how to read the value from a row); the
same URL with `?export=csv` or `?export=xlsx` answers with a file of the rows the page would
list, every page of them, in the page's order. Rows are read with `.iterator(chunk_size=…)`
(a chunk at a time, each chunk optionally completed by one bounded read, `prepare`), so a big
list neither sits in memory nor costs a query per row.

- CSV: UTF-8 with a byte-order mark (so a spreadsheet opens it as UTF-8), streamed row by row.
- XLSX: openpyxl in write-only mode into a temporary file, then streamed; numbers, dates and
  times are typed cells, every text is a text cell.
- Formula injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
  is written with a leading `'` in CSV; in XLSX every text is stored as text (never a formula).
- Moments are UTC: `2026-12-07T10:15:00Z` in CSV, a date-time cell in XLSX.
"""

import csv
import datetime
import decimal
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (openpyxl refuses them): control characters but tab and newlines.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """One column of an export: its header and the row's value (an attribute path or a callable)."""

    header: str
    value: str | Callable

    def of(self, row):
        if callable(self.value):
            return self.value(row)
        value = row
        for name in self.value.split("."):
            value = getattr(value, name, None)
            if value is None:
                return None
        return value


def choice(field: str) -> Callable:
    """The label of a choice field: `choice("status")` reads `row.get_status_display()`."""
    return lambda row: getattr(row, f"get_{field}_display")()


def person(path: str) -> Callable:
    """A user's printed name at `path` ("assignee"), or None."""
    column = Column("", path)

    def value(row):
        user = column.of(row)
        return user.printed_name if user is not None else None

    return value


class ExportRefused(Exception):
    """An export asked for in a way we cannot answer (an unknown format): a 400, never a 500."""

    def __init__(self, message: str, *, field: str = "export"):
        super().__init__(message)
        self.message, self.field = message, field


def requested_format(request) -> str | None:
    """The format `?export=` asks for, None when none is asked; ExportRefused for anything else."""
    if "export" not in request.GET:
        return None
    wanted = request.GET.get("export", "").strip().lower()
    if wanted not in FORMATS:
        raise ExportRefused(f"Unknown export format {wanted[:20]!r}: use csv or xlsx.")
    return wanted


def refused_response(error: ExportRefused):
    from pms.actions.api import error_response  # the JSON error envelope of the contract
    from pms.actions.base import ActionError

    return error_response(ActionError("VALIDATION_ERROR", error.message, field=error.field))


def filename(name: str, *, vessel, fmt: str, today: datetime.date | None = None) -> str:
    """'work-orders-AURORA-2026-12-07.csv'."""
    today = today or timezone.localdate()
    parts = [name, getattr(vessel, "code", None), today.isoformat()]
    safe = "-".join(re.sub(r"[^A-Za-z0-9_.]+", "-", str(p)).strip("-") for p in parts if p)
    return f"{safe}.{fmt}"


def rows_of(rows, *, prepare: Callable | None = None, chunk_size: int | None = None) -> Iterator:
    """The rows a chunk at a time (`.iterator` for a queryset), each chunk through `prepare`."""
    chunk_size = chunk_size or CHUNK_SIZE
    source = rows.iterator(chunk_size=chunk_size) if isinstance(rows, QuerySet) else iter(rows)
    while chunk := list(islice(source, chunk_size)):
        yield from (prepare(chunk) if prepare is not None else chunk)


# --- CSV -------------------------------------------------------------------------------------


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    return escape_formula(str(value))


def escape_formula(text: str) -> str:
    """A text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(columns: list[Column], rows: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([escape_formula(c.header) for c in columns])
    for row in rows:
        yield writer.writerow([csv_text(c.of(row)) for c in columns])


# --- XLSX ------------------------------------------------------------------------------------


def xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value.replace(microsecond=0))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if value is None or isinstance(value, int | float | decimal.Decimal):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=XLSX_ILLEGAL.sub("", str(value)))
    cell.data_type = "s"  # text stays text: "=SUM(…)" is shown, never run
    return cell


def xlsx_file(columns: list[Column], rows: Iterable, *, title: str):
    """A temporary file (deleted when closed) holding the workbook, at its start."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Export")
    sheet.append([xlsx_cell(sheet, c.header) for c in columns])
    for row in rows:
        sheet.append([xlsx_cell(sheet, c.of(row)) for c in columns])
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  (the response closes it, which deletes it)
    workbook.save(out)
    out.seek(0)
    return out


# --- The response ----------------------------------------------------------------------------


def export_response(*, fmt: str, name: str, vessel, columns: list[Column], rows, prepare=None, title: str = ""):
    """The file of `rows` in `fmt` ("csv" or "xlsx"), as an attachment named after the list and vessel."""
    name_of_file = filename(name, vessel=vessel, fmt=fmt)
    rows = rows_of(rows, prepare=prepare)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(columns, rows), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{name_of_file}"'
        return response
    out = xlsx_file(columns, rows, title=title or name)
    return FileResponse(out, as_attachment=True, filename=name_of_file, content_type=CONTENT_TYPES["xlsx"])


class ExportMixin:
    """A list view that also downloads its rows: `?export=csv|xlsx` on the same URL, filters kept.

    Declare `export_name` ("work-orders", or `get_export_name()`) and `export_columns`; `export_rows()` defaults to the
    view's `get_queryset()`, and `export_prepare(chunk)` may complete a chunk of rows in one read.
    """

    export_name = ""
    export_columns: tuple[Column, ...] = ()
    export_title = ""

    def get_export_name(self) -> str:
        return self.export_name

    def export_rows(self):
        return self.get_queryset()

    def export_prepare(self, chunk: list) -> list:
        return chunk

    def export_vessel(self):
        return self.request.vessel

    def get(self, request, *args, **kwargs):
        if self.export_columns and "export" in request.GET:
            try:
                fmt = requested_format(request)
            except ExportRefused as error:
                return refused_response(error)
            if self.export_vessel() is None:
                raise Http404("No vessel.")
            return export_response(
                fmt=fmt,
                name=self.get_export_name(),
                vessel=self.export_vessel(),
                columns=list(self.export_columns),
                rows=self.export_rows(),
                prepare=self.export_prepare,
                title=self.export_title or self.export_name,
            )
        return super().get(request, *args, **kwargs)

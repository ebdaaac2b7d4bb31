"""Reading a plan file (CSV or XLSX) into sheets of raw rows, and writing one.

A CSV holds one kind (named by the import's `kind`, else by the file's name); a workbook holds a
sheet per kind, each named like its kind. Nothing here knows the database: a problem with the
file as a whole (not UTF-8, not a workbook, no rows, wrong columns) is a `FileProblem`; a problem
with one cell is left to the planner, which reports it on its row.

XLSX is read with openpyxl in read-only mode and formulas are never evaluated: a formula cell
is kept as a `cells.Formula`, which the planner refuses ("a formula, not a value").
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from imports import cells, rules

# More rows than this in one file is refused (a plan of a large yacht is a few thousand).
MAX_ROWS = 50_000
CSV, XLSX = "csv", "xlsx"


class FileProblem(Exception):
    """The file cannot be read as a plan; `problems` says why, each in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Sheet:
    kind: rules.Kind
    header: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number in the file, column → cell)


def file_format(name: str, content: bytes) -> str:
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        return XLSX
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return CSV
    return XLSX if content[:4] == b"PK\x03\x04" else CSV


def kind_from_name(name: str) -> str:
    """A CSV named like its kind ("job_steps.csv", "plan-jobs.csv") says what it holds."""
    stem = (name or "").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower().replace("-", "_").replace(" ", "_")
    for kind in sorted(rules.KINDS, key=len, reverse=True):
        if stem == kind or stem.endswith("_" + kind):
            return kind
    return ""


def read_plan(content: bytes, *, name: str, kind: str = "") -> list[Sheet]:
    """The sheets of a plan file, in the order an import applies them. Raises FileProblem."""
    if not content.strip():
        raise FileProblem(["The file is empty."])
    if file_format(name, content) == XLSX:
        sheets = read_workbook(content, kind=kind)
    else:
        kind = kind or kind_from_name(name)
        if not kind:
            raise FileProblem([f"Say which kind of rows this CSV holds ({', '.join(rules.KINDS)})."])
        sheets = [read_csv(content, kind=rules.KINDS[kind])]
    if not any(sheet.rows for sheet in sheets):
        raise FileProblem(["The file has no rows below its header."])
    if sum(len(sheet.rows) for sheet in sheets) > MAX_ROWS:
        raise FileProblem([f"The file has more than {MAX_ROWS:,} rows; split it."])
    order = list(rules.KINDS)
    return sorted(sheets, key=lambda sheet: order.index(sheet.kind.name))


def _header(cells, kind: rules.Kind) -> list[str]:
    header = [rules.header_name(c) for c in cells]
    while header and not header[-1]:
        header.pop()
    problems = rules.header_problems(kind, header)
    if problems:
        raise FileProblem(problems)
    return header


def _blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_csv(content: bytes, *, kind: rules.Kind) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise FileProblem([f"Line {line} is not UTF-8 text: save the file as “CSV UTF-8” and send it again."]) from None
    if "\x00" in text:
        raise FileProblem(["This is not a CSV text file."])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_cells = next(reader, None)
        if header_cells is None:
            raise FileProblem(["The file is empty."])
        header = _header(header_cells, kind)
        sheet = Sheet(kind=kind, header=header)
        start = reader.line_num + 1
        for cells in reader:
            if len(sheet.rows) > MAX_ROWS:
                break
            if not _blank(cells):
                if len(cells) > len(header) and not _blank(cells[len(header) :]):
                    extra = len(cells) - len(header)
                    sheet.rows.append((start, {"": f"{extra} cell(s) beyond the last column"}))
                else:
                    sheet.rows.append((start, dict(zip(header, cells, strict=False))))
            start = reader.line_num + 1
    except csv.Error as error:
        raise FileProblem([f"Line {reader.line_num}: not valid CSV ({error})."]) from None
    return sheet


def read_workbook(content: bytes, *, kind: str = "") -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as error:
        raise FileProblem(
            [f"This is not a readable XLSX workbook ({type(error).__name__}).".replace(" ()", "")]
        ) from None
    except Exception:  # openpyxl's own InvalidFileException and friends
        raise FileProblem(["This is not a readable XLSX workbook."]) from None
    try:
        names = list(workbook.sheetnames)
        if kind and kind in names:
            chosen = [(kind, kind)]
        elif kind and len(names) == 1:
            chosen = [(names[0], kind)]
        elif kind:
            raise FileProblem([f"The workbook has no sheet named {kind} (its sheets: {', '.join(names)})."])
        else:
            unknown = [n for n in names if rules.header_name(n) not in rules.KINDS]
            if unknown:
                raise FileProblem(
                    [
                        f"Sheet{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: name each sheet after "
                        f"its kind ({', '.join(rules.KINDS)})."
                    ]
                )
            chosen = [(n, rules.header_name(n)) for n in names]
            kinds = [k for _, k in chosen]
            twice = sorted({k for k in kinds if kinds.count(k) > 1})
            if twice:
                raise FileProblem([f"Two sheets for {', '.join(twice)}."])
        return [_read_sheet(workbook[sheet_name], rules.KINDS[kind_name]) for sheet_name, kind_name in chosen]
    except FileProblem:
        raise
    except Exception:  # the sheets are parsed lazily, while they are read: a broken one fails here
        raise FileProblem(["This workbook could not be read to the end (a damaged or unusual XLSX file)."]) from None
    finally:
        workbook.close()


def _cell_value(cell):
    if cell.data_type == "f":
        return cells.Formula(str(cell.value))
    return cell.value


# A sheet may declare any size; only this many columns are read, and this many rows looked at.
MAX_COLUMNS = 60
MAX_SHEET_ROWS = 2 * MAX_ROWS


def _read_sheet(worksheet, kind: rules.Kind) -> Sheet:
    header_cells, header_row = None, 0
    for row_cells in worksheet.iter_rows(min_row=1, max_row=100, max_col=MAX_COLUMNS):
        values = [c.value for c in row_cells]
        header_row += 1
        if not _blank(values):
            header_cells = values
            break
    if header_cells is None:
        raise FileProblem([f"{kind.name}: the sheet is empty."])
    header = _header(header_cells, kind)
    sheet = Sheet(kind=kind, header=header)
    number = None
    rows = worksheet.iter_rows(
        min_row=header_row + 1, max_row=header_row + MAX_SHEET_ROWS, max_col=min(MAX_COLUMNS, len(header) + 10)
    )
    for row_cells in rows:
        number = next((c.row for c in row_cells if getattr(c, "row", None)), None)
        values = [_cell_value(c) for c in row_cells]
        if _blank(values) or number is None:
            continue
        if len(sheet.rows) > MAX_ROWS:
            break
        if len(values) > len(header) and not _blank(values[len(header) :]):
            sheet.rows.append((number, {"": f"{len(values) - len(header)} cell(s) beyond the last column"}))
            continue
        sheet.rows.append((number, dict(zip(header, values, strict=False))))
    return sheet


# --- writing ------------------------------------------------------------------------------


def csv_bytes(kind: rules.Kind, rows: list[dict]) -> bytes:
    """A CSV of `rows` (column → value) in the kind's columns, UTF-8 with a BOM (spreadsheets read it so)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(kind.column_names)
    for row in rows:
        writer.writerow([cells.cell_text(row.get(name)) for name in kind.column_names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def workbook_bytes(sheets: list[tuple[rules.Kind, list[dict]]]) -> bytes:
    """A workbook with a sheet per kind. Text cells are stored as text (never a formula) and escaped."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for kind, rows in sheets:
        worksheet = workbook.create_sheet(kind.name)
        header = []
        for name in kind.column_names:
            cell = WriteOnlyCell(worksheet, value=name)
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for row in rows:
            worksheet.append([_written_cell(worksheet, kind.column(name), row.get(name)) for name in kind.column_names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _written_cell(worksheet, column: cells.Column, value):
    from openpyxl.cell import WriteOnlyCell

    if column.type in ("int", "decimal") and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = int(value) if value == int(value) else float(value)
        return WriteOnlyCell(worksheet, value=number)
    text = cells.cell_text(value)
    cell = WriteOnlyCell(worksheet, value=text if text else None)
    if text:
        cell.data_type = "s"  # text stays text: a leading "=" is never a formula
    return cell

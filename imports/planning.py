"""What importing a plan file would do, row by row: create, update, unchanged or refused.

Reads only. Every row is checked against the file itself (duplicates, codes defined further
down) and the vessel's rows, read once per kind (`selectors.existing_rows`), so a plan of
thousands of rows is planned in a handful of queries. The rules of the other modules are
asked, not copied: the counter rules for a new reading, the maintenance rule for intervals.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from counters import rules as counter_rules
from counters.selectors import latest_point
from imports import cells, rules
from imports.files import Sheet
from imports.selectors import Existing
from maintenance import rules as maintenance_rules
from pms.actions.base import ActionError

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
OUTCOMES = (CREATE, UPDATE, UNCHANGED, REFUSED)


@dataclass
class RowPlan:
    kind: str
    row: int
    key: str
    values: dict  # column → value as read (only the file's columns)
    instance: object = None  # the vessel's existing row, if any
    changes: list = field(default_factory=list)  # (field, from, to)
    problems: list = field(default_factory=list)  # "row 14, interval_hours: not a number"
    fields: dict = field(default_factory=dict)  # model field → value the row sets
    duplicate: bool = False  # its key is on an earlier row too
    reading: int | None = None  # counters: a new reading to record
    read_at: datetime.datetime | None = None

    @property
    def outcome(self) -> str:
        if self.problems:
            return REFUSED
        if self.instance is None:
            return CREATE
        return UPDATE if self.changes else UNCHANGED

    def refuse(self, column: str, reason: str) -> None:
        self.problems.append(f"row {self.row}, {column}: {reason}" if column else f"row {self.row}: {reason}")

    def has(self, column: str) -> bool:
        return column in self.values


@dataclass
class ImportPlan:
    rows: list[RowPlan]

    def of(self, kind: str) -> list[RowPlan]:
        return [r for r in self.rows if r.kind == kind]

    @property
    def counts(self) -> dict:
        counts = {outcome: 0 for outcome in OUTCOMES}
        for row in self.rows:
            counts[row.outcome] += 1
        counts["changes"] = counts[CREATE] + counts[UPDATE]
        counts["rows"] = len(self.rows)
        return counts

    @property
    def refused(self) -> list[RowPlan]:
        return [r for r in self.rows if r.problems]

    def report(self) -> dict:
        return {"counts": self.counts, "rows": [row_report(r) for r in self.rows]}


def jsonable(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return cells.cell_text(value)
    return value


def shown(value) -> str:
    """A value as the row report writes it: yes/no, plain numbers, — for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def row_report(row: RowPlan) -> dict:
    return {
        "kind": row.kind,
        "kind_label": rules.KINDS[row.kind].label,
        "row": row.row,
        "key": row.key,
        "outcome": row.outcome,
        "problems": row.problems,
        "changes": [
            {
                "field": f,
                "from": jsonable(old),
                "to": jsonable(new),
                "from_text": shown(jsonable(old)),
                "to_text": shown(jsonable(new)),
            }
            for f, old, new in row.changes
        ],
    }


def summary(counts: dict) -> str:
    """ "3 changes: 2 to create, 1 to update, 40 unchanged, 0 refused" """
    changes = counts["changes"]
    return (
        f"{changes} change{'s' if changes != 1 else ''}: {counts[CREATE]} to create, {counts[UPDATE]} to update, "
        f"{counts[UNCHANGED]} unchanged, {counts[REFUSED]} refused"
    )


# --- reading the rows ------------------------------------------------------------------------


def read_rows(sheet: Sheet) -> list[RowPlan]:
    """Each row's cells read by its columns; a cell that does not read is a problem of its row."""
    kind = sheet.kind
    planned, seen = [], {}
    for number, raw_values in sheet.rows:
        values, problems = {}, []
        for name, raw in raw_values.items():
            if name == "":
                problems.append(f"row {number}: {raw}")
                continue
            try:
                values[name] = kind.column(name).read(raw)
            except cells.CellError as error:
                problems.append(f"row {number}, {name}: {error}")
        key_values = [values.get(k) for k in kind.key]
        key = " / ".join("" if v is None else str(v) for v in key_values)
        row = RowPlan(kind=kind.name, row=number, key=key, values=values, problems=problems)
        if all(v not in (None, "") for v in key_values):
            identity = tuple(key_values)
            if identity in seen:
                row.duplicate = True
                row.refuse(kind.key[0], f"{key} is also on row {seen[identity]}")
            else:
                seen[identity] = number
        planned.append(row)
    return planned


def _compare(row: RowPlan, instance, fields: dict) -> None:
    """The changes of `fields` (model field → new value) against `instance` (None: a new row)."""
    row.fields.update(fields)
    for name, new in fields.items():
        old = None if instance is None else getattr(instance, name)
        if instance is None:
            if new not in (None, "") and new is not False:
                row.changes.append((name, None, new))
        elif not _same(old, new):
            row.changes.append((name, old, new))


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        if old is None or new is None:
            return old is None and new is None
        return Decimal(old) == Decimal(new)
    if old in (None, "") and new in (None, ""):
        return True
    return old == new


def _present(row: RowPlan, names) -> dict:
    """The model fields the file gives for this row (a column left out of the file changes nothing)."""
    return {name: row.values[name] for name in names if row.has(name)}


# --- planning each kind ---------------------------------------------------------------------

EQUIPMENT_FIELDS = ("name", "location", "manufacturer", "model", "serial_number", "criticality")
PART_FIELDS = ("name", "manufacturer", "category", "unit", "location", "minimum_quantity", "maximum_quantity")
COUNTER_FIELDS = ("name", "unit", "default_daily_hours")
JOB_FIELDS = (
    "title",
    "instructions",
    "interval_days",
    "interval_hours",
    "schedule",
    "alarm_days",
    "alarm_hours",
    "tolerance_days",
    "tolerance_hours",
    "postpone_limit_percent",
    "critical",
    "class_item",
    "requires_verification",
    "estimated_hours",
    "active",
    "last_done_at",
    "last_done_hours",
)
STEP_FIELDS = ("kind", "title", "unit", "min_value", "max_value", "mandatory", "fault_severity")


class Context:
    """What the rows of one file know of each other and of the vessel."""

    def __init__(self, existing: Existing, rows: list[RowPlan], *, now):
        self.existing, self.now = existing, now
        self.file = {kind: {} for kind in rules.KINDS}
        for row in rows:
            if row.key and not row.duplicate:
                self.file[row.kind][row.key] = row
        # The hierarchy as it would be: the vessel's, with the file's parents laid over it.
        self.parent = {code: existing.equipment_code_of.get(e.parent_id, "") for code, e in existing.equipment.items()}
        for code, row in self.file["equipment"].items():
            if row.has("parent_code") or code not in self.parent:
                self.parent[code] = row.values.get("parent_code") or ""
        self.counted = set(existing.counters) | set(self.file["counters"])

    def equipment_code(self, code: str) -> str | None:
        """The code if the vessel or the file has such equipment, else None (codes are exact)."""
        return code if code in self.file["equipment"] or code in self.existing.equipment else None

    def has_counter(self, code: str) -> bool:
        """A counter on the equipment or one of its ancestors (in the file or on board)."""
        seen, current = set(), code
        while current and current not in seen:
            if current in self.counted:
                return True
            seen.add(current)
            current = self.parent.get(current, "")
        return False

    def is_job(self, code: str) -> bool:
        return code in self.file["jobs"] or code in self.existing.jobs

    def is_part(self, number: str) -> bool:
        return number in self.file["parts"] or number in self.existing.parts


def _plan_equipment(row: RowPlan, ctx: Context) -> None:
    code = row.values.get("code")
    if not code:
        return
    row.instance = ctx.existing.equipment.get(code)
    if row.has("parent_code"):
        parent = row.values["parent_code"]
        if parent:
            if parent == code:
                row.refuse("parent_code", f"{parent} is the equipment itself")
            elif ctx.equipment_code(parent) is None:
                row.refuse("parent_code", f"{parent}: no such equipment")
            else:
                seen, current = {code}, parent
                while current:
                    if current in seen:
                        row.refuse("parent_code", f"{parent}: would make {code} part of itself")
                        break
                    seen.add(current)
                    current = ctx.parent.get(current, "")
        old_parent = None if row.instance is None else ctx.existing.equipment_code_of.get(row.instance.parent_id)
        new_parent = ctx.equipment_code(parent) if parent else None
        if not _same(old_parent, new_parent) and not row.problems:
            row.changes.append(("parent", old_parent, new_parent))
    _compare(row, row.instance, _present(row, EQUIPMENT_FIELDS))
    if row.instance is None and not row.has("criticality"):
        row.changes.append(("criticality", None, "medium"))


def _plan_part(row: RowPlan, ctx: Context) -> None:
    number = row.values.get("part_number")
    if not number:
        return
    row.instance = ctx.existing.parts.get(number)
    minimum = row.values.get("minimum_quantity", getattr(row.instance, "minimum_quantity", 0))
    maximum = row.values.get("maximum_quantity", getattr(row.instance, "maximum_quantity", None))
    if maximum is not None and minimum is not None and maximum < minimum:
        row.refuse("maximum_quantity", f"{maximum} is below the minimum, {minimum}")
    _compare(row, row.instance, _present(row, PART_FIELDS))
    if row.instance is None and row.values.get("opening_stock"):
        row.changes.append(("quantity_on_hand", 0, row.values["opening_stock"]))


def _plan_counter(row: RowPlan, ctx: Context) -> None:
    code = row.values.get("equipment_code")
    if not code:
        return
    known = ctx.equipment_code(code)
    if known is None:
        row.refuse("equipment_code", f"{code}: no such equipment")
        return
    row.instance = ctx.existing.counters.get(known)
    _compare(row, row.instance, _present(row, COUNTER_FIELDS))
    reading = row.values.get("reading")
    if reading is None:
        return
    read_at = row.values.get("read_at") or ctx.now
    counter = row.instance
    current = None if counter is None else counter.meter_value
    if current is not None and reading == current:
        return
    refusal = rules.counter_reading_refusal(reading=reading, current=current)
    if refusal:
        row.refuse("reading", refusal)
        return
    try:
        if counter is None or counter.last_read_at is None:
            counter_rules.check_read_at(read_at, now=ctx.now)
        else:
            if read_at < counter.last_read_at:
                raise ActionError(
                    "VALIDATION_ERROR",
                    f"read_at: before the counter's latest reading ({counter.last_read_at:%Y-%m-%d %H:%M} UTC)",
                )
            counter_rules.check_reading(
                total=reading + counter.offset, read_at=read_at, before=latest_point(counter), after=None, now=ctx.now
            )
    except ActionError as error:
        column, _, reason = error.message.partition(": ")
        row.refuse(column if reason else "reading", reason or error.message)
        return
    row.reading, row.read_at = reading, read_at
    row.changes.append(("meter_value", current, reading))


def _plan_job(row: RowPlan, ctx: Context) -> None:
    code = row.values.get("code")
    if not code:
        return
    row.instance = job = ctx.existing.jobs.get(code)
    equipment_code = row.values.get("equipment_code")
    if equipment_code:
        known = ctx.equipment_code(equipment_code)
        if known is None:
            row.refuse("equipment_code", f"{equipment_code}: no such equipment")
        else:
            old = None if job is None else job.equipment.code
            if old != known:
                row.changes.append(("equipment", old, known))
            has_counter = ctx.has_counter(known)
            days = row.values["interval_days"] if row.has("interval_days") else getattr(job, "interval_days", None)
            hours = row.values["interval_hours"] if row.has("interval_hours") else getattr(job, "interval_hours", None)
            refusal = maintenance_rules.interval_refusal(
                interval_days=days, interval_hours=hours, has_counter=has_counter
            )
            if refusal:
                row.refuse("interval_hours" if hours else "interval_days", refusal)
    fields = _present(row, JOB_FIELDS)
    if fields.get("requires_verification") is None and (row.has("requires_verification") or job is None):
        critical = row.values.get("critical", getattr(job, "critical", False))
        class_item = row.values.get("class_item", getattr(job, "class_item", False))
        fields["requires_verification"] = bool(critical or class_item)
    if job is None:
        for name in ("schedule", "alarm_days", "postpone_limit_percent", "active"):
            fields.setdefault(name, rules.JOBS.column(name).default)
    _compare(row, job, fields)


def _plan_step(row: RowPlan, ctx: Context) -> None:
    job_code, position = row.values.get("job_code"), row.values.get("position")
    if not job_code or position is None:
        return
    if not ctx.is_job(job_code):
        row.refuse("job_code", f"{job_code}: no such job")
        return
    row.instance = step = ctx.existing.steps.get((job_code, position))
    low = row.values["min_value"] if row.has("min_value") else getattr(step, "min_value", None)
    high = row.values["max_value"] if row.has("max_value") else getattr(step, "max_value", None)
    if low is not None and high is not None and high < low:
        row.refuse("max_value", f"{cells.cell_text(high)} is below min_value {cells.cell_text(low)}")
    fields = _present(row, STEP_FIELDS)
    if step is None:
        fields.setdefault("kind", "check")
        fields.setdefault("mandatory", True)
    _compare(row, step, fields)


def _plan_kit_line(row: RowPlan, ctx: Context) -> None:
    job_code, number = row.values.get("job_code"), row.values.get("part_number")
    if not job_code or not number:
        return
    if not ctx.is_job(job_code):
        row.refuse("job_code", f"{job_code}: no such job")
    if not ctx.is_part(number):
        row.refuse("part_number", f"{number}: no such part")
    if row.problems:
        return
    row.instance = ctx.existing.kit.get((job_code, number))
    fields = _present(row, ("quantity",))
    fields.setdefault("quantity", 1)
    _compare(row, row.instance, fields)


PLANNERS = {
    "equipment": _plan_equipment,
    "parts": _plan_part,
    "counters": _plan_counter,
    "jobs": _plan_job,
    "job_steps": _plan_step,
    "job_kit": _plan_kit_line,
}


def plan_sheets(sheets: list[Sheet], existing: Existing, *, now) -> ImportPlan:
    rows = [row for sheet in sheets for row in read_rows(sheet)]
    ctx = Context(existing, rows, now=now)
    for row in rows:
        if not row.problems:
            PLANNERS[row.kind](row, ctx)
        if row.problems:
            row.changes = []
    return ImportPlan(rows=rows)

"""`manage.py import_plan FILE --vessel CODE [--kind KIND] [--dry-run]`: the shore office's import.

The same reading, planning and writing as the `import_plan` action, and the same row report:
every row as create, update, unchanged or refused, then the counts. A refused row imports
nothing (the command exits with an error); `--dry-run` only reports. Every row written is
audited as `system:import_plan`, in one transaction.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audit.context import audit_context
from imports import cells, files, rules
from imports.planning import REFUSED, UNCHANGED, plan_sheets, summary
from imports.selectors import existing_rows
from imports.services import apply_import
from pms.models import Vessel

# Larger than the upload limit would be pointless to read: the action refuses it anyway.
MAX_BYTES = 10 * 1024 * 1024


class Command(BaseCommand):
    help = "Import a maintenance plan (CSV or XLSX) into a vessel: every row previewed, then all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .xlsx workbook (a sheet per kind) or a .csv of one kind.")
        parser.add_argument("--vessel", required=True, help="The vessel's code.")
        parser.add_argument("--kind", choices=list(rules.KINDS), default="", help="What a CSV holds.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, file, vessel, kind="", dry_run=False, **options):
        target = Vessel.objects.filter(code__iexact=vessel).first()
        if target is None:
            raise CommandError(f"No vessel {vessel!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        try:
            sheets = files.read_plan(path.read_bytes(), name=path.name, kind=kind)
        except files.FileProblem as problem:
            raise CommandError(f"{path.name}: {problem}") from None
        with (
            audit_context(actor=None, actor_label="system:import_plan", action_name="import_plan"),
            transaction.atomic(),
        ):
            existing = existing_rows(vessel=target, kinds={s.kind.name for s in sheets})
            planned = plan_sheets(sheets, existing, now=timezone.now())
            self.report(planned)
            counts = planned.counts
            self.stdout.write(f"{target.code}: {summary(counts)}")
            if planned.refused:
                raise CommandError(f"{counts[REFUSED]} row(s) refused: nothing imported.")
            if dry_run:
                self.stdout.write("Dry run: nothing written.")
                return
            apply_import(plan=planned, existing=existing, vessel=target, by=None)
        self.stdout.write(f"Imported into {target.code}.")

    def report(self, planned) -> None:
        for row in planned.rows:
            line = f"{row.kind} row {row.row} {row.key or '—'}: {row.outcome}"
            if row.problems:
                line += " — " + "; ".join(row.problems)
            elif row.changes and row.outcome != UNCHANGED:
                line += " — " + "; ".join(f"{f}: {_text(old)} → {_text(new)}" for f, old, new in row.changes)
            self.stdout.write(line)


def _text(value) -> str:
    return "—" if value is None or value == "" else cells.cell_text(value)

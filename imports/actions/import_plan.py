"""import_plan: a yacht's plan moves in from a spreadsheet (heads of department).

The file is staged first (upload purpose "plan_import": a .csv or .xlsx of at most 10 MB) and
named here by its `upload_id`; `kind` says what a CSV holds (a workbook has a sheet per kind).
Prefill reads the file; preview shows every row as create, update, unchanged or refused, with
its row number, column and reason; execute applies it all in one transaction, or, when a row
is refused, nothing at all (IMPORT_REFUSED). The same file twice changes nothing the second
time. The rules and decisions: docs/imports.md.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from counters.models import Counter
from equipment.models import Equipment
from imports import files, rules
from imports.planning import CREATE, REFUSED, UPDATE, jsonable, plan_sheets, summary
from imports.selectors import existing_rows
from imports.services import apply_import
from inventory.models import Part
from maintenance.models import JobPart, JobStep, MaintenanceJob
from pms import uploads
from pms.actions.base import Action, ActionError, Plan, Target, register
from pms.actions.forms import ActionForm, UploadField, is_uuid
from pms.models import Upload, Vessel
from pms.roles import HOD_ROLES

PURPOSE = "plan_import"
MAX_BYTES = 10 * 1024 * 1024
ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def check_plan_file(uploaded) -> None:
    """Staging refuses what cannot be a plan file; what is in it is judged by the preview."""
    name = (uploaded.name or "").lower()
    if not name.endswith((".csv", ".xlsx", ".txt")):
        raise ValidationError("Send the plan as a .csv or .xlsx file.")
    head = uploaded.read(4)
    if name.endswith(".xlsx") and head != b"PK\x03\x04":
        raise ValidationError("This .xlsx file is not a workbook (save it from the spreadsheet as .xlsx).")


uploads.register_purpose(PURPOSE, max_bytes=MAX_BYTES, accept=ACCEPT, check=check_plan_file)

MODELS = {
    "equipment": ("equipment", Equipment),
    "parts": ("part", Part),
    "counters": ("counter on", Counter),
    "jobs": ("maintenance job", MaintenanceJob),
    "job_steps": ("job step", JobStep),
    "job_kit": ("job part", JobPart),
}


class ImportPlanForm(ActionForm):
    upload_id = UploadField(purpose=PURPOSE, label="Plan file (CSV or XLSX)")
    kind = forms.ChoiceField(
        label="What a CSV holds",
        required=False,
        choices=[("", "A workbook: one sheet per kind")] + [(k.name, k.label) for k in rules.KINDS.values()],
    )


EXAMPLE_NAME = "equipment-example.csv"
EXAMPLE_CSV = b"code,name,parent_code\r\nIMPORT-EXAMPLE,Bilge pump (imported),\r\n"


def example_upload(row_of) -> str:
    """For the sweeps: a one-row equipment CSV staged on the vessel of the example upload (once;
    later calls name the same file, so a sweep that asks again writes nothing)."""
    staged = row_of("pms.upload")
    upload = (
        Upload.objects.filter(vessel=staged.vessel_id, purpose=PURPOSE, name=EXAMPLE_NAME)
        .order_by("created_at")
        .first()
    )
    if upload is None:
        upload = uploads.stage_bytes(
            user=staged.uploaded_by, vessel=staged.vessel, purpose=PURPOSE, content=EXAMPLE_CSV, name=EXAMPLE_NAME
        )
    return str(upload.pk)


def find_upload(upload_id, *, user) -> Upload:
    """A staged plan file on one of the user's vessels, else UPLOAD_NOT_FOUND (another vessel's too)."""
    upload = None
    if upload_id and is_uuid(upload_id):
        upload = (
            Upload.objects.filter(pk=upload_id, purpose=PURPOSE, vessel_id__in=user.vessel_ids())
            .select_related("vessel")
            .first()
        )
    if upload is None:
        raise ActionError("UPLOAD_NOT_FOUND", "No such upload: send the file again.", field="upload_id")
    return upload


def read_upload(upload: Upload, *, kind: str) -> list[files.Sheet]:
    with upload.file.open("rb") as handle:
        content = handle.read()
    try:
        return files.read_plan(content, name=upload.name, kind=kind)
    except files.FileProblem as problem:
        raise ActionError(
            "IMPORT_UNREADABLE",
            f"{upload.name}: {problem}",
            field="upload_id",
            details={"problems": problem.problems},
        ) from None


def preview_plan(planned) -> Plan:
    """What a preview shows of an import plan: every change in words, the refused rows, the counts."""
    report = planned.report()
    plan = Plan(report=report)
    for row in planned.rows:
        if row.outcome in (CREATE, UPDATE):
            entity, model = MODELS[row.kind]
            if row.instance is not None:
                plan.rows.append(row.instance)
            for name, old, new in row.changes:
                plan.change(f"{entity} {row.key}", name, jsonable(old), jsonable(new), model=model)
    counts = report["counts"]
    plan.side_effects.append(summary(counts).capitalize() + ".")
    opening = sum(1 for r in planned.of("parts") if r.outcome == CREATE and r.values.get("opening_stock"))
    if opening:
        plan.side_effects.append(
            f"Opening stock of {opening} new part{'s' if opening != 1 else ''} is received through the stock ledger."
        )
    readings = sum(1 for r in planned.of("counters") if r.reading is not None and not r.problems)
    if readings:
        plan.side_effects.append(
            f"{readings} counter reading{'s' if readings != 1 else ''} recorded (checked by the counter rules)."
        )
    if counts[REFUSED]:
        problems = [p for row in planned.refused for p in row.problems]
        plan.warn(
            "IMPORT_REFUSED",
            f"{counts[REFUSED]} row{'s' if counts[REFUSED] != 1 else ''} refused, nothing is imported until the file "
            f"is corrected: {'; '.join(problems[:3])}{f'; and {len(problems) - 3} more' if len(problems) > 3 else ''}.",
        )
    elif not counts["changes"]:
        plan.warn("NOTHING_TO_IMPORT", "0 changes: every row is already as the file says.")
    return plan


@register
class ImportPlan(Action):
    name = "import_plan"
    roles = HOD_ROLES
    label = "Import a plan"
    description = (
        "Equipment, parts with opening stock, counters with their reading, maintenance jobs with their "
        "steps and kits, from a CSV or an XLSX workbook: every row previewed, then all applied or none."
    )
    example_payload = {"upload_id": example_upload, "kind": "equipment"}
    form_class = ImportPlanForm
    template_name = "imports/actions/import_plan.html"

    def resolve(self, *, user, data, vessel):
        if data.get("upload_id"):
            upload = find_upload(data["upload_id"], user=user)
            return Target(vessel=upload.vessel, objects={"upload": upload})
        if vessel is None:
            raise ActionError("FORBIDDEN", "Choose a vessel first.")
        return Target(vessel=vessel, objects={"upload": None})

    def prefill(self, *, user, target, params):
        kind = params.get("kind") if params.get("kind") in rules.KINDS else ""
        found = {"vessel": target.vessel.code, "kinds": list(rules.KINDS), "max_size": uploads.human_size(MAX_BYTES)}
        if target.upload is None:
            return found
        found.update(upload_id=str(target.upload.pk), kind=kind, file=target.upload.name)
        try:
            sheets = read_upload(target.upload, kind=kind)
        except ActionError as error:
            found["problems"] = error.details["problems"]
            return found
        found["sheets"] = [{"kind": s.kind.name, "rows": len(s.rows)} for s in sheets]
        return found

    def lock(self, *, user, data, target):
        # One import at a time per vessel: a second waits here, then plans against what the first wrote.
        Vessel.objects.select_for_update().filter(pk=target.vessel.pk).first()
        return target

    def plan(self, *, user, data, target):
        if target.upload is None:
            raise ActionError("VALIDATION_ERROR", "upload_id: choose the plan file.", field="upload_id")
        sheets = read_upload(target.upload, kind=data.get("kind") or "")
        existing = existing_rows(vessel=target.vessel, kinds={s.kind.name for s in sheets})
        planned = plan_sheets(sheets, existing, now=timezone.now())
        plan = preview_plan(planned)
        plan.found = {"import": planned, "existing": existing}
        return plan

    def apply(self, *, user, data, target, plan):
        counts = apply_import(plan=plan.found["import"], existing=plan.found["existing"], vessel=target.vessel, by=user)
        return {"id": str(target.upload.pk), "vessel": target.vessel.code, "file": target.upload.name, "counts": counts}

    def message(self, result):
        counts = result["counts"]
        if not counts["changes"]:
            return f"0 changes: all {counts['rows']} rows were already as the file says."
        return (
            f"Imported {counts['changes']} change{'s' if counts['changes'] != 1 else ''}: "
            f"{counts['create']} created, {counts['update']} updated, {counts['unchanged']} unchanged."
        )

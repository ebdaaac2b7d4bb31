"""Writes: apply an import plan, all of it or nothing, row by row through the models and the
other modules' services, so the audit signals log every row (create or old → new) in the
caller's transaction.

Order: equipment (parents before children), parts (opening stock as a ledger receipt through
`inventory.services.move_stock`), counters (a reading through `counters.services.record_reading`,
under the counter rules), jobs, their steps and their kits.
"""

from django.db import transaction

from audit.services import batched_entries
from counters.models import Counter
from counters.services import record_reading
from equipment.models import Equipment
from imports.planning import CREATE, UPDATE, ImportPlan, RowPlan
from imports.selectors import Existing
from inventory.models import MovementReason, Part
from inventory.services import move_stock
from maintenance.models import JobPart, JobStep, MaintenanceJob
from pms.actions.base import ActionError

OPENING_REFERENCE = "Opening balance (plan import)"


class _Applier:
    def __init__(self, *, plan: ImportPlan, existing: Existing, vessel, by):
        self.plan, self.vessel, self.by = plan, vessel, by
        self.equipment = dict(existing.equipment)
        self.parts = dict(existing.parts)
        self.jobs = dict(existing.jobs)

    def _save(self, row: RowPlan, instance, model_fields: dict):
        for name, value in model_fields.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    def _fields(self, row: RowPlan) -> dict:
        """The plain fields a row changes (the related ones are set by each kind)."""
        related = {"parent", "equipment", "meter_value", "quantity_on_hand"}
        if row.instance is None:
            return {name: value for name, value in row.fields.items() if name not in related}
        return {name: new for name, _, new in row.changes if name not in related}

    def equipment_rows(self) -> None:
        rows = {r.key: r for r in self.plan.of("equipment") if r.outcome in (CREATE, UPDATE)}
        done = set()

        def apply(row: RowPlan, trail=()):
            if row.key in done:
                return
            parent_code = dict((f, new) for f, _, new in row.changes).get("parent", None)
            if parent_code in rows and parent_code not in done and parent_code not in trail:
                apply(rows[parent_code], (*trail, row.key))  # the parent first, even when it comes later
            fields = self._fields(row)
            if any(f == "parent" for f, _, _ in row.changes):
                fields["parent"] = self.equipment[parent_code] if parent_code else None
            if row.instance is None:  # built whole: a new row is not "moved" under a parent
                self.equipment[row.key] = self._save(row, Equipment(vessel=self.vessel, code=row.key, **fields), {})
            else:
                self.equipment[row.key] = self._save(row, row.instance, fields)
            done.add(row.key)

        for row in rows.values():
            apply(row)

    def part_rows(self) -> None:
        for row in self.plan.of("parts"):
            if row.outcome not in (CREATE, UPDATE):
                continue
            instance = row.instance or Part(vessel=self.vessel, part_number=row.key)
            part = self.parts[row.key] = self._save(row, instance, self._fields(row))
            opening = row.values.get("opening_stock") or 0
            if row.instance is None and opening:
                move_stock(
                    part=part,
                    quantity=opening,
                    reason=MovementReason.RECEIVED,
                    performed_by=self.by,
                    reference=OPENING_REFERENCE,
                )

    def counter_rows(self) -> None:
        for row in self.plan.of("counters"):
            if row.outcome not in (CREATE, UPDATE):
                continue
            fields = self._fields(row)
            counter = row.instance
            if counter is None:
                counter = self._save(row, Counter(vessel=self.vessel, equipment=self.equipment[row.key], **fields), {})
            elif fields:
                self._save(row, counter, fields)
            if row.reading is not None:
                record_reading(
                    counter=counter,
                    meter_reading=row.reading,
                    read_at=row.read_at,
                    recorded_by=self.by,
                    notes="Plan import",
                )

    def job_rows(self) -> None:
        for row in self.plan.of("jobs"):
            if row.outcome not in (CREATE, UPDATE):
                continue
            fields = self._fields(row)
            new_equipment = dict((f, new) for f, _, new in row.changes).get("equipment")
            if new_equipment:
                fields["equipment"] = self.equipment[new_equipment]
            instance = row.instance or MaintenanceJob(vessel=self.vessel, code=row.key)
            self.jobs[row.key] = self._save(row, instance, fields)

    def step_rows(self) -> None:
        for row in self.plan.of("job_steps"):
            if row.outcome not in (CREATE, UPDATE):
                continue
            instance = row.instance or JobStep(
                vessel=self.vessel, job=self.jobs[row.values["job_code"]], position=row.values["position"]
            )
            self._save(row, instance, self._fields(row))

    def kit_rows(self) -> None:
        for row in self.plan.of("job_kit"):
            if row.outcome not in (CREATE, UPDATE):
                continue
            instance = row.instance or JobPart(
                vessel=self.vessel, job=self.jobs[row.values["job_code"]], part=self.parts[row.values["part_number"]]
            )
            self._save(row, instance, self._fields(row))


def refusal(plan: ImportPlan) -> ActionError:
    refused = plan.refused
    problems = [p for row in refused for p in row.problems]
    shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
    return ActionError(
        "IMPORT_REFUSED",
        f"{len(refused)} row{'s' if len(refused) != 1 else ''} refused, nothing imported: {shown}.",
        field="upload_id",
        details={
            "counts": plan.counts,
            "refused": [{"kind": r.kind, "row": r.row, "key": r.key, "problems": r.problems} for r in refused],
        },
    )


@transaction.atomic
def apply_import(*, plan: ImportPlan, existing: Existing, vessel, by) -> dict:
    """Write the plan (refused rows refuse all of it: IMPORT_REFUSED). Returns the counts."""
    if plan.refused:
        raise refusal(plan)
    applier = _Applier(plan=plan, existing=existing, vessel=vessel, by=by)
    # Every row's audit entry, appended to the vessel's chain at the end in one go.
    with batched_entries():
        applier.equipment_rows()
        applier.part_rows()
        applier.counter_rows()
        applier.job_rows()
        applier.step_rows()
        applier.kit_rows()
    return plan.counts

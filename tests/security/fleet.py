"""Two vessels with one row of every model each, and a valid payload for every action.

The sweeps find their targets here. Anything they meet and cannot fill (a model with no
row, an action with no payload, a form field with no value) fails the sweep loudly, so a
new model, URL, action or field cannot slip through unchecked.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import SignerLock
from counters.models import Counter
from equipment.models import Equipment, Fault
from handover.actions import ENTITY_QUERYSETS
from handover.models import HandoverItem
from imports.actions.import_plan import example_upload
from inventory.models import Part
from maintenance.models import (
    Layup,
    MaintenanceJob,
    MaintenanceRecord,
    PlannedWorkOrder,
    Postponement,
    StepResult,
    WorkOrderStep,
)
from manuals.models import ManualDocument, ManualSection
from pms.actions.base import fill_refs, registry
from pms.models import ApiToken, IdempotencyRecord, Upload, Vessel
from pms.uploads import stage_bytes
from tests.factories import (
    CounterFactory,
    EquipmentFactory,
    FaultFactory,
    HandoverItemFactory,
    JobPartFactory,
    JobStepFactory,
    MaintenanceJobFactory,
    ManualDocumentFactory,
    ManualFaultCodeFactory,
    ManualSectionFactory,
    PartFactory,
    PhotoFactory,
    SignatureFactory,
    StepResultFactory,
    WorkOrderFactory,
    WorkOrderNoteFactory,
    WorkOrderPartFactory,
    jpeg_bytes,
)
from workorders.models import WorkOrder
from workorders.services import next_work_order_number

# The model each id field of an action's payload names.
ID_FIELD_MODELS = {
    "equipment_id": Equipment,
    "fault_id": Fault,
    "work_order_id": WorkOrder,
    "part_id": Part,
    "item_id": HandoverItem,
    "section_id": ManualSection,
    "counter_id": Counter,
    "job_id": MaintenanceJob,
    "assignee_id": get_user_model(),  # a member of the vessel (its officer, in the sweeps)
    "step_result_id": StepResult,
    "step_id": WorkOrderStep,  # a step of the work order's card
    "upload_id": Upload,  # a staged photo
}


def maintenance_rows(*, vessel, equipment, hod) -> None:
    """A closed cycle with its planned work order, a postponement and a past lay-up."""
    done = MaintenanceJobFactory(equipment=equipment, code=f"{vessel.code}-WEEKLY", interval_days=7)
    order = WorkOrderFactory(vessel=vessel, equipment=equipment, number=next_work_order_number(vessel=vessel))
    PlannedWorkOrder.objects.create(
        vessel=vessel, job=done, work_order=order, due_date=timezone.localdate(), open=False
    )
    MaintenanceRecord.objects.create(vessel=vessel, job=done, work_order=order, done_at=timezone.now(), on_time=True)
    Postponement.objects.create(vessel=vessel, job=done, reason="Waiting for the yard.", postponed_by=hod)
    JobStepFactory(job=done, position=1, title="Pump starts and holds pressure")
    today = timezone.localdate()
    Layup.objects.create(
        vessel=vessel,
        start=today - timedelta(days=90),
        end=today - timedelta(days=60),
        ended_on=today - timedelta(days=60),
        reason="Yard period.",
        set_by=hod,
    )


@dataclass
class Fleet:
    """One vessel's rows: the objects payloads name, by model."""

    vessel: Vessel
    hod: object
    objects: dict = field(default_factory=dict)

    def __getitem__(self, model):
        return self.objects[model]

    def row_of(self, model):
        """This vessel's row of `model` (the vessel itself, its HOD, or a row tied to them)."""
        User = get_user_model()
        names = {f.name for f in model._meta.get_fields()}
        if model is Vessel:
            return self.vessel
        if model is User:
            return self.hod
        if model is DBTaskResult:  # a queued task names its vessel's record in its arguments
            documents = ManualDocument.objects.filter(vessel=self.vessel).values_list("pk", flat=True)
            rows = model._default_manager.filter(args_kwargs__args__0__in=[str(pk) for pk in documents])
        elif "vessel" in names:
            rows = model._default_manager.filter(vessel=self.vessel)
        elif "user" in names:
            rows = model._default_manager.filter(user=self.hod)
        elif "username" in names:
            rows = model._default_manager.filter(username=self.hod.username)
        else:
            pytest.fail(f"{model._meta.label}: the sweep cannot tell which vessel its rows belong to.")
        row = rows.order_by("pk").first()
        if row is None:
            pytest.fail(f"{model._meta.label}: seed a row of it in tests/security/fleet.py seed_fleet().")
        return row


def seed_fleet(vessel, *, hod) -> Fleet:
    """One row of every model for `vessel` (audit entries and chain heads come by themselves)."""
    document = ManualDocumentFactory(vessel=vessel, uploaded_by=hod)
    equipment = EquipmentFactory(vessel=vessel, manual=document)
    section = ManualSectionFactory(document=document, page_number=1, end_page=2)
    ManualFaultCodeFactory(section=section)
    DBTaskResult.objects.create(
        task_path="manuals.tasks.ingest_manual",
        args_kwargs={"args": [str(document.pk)], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )
    fault = FaultFactory(equipment=equipment)
    part = PartFactory(vessel=vessel, stock=50)
    work_order = WorkOrderFactory(
        vessel=vessel, fault=fault, equipment=equipment, number=next_work_order_number(vessel=vessel)
    )
    WorkOrderNoteFactory(work_order=work_order)
    WorkOrderPartFactory(work_order=work_order, part=part, quantity=1)
    handover = HandoverItemFactory(vessel=vessel, entity_type="fault", entity_id=fault.pk, added_by=hod)
    counter = CounterFactory(equipment=equipment, readings=[(100, timezone.now() - timedelta(days=1))])
    job = MaintenanceJobFactory(
        equipment=equipment, code=f"{vessel.code}-500H", interval_hours=500, interval_days=None, last_done_hours=0
    )
    JobPartFactory(job=job, part=part)
    maintenance_rows(vessel=vessel, equipment=equipment, hod=hod)
    SignatureFactory(vessel=vessel, signer=hod)
    SignerLock.objects.create(user=hod)
    ApiToken.issue(user=hod)
    IdempotencyRecord.objects.create(
        user=hod,
        key=f"seed-{vessel.code}",
        action_name="report_fault",
        request_hash="0" * 64,
        http_status=200,
        response={},
    )
    Upload.objects.create(
        vessel=vessel,
        uploaded_by=hod,
        purpose="seed",
        file=f"uploads/{vessel.pk}/seed",
        name="seed.txt",
        size=4,
        sha256="0" * 64,
    )
    step_result = StepResultFactory(step__work_order=work_order, recorded_by=hod)
    PhotoFactory(fault=fault, taken_by=hod)
    photo_upload = stage_bytes(user=hod, vessel=vessel, purpose="photo", content=jpeg_bytes(), name="IMG_0001.jpg")
    example_upload(lambda label: photo_upload)  # import_plan's staged plan file, named by its example payload
    attempt = {"username": hod.username, "ip_address": "10.0.0.1", "user_agent": "tablet", "http_accept": "*/*"}
    AccessAttempt.objects.create(**attempt, path_info="/login/", get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt, path_info="/login/")
    AccessFailureLog.objects.create(**attempt, path_info="/login/")
    objects = {
        Equipment: equipment,
        Fault: fault,
        WorkOrder: work_order,
        Part: part,
        HandoverItem: handover,
        ManualSection: section,
        Counter: counter,
        MaintenanceJob: job,
        StepResult: step_result,
        WorkOrderStep: step_result.step,
        Upload: photo_upload,
        get_user_model(): hod,
    }
    return Fleet(vessel=vessel, hod=hod, objects=objects)


def seeded_models() -> list:
    """Every model whose rows a URL may name."""
    return [m for m in apps.get_models() if not m._meta.abstract]


def valid_payload(action_name: str, fleet: Fleet) -> dict:
    """The action's declared example payload on the fleet's vessel's rows."""
    action = registry.get(action_name)
    if not action.example_payload:
        pytest.fail(f"Action {action_name!r} declares no example_payload.")

    def row_of(label):
        model = apps.get_model(label)
        return fleet.objects.get(model) or fleet.row_of(model)

    return fill_refs(action.example_payload, row_of)


def id_variants(action, fleet: Fleet, foreign: Fleet) -> list[tuple[str, dict]]:
    """(field, payload) for each id the action takes, with `foreign`'s row in that field."""
    payload = valid_payload(action.name, fleet)
    # Every field that names a record must be in the example, so each is swept with another vessel's id.
    names_a_record = {n for n in action.form_class.base_fields if n.endswith("_id") or n == "parts_used"}
    missing = names_a_record - set(payload)
    if missing:
        pytest.fail(f"{action.name}: valid_payload lacks {sorted(missing)} (tests/security/fleet.py).")
    variants = []
    for name in action.form_class.base_fields:
        if name in ID_FIELD_MODELS:
            variants.append((name, {**payload, name: str(foreign[ID_FIELD_MODELS[name]].pk)}))
        elif name == "entity_id":
            for entity_type, queryset in ENTITY_QUERYSETS.items():
                row = foreign.row_of(queryset.model)
                variants.append(
                    (f"entity_id:{entity_type}", {**payload, "entity_type": entity_type, name: str(row.pk)})
                )
        elif name == "parts_used":
            lines = [{"part_id": str(foreign[Part].pk), "quantity_used": 1}]
            variants.append((name, {**payload, name: lines}))
        elif name.endswith("_id"):
            pytest.fail(f"{action.name}.{name}: the sweep does not know which model this id names.")
    return variants

"""factory-boy factories for every model. Stock is given through the ledger (`stock=`)."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from audit.models import Signature
from counters.models import Counter, CounterReading
from counters.services import record_reading
from equipment.models import Equipment, Fault
from handover.models import HandoverItem
from inventory.models import MovementReason, Part, StockMovement
from inventory.services import move_stock
from maintenance.models import JobPart, JobStep, MaintenanceJob, StepResult, WorkOrderStep
from manuals.models import ManualDocument, ManualFaultCode, ManualSection
from pms.models import ApiToken, Membership, Vessel
from pms.roles import Role
from workorders.models import WorkOrder, WorkOrderNote, WorkOrderPart

PASSWORD = "test-pass-1234"


class VesselFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vessel
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Vessel {n}")
    code = factory.Sequence(lambda n: f"V{n:03d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    vessel = factory.SubFactory(VesselFactory)
    role = Role.CREW


def member(vessel, role=Role.CREW, **user_kwargs):
    """A user who is an active member of `vessel` with `role`."""
    return MembershipFactory(vessel=vessel, role=role, user=UserFactory(**user_kwargs)).user


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    vessel = factory.SubFactory(VesselFactory)
    code = factory.Sequence(lambda n: f"EQ-{n:04d}")
    name = factory.Sequence(lambda n: f"Pump {n}")
    location = "Engine room"
    manufacturer = "Caterpillar"
    model = "C32"


class FaultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fault

    equipment = factory.SubFactory(EquipmentFactory)
    vessel = factory.SelfAttribute("equipment.vessel")
    fault_code = factory.Sequence(lambda n: f"E{n:03d}")
    title = "High coolant temperature"
    severity = "medium"


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder

    vessel = factory.SubFactory(VesselFactory)
    number = factory.Sequence(lambda n: f"WO-{timezone.now().year}-{n + 1:04d}")
    title = "Replace impeller"
    status = "open"


class WorkOrderNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrderNote

    work_order = factory.SubFactory(WorkOrderFactory)
    vessel = factory.SelfAttribute("work_order.vessel")
    note_text = "Checked the seals."


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part
        skip_postgeneration_save = True

    vessel = factory.SubFactory(VesselFactory)
    part_number = factory.Sequence(lambda n: f"P-{n:05d}")
    name = factory.Sequence(lambda n: f"Filter {n}")
    unit = "pcs"
    minimum_quantity = 2

    @factory.post_generation
    def stock(obj, create, extracted, **kwargs):
        if create and extracted:
            move_stock(part=obj, quantity=extracted, reason=MovementReason.RECEIVED, performed_by=None)


class StockMovementFactory(factory.django.DjangoModelFactory):
    """Only for rows the ledger would write; prefer `move_stock`."""

    class Meta:
        model = StockMovement

    part = factory.SubFactory(PartFactory)
    vessel = factory.SelfAttribute("part.vessel")
    quantity = 0
    quantity_after = factory.SelfAttribute("part.quantity_on_hand")
    reason = MovementReason.STOCK_COUNT


class WorkOrderPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrderPart

    work_order = factory.SubFactory(WorkOrderFactory)
    vessel = factory.SelfAttribute("work_order.vessel")
    part = factory.SubFactory(PartFactory, vessel=factory.SelfAttribute("..vessel"))
    quantity = 1


class HandoverItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandoverItem

    vessel = factory.SubFactory(VesselFactory)
    summary_text = "Watch the port generator exhaust temperature."
    category = "general"


class ManualDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManualDocument

    vessel = factory.SubFactory(VesselFactory)
    title = "C32 Operation and Maintenance Manual"
    manufacturer = "Caterpillar"
    model = "C32"
    file = factory.django.FileField(filename="manual.pdf", data=b"%PDF-1.4\n%%EOF\n")
    page_count = 10
    status = "ready"


class ManualSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManualSection

    document = factory.SubFactory(ManualDocumentFactory)
    vessel = factory.SelfAttribute("document.vessel")
    title = factory.Sequence(lambda n: f"Section {n}")
    page_number = factory.Sequence(lambda n: n + 1)
    end_page = factory.SelfAttribute("page_number")
    text = "Coolant system."


class ManualFaultCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManualFaultCode

    section = factory.SubFactory(ManualSectionFactory)
    vessel = factory.SelfAttribute("section.vessel")
    code = "E047"


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    vessel = factory.SubFactory(VesselFactory)
    signer = factory.SubFactory(UserFactory)
    printed_name = factory.SelfAttribute("signer.username")
    role = "chief_engineer"
    meaning = "I confirm"
    method = "password"
    preview_hash = "0" * 64
    action_name = "test"
    object_type = "workorders.workorder"


class CounterFactory(factory.django.DjangoModelFactory):
    """A running-hours counter; `readings=[(meter, read_at), ...]` records them through the service."""

    class Meta:
        model = Counter
        skip_postgeneration_save = True

    equipment = factory.SubFactory(EquipmentFactory)
    vessel = factory.SelfAttribute("equipment.vessel")
    name = "Running hours"
    default_daily_hours = 8

    @factory.post_generation
    def readings(obj, create, extracted, **kwargs):
        for meter, read_at in extracted or ():
            record_reading(counter=obj, meter_reading=meter, read_at=read_at, recorded_by=None)


class CounterReadingFactory(factory.django.DjangoModelFactory):
    """Only for rows the ledger would write; prefer `record_reading` (or CounterFactory's `readings`)."""

    class Meta:
        model = CounterReading

    counter = factory.SubFactory(CounterFactory)
    vessel = factory.SelfAttribute("counter.vessel")
    reading = 0
    meter_reading = 0
    read_at = factory.LazyFunction(timezone.now)


def api_token(user) -> str:
    return ApiToken.issue(user=user)[1]


class MaintenanceJobFactory(factory.django.DjangoModelFactory):
    """A job of the plan; give interval_days and/or interval_hours and the baseline the test needs."""

    class Meta:
        model = MaintenanceJob

    equipment = factory.SubFactory(EquipmentFactory)
    vessel = factory.SelfAttribute("equipment.vessel")
    code = factory.Sequence(lambda n: f"JOB-{n:04d}")
    title = factory.Sequence(lambda n: f"Planned job {n}")
    interval_days = 30
    last_done_at = factory.LazyFunction(timezone.localdate)


class JobPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPart

    job = factory.SubFactory(MaintenanceJobFactory)
    vessel = factory.SelfAttribute("job.vessel")
    part = factory.SubFactory(PartFactory, vessel=factory.SelfAttribute("..vessel"))
    quantity = 1


class JobStepFactory(factory.django.DjangoModelFactory):
    """A step of a job's card; a measurement takes `kind="measurement"`, `unit`, `min_value`, `max_value`."""

    class Meta:
        model = JobStep

    job = factory.SubFactory(MaintenanceJobFactory)
    vessel = factory.SelfAttribute("job.vessel")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Check item {n}")


def jpeg_bytes(size=(64, 48), color="steelblue", *, exif=None) -> bytes:
    """A small JPEG made here (no binary files in the repository); `exif` is a PIL.Image.Exif."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG", **({"exif": exif.tobytes()} if exif else {}))
    return out.getvalue()


def _jpeg_file(size, name):
    from django.core.files.base import ContentFile

    return ContentFile(jpeg_bytes(size), name=name)


class WorkOrderStepFactory(factory.django.DjangoModelFactory):
    """A step on a work order's card (as copied from its job's step)."""

    class Meta:
        model = WorkOrderStep

    work_order = factory.SubFactory(WorkOrderFactory)
    vessel = factory.SelfAttribute("work_order.vessel")
    position = factory.Sequence(lambda n: n + 1)
    kind = "check"
    title = factory.Sequence(lambda n: f"Check item {n}")


class StepResultFactory(factory.django.DjangoModelFactory):
    """A result recorded against a work order's step: `passed`, `value` or `text` by the step's kind."""

    class Meta:
        model = StepResult

    step = factory.SubFactory(WorkOrderStepFactory)
    work_order = factory.SelfAttribute("step.work_order")
    vessel = factory.SelfAttribute("step.vessel")
    passed = True
    recorded_by = factory.SubFactory(UserFactory)


class PhotoFactory(factory.django.DjangoModelFactory):
    """A stored photo (a generated JPEG) with its thumbnail; give fault=, work_order= or step_result=."""

    class Meta:
        model = "photos.Photo"

    vessel = factory.LazyAttribute(lambda o: (o.fault or o.work_order or o.step_result).vessel)
    fault = None
    work_order = None
    step_result = None
    image = factory.LazyFunction(lambda: _jpeg_file((64, 48), "photo.jpg"))
    thumbnail = factory.LazyFunction(lambda: _jpeg_file((32, 24), "thumb.jpg"))
    width = 64
    height = 48
    size = factory.LazyAttribute(lambda o: o.image.size)
    sha256 = "0" * 64
    content_type = "image/jpeg"
    caption = "Cracked vane"
    taken_by = factory.SubFactory(UserFactory)

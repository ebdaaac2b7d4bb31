"""Job cards: steps copied at generation, results recorded and corrected, a failed step reporting
its fault, completion refused while mandatory steps are open, trends on the job page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from equipment.models import Criticality, Fault, FaultStatus
from maintenance.models import JobStep, StepResult, WorkOrderStep
from maintenance.services import plan_maintenance
from pms.roles import Role
from tests.actions import error_code
from tests.factories import (
    PASSWORD,
    EquipmentFactory,
    JobStepFactory,
    MaintenanceJobFactory,
    member,
)
from workorders.models import WorkOrder, WorkOrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(aurora):
    """A calendar job already due, with a check, a measurement with limits and an optional text step."""
    job = MaintenanceJobFactory(
        equipment=EquipmentFactory(vessel=aurora, code="ME-PS", criticality=Criticality.HIGH),
        code="ME-PS-500H",
        interval_days=30,
        interval_hours=None,
        last_done_at=timezone.localdate() - timedelta(days=40),
    )
    JobStepFactory(job=job, position=1, kind="check", title="Belt tension")
    JobStepFactory(
        job=job,
        position=2,
        kind="measurement",
        title="Oil pressure at idle",
        unit="bar",
        min_value=Decimal("2.5"),
        max_value=Decimal("4.5"),
    )
    JobStepFactory(job=job, position=3, kind="text", title="Valve clearances noted", mandatory=False)
    return job


def planned(job) -> WorkOrder:
    (work_order,) = plan_maintenance(vessel=job.vessel, today=timezone.localdate())
    return work_order


def steps_of(work_order) -> dict:
    return {s.position: s for s in WorkOrderStep.objects.filter(work_order=work_order)}


def record(client, work_order, step, **given):
    payload = {"work_order_id": str(work_order.pk), "step_id": str(step.pk), **given}
    return client.run("record_job_step", payload)


def test_a_planned_work_order_copies_its_jobs_steps_and_a_later_change_leaves_the_card_alone(job):
    work_order = planned(job)
    card = steps_of(work_order)
    assert [(s.position, s.kind, s.title, s.mandatory) for s in card.values()] == [
        (1, "check", "Belt tension", True),
        (2, "measurement", "Oil pressure at idle", True),
        (3, "text", "Valve clearances noted", False),
    ]
    assert (card[2].unit, card[2].min_value, card[2].max_value) == ("bar", Decimal("2.5"), Decimal("4.5"))
    JobStep.objects.filter(job=job, position=2).update(title="Oil pressure, warm", max_value=Decimal("5"))
    card[2].refresh_from_db()
    assert (card[2].title, card[2].max_value) == ("Oil pressure at idle", Decimal("4.5"))


def test_the_batched_generator_copies_steps_for_many_jobs_in_a_fixed_number_of_queries(
    aurora, django_assert_max_num_queries
):
    equipment = EquipmentFactory(vessel=aurora)
    due = timezone.localdate() - timedelta(days=40)
    for n in range(12):
        job = MaintenanceJobFactory(equipment=equipment, code=f"J-{n}", interval_days=30, last_done_at=due)
        for position in (1, 2, 3):
            JobStepFactory(job=job, position=position, title=f"Step {position} of {n}")
    created = plan_maintenance(vessel=aurora, today=timezone.localdate())
    assert len(created) == 12
    assert WorkOrderStep.objects.filter(work_order__in=created).count() == 36
    for work_order in created:
        code = work_order.planned.job.code.split("-")[1]
        assert list(work_order.steps.values_list("title", flat=True)) == [f"Step {p} of {code}" for p in (1, 2, 3)]


def test_recording_a_step_and_correcting_it_keeps_the_old_result(actions, engineer, job):
    work_order = planned(job)
    card = steps_of(work_order)
    tablet = actions.as_user(engineer)
    first = record(tablet, work_order, card[2], value="3.1")
    assert first.status_code == 200, first.json()
    again = record(tablet, work_order, card[2], value="3.4", notes="Re-read with the engine warm.")
    assert again.status_code == 200
    results = list(StepResult.objects.filter(step=card[2]).order_by("created_at"))
    assert [r.value for r in results] == [Decimal("3.1"), Decimal("3.4")]
    assert results[1].corrects == results[0] and not any(r.failed for r in results)
    assert not Fault.objects.exists()
    item = tablet.client.get(f"/api/v1/work-orders/{work_order.pk}").json()["item"]
    step = next(s for s in item["steps"] if s["position"] == 2)
    assert step["result"]["value"] == "3.400" and step["result"]["display"] == "3.4 bar"
    assert [r["value"] for r in step["earlier_results"]] == ["3.100"]


def test_a_value_outside_the_limits_is_previewed_as_a_fault_then_reports_it_linked_to_the_step(actions, engineer, job):
    work_order = planned(job)
    card = steps_of(work_order)
    tablet = actions.as_user(engineer)
    payload = {"work_order_id": str(work_order.pk), "step_id": str(card[2].pk), "value": "1.8"}
    preview = tablet.preview("record_job_step", payload).json()["preview"]
    warning = next(w for w in preview["warnings"] if w["code"] == "FAULT_WILL_BE_REPORTED")
    assert "below the limit (2.5–4.5 bar)" in warning["message"] and "medium fault" in warning["message"]
    assert not Fault.objects.exists() and not StepResult.objects.exists()

    done = tablet.run("record_job_step", payload)
    assert done.status_code == 200
    result = StepResult.objects.get(step=card[2])
    fault = Fault.objects.get()
    assert result.failed and result.fault == fault and done.json()["result"]["fault"]["id"] == str(fault.pk)
    assert (fault.equipment, fault.severity, fault.status) == (job.equipment, "medium", FaultStatus.OPEN)
    assert work_order.number in fault.description and "Oil pressure at idle" in fault.description

    # Read again and still out: the same open fault, not a second one.
    record(tablet, work_order, card[2], value="2.0")
    assert Fault.objects.count() == 1 and StepResult.objects.filter(step=card[2]).last().fault == fault


def test_a_failed_check_on_critical_equipment_reports_a_high_fault_unless_the_step_says_otherwise(
    actions, engineer, job
):
    job.equipment.criticality = Criticality.CRITICAL
    job.equipment.save()
    work_order = planned(job)
    card = steps_of(work_order)
    tablet = actions.as_user(engineer)
    assert record(tablet, work_order, card[1], passed=False).status_code == 200
    assert Fault.objects.get().severity == "high"
    WorkOrderStep.objects.filter(pk=card[2].pk).update(fault_severity="critical")
    assert record(tablet, work_order, card[2], value="9").status_code == 200
    assert sorted(Fault.objects.values_list("severity", flat=True)) == ["critical", "high"]


def test_completion_is_refused_naming_the_mandatory_steps_without_a_result(actions, engineer, job):
    work_order = planned(job)
    card = steps_of(work_order)
    tablet = actions.as_user(engineer)
    payload = {"work_order_id": str(work_order.pk), "completion_notes": "Service done to the schedule."}
    refused = tablet.execute("mark_work_order_complete", payload, secret=PASSWORD)
    assert refused.status_code == 409 and error_code(refused) == "CHECKLIST_INCOMPLETE"
    missing = refused.json()["error"]["details"]["missing_steps"]
    assert [m["title"] for m in missing] == ["Belt tension", "Oil pressure at idle"]
    prefill = tablet.prefill("mark_work_order_complete", work_order_id=str(work_order.pk)).json()
    assert [b["code"] for b in prefill["prefill"]["validation"]["blockers"]] == ["CHECKLIST_INCOMPLETE"]

    record(tablet, work_order, card[1], passed=True)
    still = tablet.execute("mark_work_order_complete", payload, secret=PASSWORD)
    assert error_code(still) == "CHECKLIST_INCOMPLETE"
    assert [m["title"] for m in still.json()["error"]["details"]["missing_steps"]] == ["Oil pressure at idle"]
    record(tablet, work_order, card[2], value="3.2")
    done = tablet.execute("mark_work_order_complete", payload, secret=PASSWORD)
    assert done.status_code == 200, done.json()
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.COMPLETED

    # A completed card is signed: no more results.
    late = tablet.execute(
        "record_job_step", {"work_order_id": str(work_order.pk), "step_id": str(card[3].pk), "text": "0.30 mm"}
    )
    assert late.status_code == 409 and error_code(late) == "WO_CLOSED"


def test_bad_results_are_refused_with_the_field_and_nothing_written(actions, engineer, crew, borealis_chief, job):
    work_order = planned(job)
    card = steps_of(work_order)
    tablet = actions.as_user(engineer)
    for step, given, field in [
        (card[1], {}, "passed"),
        (card[2], {"value": "many"}, "value"),
        (card[2], {}, "value"),
        (card[3], {"text": "   "}, "text"),
    ]:
        payload = {"work_order_id": str(work_order.pk), "step_id": str(step.pk), **given}
        response = tablet.execute("record_job_step", payload)
        assert response.status_code == 400, (given, response.json())
        assert response.json()["error"]["field"] == field
    other = JobStepFactory(job=job, position=9)  # the job's step, not one on this card
    missing = tablet.execute("record_job_step", {"work_order_id": str(work_order.pk), "step_id": str(other.pk)})
    assert missing.status_code == 404 and error_code(missing) == "STEP_NOT_FOUND"
    payload = {"work_order_id": str(work_order.pk), "step_id": str(card[1].pk), "passed": True}
    assert error_code(actions.as_user(crew).execute("record_job_step", payload)) == "FORBIDDEN"
    assert actions.as_user(borealis_chief).execute("record_job_step", payload).status_code == 404
    assert not StepResult.objects.exists()


def test_the_card_on_the_work_order_page_and_the_trend_on_the_job_page(actions, engineer, chief, job):
    tablet = actions.as_user(engineer)
    values = ["3.0", "3.3", "1.9"]
    for value in values:
        work_order = planned(job)
        card = steps_of(work_order)
        record(tablet, work_order, card[1], passed=True)
        record(tablet, work_order, card[2], value=value)
        payload = {"work_order_id": str(work_order.pk), "completion_notes": "Service done to the schedule."}
        assert tablet.execute("mark_work_order_complete", payload, secret=PASSWORD).status_code == 200
        job.refresh_from_db()
        job.last_done_at = timezone.localdate() - timedelta(days=40)
        job.save()
    open_order = planned(job)
    page = tablet.client.get(open_order.get_absolute_url()).content.decode()
    assert 'id="card"' in page and "Belt tension" in page and 'name="passed" value="false"' in page
    assert 'data-min="2.500"' in page and 'data-max="4.500"' in page
    as_crew = actions.as_user(member(job.vessel, Role.CREW)).client.get(open_order.get_absolute_url()).content.decode()
    assert "Belt tension" in as_crew and 'name="passed"' not in as_crew

    job_page = actions.as_user(chief).client.get(job.get_absolute_url()).content.decode()
    assert "Measurements across cycles" in job_page and "trend-dot-failed" in job_page
    assert "3 cycles" in job_page and "last 1.9 bar" in job_page and "1 outside the limits" in job_page

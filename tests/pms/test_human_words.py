"""Pages speak in words: labels for stored codes, verbose names for fields, names for ids,
and one way to write a moment — while the JSON API keeps its keys and values as they are."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from audit.models import AuditEntry
from pms.formatting import day, moment, role_label
from pms.roles import Role
from tests.actions import contract_changes
from tests.factories import (
    PASSWORD,
    EquipmentFactory,
    FaultFactory,
    PartFactory,
    WorkOrderFactory,
    WorkOrderNoteFactory,
    WorkOrderPartFactory,
    member,
)
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_one_way_to_write_a_moment_a_day_and_a_role():
    signed = "2026-12-03T15:01:44.353925+00:00"
    assert moment(signed) == "3 Dec 2026, 15:01 UTC"
    assert moment(datetime(2026, 12, 3, 15, 1, 44, tzinfo=UTC)) == "3 Dec 2026, 15:01 UTC"
    assert day("2026-12-03") == "3 Dec 2026" and day(datetime(2026, 12, 3, 23, 0, tzinfo=UTC)) == "3 Dec 2026"
    assert moment(None) == "" and moment("not a date") == ""
    assert role_label("chief_engineer") == "Chief engineer" and role_label("eto") == "ETO"


def test_stock_badges_on_the_work_order_page_and_the_completion_form_read_as_words(client, aurora, engineer):
    order = WorkOrderFactory(vessel=aurora)
    WorkOrderPartFactory(work_order=order, part=PartFactory(vessel=aurora, part_number="OUT-1"), quantity=1)
    WorkOrderPartFactory(work_order=order, part=PartFactory(vessel=aurora, part_number="LOW-1", stock=2), quantity=1)
    client.force_login(engineer)

    for url in (order.get_absolute_url(), f"/actions/mark_work_order_complete/?work_order_id={order.pk}"):
        html = text(client.get(url))
        assert '<span class="badge badge-out_of_stock">Out of stock</span>' in html, url
        assert '<span class="badge badge-low_stock">Low stock</span>' in html, url
        assert ">OUT_OF_STOCK<" not in html and ">LOW_STOCK<" not in html, url


def test_search_badges_show_the_status_label(client, aurora, crew):
    WorkOrderFactory(vessel=aurora, title="Replace the bilge pump", status="pending_parts")
    client.force_login(crew)

    html = text(client.get("/search", {"q": "bilge pump"}))

    assert '<span class="badge badge-pending_parts">Pending parts</span>' in html
    assert ">pending_parts<" not in html


def test_previews_show_verbose_field_names_and_choice_labels_and_the_api_keeps_its_keys(actions, aurora, chief):
    equipment = EquipmentFactory(vessel=aurora, code="WM-1", name="Watermaker")
    fault = FaultFactory(equipment=equipment, fault_code="E031", severity="critical")
    payload = {"fault_id": str(fault.pk), "title": "WM-1 - E031", "priority": "urgent"}
    as_chief = actions.as_user(chief)

    html = text(as_chief.html_preview("create_work_order_from_fault", payload))
    assert "<td>Priority</td><td>—</td><td><strong>Urgent</strong></td>" in html
    assert "<td>Status</td><td>Open</td><td><strong>Work order raised</strong></td>" in html
    assert "work_order_raised" not in html.split('name="preview_hash"')[0].split("<table")[1]

    preview = as_chief.preview("create_work_order_from_fault", payload).json()["preview"]
    raised = next(c for c in preview["changes"] if c["field"] == "status" and c["entity"].startswith("fault"))
    assert {k: raised[k] for k in ("entity", "field", "from", "to")} == {
        "entity": "fault E031",
        "field": "status",
        "from": "open",
        "to": "work_order_raised",
    }
    assert (raised["field_label"], raised["from_label"], raised["to_label"]) == ("Status", "Open", "Work order raised")
    assert {"entity": "work_order", "field": "priority", "from": None, "to": "urgent"} in contract_changes(preview)


def test_a_stock_preview_names_the_field_in_words(actions, aurora, engineer):
    part = PartFactory(vessel=aurora, part_number="FLT-9", stock=10)
    as_engineer = actions.as_user(engineer)

    html = text(as_engineer.html_preview("record_stock_count", {"part_id": part.pk, "counted_quantity": 7}))

    assert "<td>Quantity on hand</td><td>10</td><td><strong>7</strong></td>" in html
    assert "quantity_on_hand" not in html.split("<table")[1].split("</table>")[0]


def test_the_signature_on_the_result_step_reads_as_a_date_and_a_role(actions, aurora, chief):
    fault = FaultFactory(equipment=EquipmentFactory(vessel=aurora), fault_code="E047")
    as_chief = actions.as_user(chief)
    form = {"fault_id": fault.pk, "title": "Coolant temperature", "priority": "high"}

    preview, done = as_chief.html_run("create_work_order_from_fault", form, secret=PASSWORD)

    assert "(Chief engineer), " in text(preview)  # the signing box
    signature = done.context["result"]["signature"]
    html = text(done)
    assert f"Signed by <strong>{chief.printed_name}</strong> (Chief engineer), {moment(signature['signed_at'])}" in html
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", html)
    assert signature["signed_at"] not in html and "chief_engineer" not in html
    assert signature["role"] == "chief_engineer"  # the JSON keeps the stored value


def test_the_trail_shows_names_labels_and_verbose_field_names(actions, aurora, chief):
    engineer = member(aurora, Role.ENGINEER, username="eng2", first_name="Ana", last_name="Silva")
    equipment = EquipmentFactory(vessel=aurora, code="GEN-1", name="Generator 1")
    order = WorkOrderFactory(vessel=aurora, equipment=equipment)
    as_chief = actions.as_user(chief)
    assert as_chief.run("start_work_order", {"work_order_id": str(order.pk)}).status_code == 200
    order = WorkOrder.objects.get(pk=order.pk)
    order.assignee = engineer
    order.save()

    html = text(as_chief.client.get(order.get_absolute_url()))
    trail = html.split('<section class="card audit-trail">')[1]

    assert '<span class="change-label">Status</span>: Open → In progress' in trail
    assert f'<span class="change-label">Assignee</span>: {chief.printed_name} → Ana Silva' in trail
    assert '<span class="change-label">Equipment</span>: — → GEN-1 Generator 1' in trail
    assert chief.printed_name in trail and "Start work" in trail
    assert str(engineer.pk) not in trail and str(equipment.pk) not in trail and "assignee_id" not in trail
    assert f"<td>{chief.printed_name}</td>" in trail  # who, by printed name, not the username


def test_a_work_orders_trail_merges_its_notes_parts_lines_and_ledger_rows_in_time_order(actions, aurora, engineer):
    order = WorkOrderFactory(vessel=aurora, status="in_progress")
    part = PartFactory(vessel=aurora, part_number="IMP-7", stock=5)
    as_engineer = actions.as_user(engineer)
    steps = [
        ("add_note_to_work_order", {"work_order_id": str(order.pk), "note_text": "Pump dismantled."}),
        ("add_part_to_work_order", {"work_order_id": str(order.pk), "part_id": str(part.pk), "quantity": 2}),
        (
            "log_part_usage",
            {"part_id": str(part.pk), "quantity": 1, "work_order_id": str(order.pk), "usage_reason": "work_order"},
        ),
    ]
    for name, payload in steps:
        assert as_engineer.run(name, payload).status_code == 200
    other = WorkOrderFactory(vessel=aurora)
    WorkOrderNoteFactory(work_order=other, note_text="Not this one.")

    response = as_engineer.client.get(order.get_absolute_url())

    kinds = [line.kind for line in response.context["audit_entries"]]
    assert kinds[:3] == ["Stock movement", "Work order part", "Work order note"]  # newest first
    times = [line.entry.timestamp for line in response.context["audit_entries"]]
    assert times == sorted(times, reverse=True)
    trail = text(response).split('<section class="card audit-trail">')[1]
    assert "Pump dismantled." in trail and "Not this one." not in trail
    assert '<span class="change-label">Quantity</span>: — → -1' in trail
    assert '<span class="change-label">Reason</span>: — → Work order' in trail
    assert "IMP-7" in trail and str(part.pk) not in trail


def test_the_admins_audit_list_shows_record_types_and_changes_in_words(client, aurora, chief):
    chief.is_superuser = chief.is_staff = True
    chief.save()
    order = WorkOrderFactory(vessel=aurora, title="Replace impeller")
    order.status = "in_progress"
    order.assignee = chief
    order.save()
    client.force_login(chief)

    html = text(client.get(reverse("admin:audit_auditentry_changelist")))

    assert "column-object_kind" in html and '<td class="field-object_kind">Work order</td>' in html
    assert f"Status: Open → In progress; Assignee: — → {chief.printed_name}" in html  # in the model's field order
    assert "workorders.workorder" not in html.split('id="result_list"')[1].split("</table>")[0]
    assert AuditEntry.objects.filter(object_type="workorders.workorder", object_id=str(order.pk)).count() == 2
    assert site.is_registered(WorkOrder)


@pytest.mark.parametrize("length", [0, 1, 5, 200, "x"])
@pytest.mark.parametrize(
    "value", ["", "Short", "x" * 200, "x" * 201, "e\u0301" * 150, "\u00e9" * 250, "Seal kit → 2 pcs", 12345]
)
def test_the_pages_truncatechars_answers_as_djangos(value, length):
    from django.template import defaultfilters, engines

    from pms.templatetags.pms_format import truncatechars

    assert truncatechars(value, length) == defaultfilters.truncatechars(value, length)
    rendered = engines["django"].from_string(f"{{{{ v|truncatechars:'{length}' }}}}").render({"v": value})
    assert rendered == str(defaultfilters.truncatechars(value, length))

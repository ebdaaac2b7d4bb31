"""assign_work_order: who does a work order and by when, from its page, by a head of department."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from pms.roles import Role
from tests.actions import contract_changes, error_code
from tests.factories import WorkOrderFactory, member
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

NAME = "assign_work_order"


@pytest.fixture
def order(aurora):
    return WorkOrderFactory(vessel=aurora, status="open")


@pytest.fixture
def ana(aurora):
    return member(aurora, Role.ENGINEER, username="ana", first_name="Ana", last_name="Silva")


def test_a_hod_assigns_and_sets_a_due_date_audited(actions, chief, order, ana):
    payload = {"work_order_id": str(order.pk), "assignee_id": str(ana.pk), "due_date": "2030-06-30"}
    api = actions.as_user(chief)

    preview = api.preview(NAME, payload).json()["preview"]
    assert contract_changes(preview) == [
        {"entity": f"work order {order.number}", "field": "assignee", "from": None, "to": "Ana Silva"},
        {"entity": f"work order {order.number}", "field": "due_date", "from": None, "to": "2030-06-30"},
    ]
    assert preview["changes"][1]["to_label"] == "30 Jun 2030"
    response = api.run(NAME, payload)

    assert response.status_code == 200, response.json()
    order.refresh_from_db()
    assert (order.assignee, order.due_date) == (ana, date(2030, 6, 30))
    entry = AuditEntry.objects.get(pk=response.json()["result"]["audit_log_id"])
    assert entry.action_name == NAME and entry.actor == chief
    assert entry.changes == {"assignee_id": [None, str(ana.pk)], "due_date": [None, "2030-06-30"]}
    assert response.json()["message"] == f"{order.number}: assigned to Ana Silva, due 30 Jun 2030."


def test_empty_unassigns_and_clears_and_a_left_out_field_stays(actions, chief, order, ana):
    order.assignee, order.due_date = ana, date(2030, 1, 1)
    order.save()
    api = actions.as_user(chief)

    assert api.run(NAME, {"work_order_id": str(order.pk), "due_date": "2030-02-01"}).status_code == 200
    order.refresh_from_db()
    assert (order.assignee, order.due_date) == (ana, date(2030, 2, 1))

    assert api.run(NAME, {"work_order_id": str(order.pk), "assignee_id": "", "due_date": None}).status_code == 200
    order.refresh_from_db()
    assert (order.assignee, order.due_date) == (None, None)


def test_only_members_of_the_work_orders_vessel_can_be_assigned(actions, chief, order, borealis_chief, aurora):
    former = member(aurora, Role.ENGINEER, username="former")
    former.memberships.update(active=False)
    api = actions.as_user(chief)

    for assignee in (borealis_chief, former):
        response = api.preview(NAME, {"work_order_id": str(order.pk), "assignee_id": str(assignee.pk)})
        assert response.status_code == 404 and error_code(response) == "ASSIGNEE_NOT_FOUND"
    order.refresh_from_db()
    assert order.assignee is None


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_a_closed_or_cancelled_work_order_is_refused(actions, chief, aurora, ana, status):
    order = WorkOrderFactory(vessel=aurora, status=status)

    response = actions.as_user(chief).execute(NAME, {"work_order_id": str(order.pk), "assignee_id": str(ana.pk)})

    assert response.status_code == 409 and error_code(response) == "WO_CLOSED"
    assert WorkOrder.objects.get(pk=order.pk).assignee is None


@pytest.mark.parametrize("role", [Role.CREW, Role.ENGINEER, Role.ETO])
def test_only_heads_of_department_assign(actions, aurora, order, ana, role):
    response = actions.as_user(member(aurora, role)).execute(
        NAME, {"work_order_id": str(order.pk), "assignee_id": str(ana.pk)}
    )

    assert response.status_code == 403 and error_code(response) == "FORBIDDEN"


def test_nothing_to_change_says_so_and_a_past_due_date_warns(actions, chief, order):
    api = actions.as_user(chief)

    same = api.preview(NAME, {"work_order_id": str(order.pk)}).json()["preview"]
    assert same["changes"] == [] and same["warnings"][0]["code"] == "NO_CHANGE"

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    late = api.preview(NAME, {"work_order_id": str(order.pk), "due_date": yesterday}).json()["preview"]
    assert [w["code"] for w in late["warnings"]] == ["DUE_DATE_PASSED"]


def test_the_work_order_page_offers_it_and_the_form_picks_from_the_vessels_members(
    actions, chief, order, ana, borealis_chief
):
    tablet = actions.as_user(chief)
    page = tablet.client.get(order.get_absolute_url()).content.decode()
    assert f'href="/actions/assign_work_order/?work_order_id={order.pk}"' in page

    form = tablet.html_get(NAME, work_order_id=order.pk).content.decode()
    assert f'<option value="{ana.pk}">Ana Silva · Engineer</option>' in form
    assert str(borealis_chief.pk) not in form
    assert '<option value="" selected>Nobody (unassigned)</option>' in form
    assert 'type="date" name="due_date"' in form

    preview, done = tablet.html_run(NAME, {"work_order_id": order.pk, "assignee_id": ana.pk, "due_date": "2030-06-30"})
    html = preview.content.decode()
    assert "<td>Assignee</td><td>—</td><td><strong>Ana Silva</strong></td>" in html
    assert "<td>Due date</td><td>—</td><td><strong>30 Jun 2030</strong></td>" in html
    assert done.status_code == 200 and done.context["step"] == "result"
    order.refresh_from_db()
    assert (order.assignee, order.due_date) == (ana, date(2030, 6, 30))
    page = tablet.client.get(order.get_absolute_url()).content.decode()
    assert "<dd>Ana Silva</dd>" in page

"""Nobody sees another vessel: every URL of the project, every action, every role.

The URL sweep walks the resolver (the project's pages, the JSON API and the admin), so a
new URL is covered the day it is added; a parameter it cannot fill fails it.
"""

import uuid

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from manuals.links import file_link
from manuals.models import ManualDocument
from pms import filelinks
from pms import registry as modules
from pms.actions.base import Kind, registry
from pms.admin import VesselScopedAdmin
from pms.roles import Role
from tests.actions import NoWrites, changed_tables, database_snapshot
from tests.factories import member
from tests.security.fleet import id_variants, seeded_models, valid_payload
from tests.security.urlwalk import Route, fill, routes
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

# Parameters that name an object, and those that do not (filled per case below).
OBJECT_PARAMS = {"pk", "object_id", "id"}
OTHER_PARAMS = {"name", "collection", "app_label", "url", "content_type_id", "field"}
# Views that name their model nowhere the sweep can read it (the signed-file views declare theirs).
VIEW_MODELS = {name: apps.get_model(view.model) for name, view in filelinks.LINK_VIEWS.items()}
# Query strings a URL needs besides its object (a valid link for the object itself).
QUERIES = {
    name: lambda obj, salt=view.salt: {"token": filelinks.file_token(obj, salt=salt)}
    for name, view in filelinks.LINK_VIEWS.items()
}


def model_of(route: Route):
    callback = route.callback
    if hasattr(callback, "model_admin"):
        return callback.model_admin.model
    view_class = getattr(callback, "view_class", None)
    if getattr(view_class, "queryset", None) is not None:
        return view_class.queryset.model
    wrapped = callback
    while wrapped is not None:  # an admin view wrapping a ModelAdmin's bound method
        owner = getattr(wrapped, "__self__", None)
        if getattr(owner, "model", None) is not None:
            return owner.model
        wrapped = getattr(wrapped, "__wrapped__", None)
    if route.name in VIEW_MODELS:
        return VIEW_MODELS[route.name]
    pytest.fail(f"{route.route} ({route.name}): the sweep cannot tell which model its id names.")


def cases(route: Route) -> list[tuple[object, dict]]:
    """(model, fillers of the non-object parameters) for each way to fill the route."""
    if "collection" in route.params:
        return [(spec.queryset().model, {"collection": name}) for name, spec in modules.collections().items()]
    if "content_type_id" in route.params:
        models = [m for m in seeded_models() if hasattr(m, "get_absolute_url")]
        return [(m, {"content_type_id": str(ContentType.objects.get_for_model(m).pk)}) for m in models]
    return [(model_of(route), {})]


def missing_pk(model) -> str:
    return str(uuid.uuid4()) if model._meta.pk.get_internal_type() == "UUIDField" else "987654321"


def object_routes():
    found = []
    for route in routes():
        unknown = route.params - OBJECT_PARAMS - OTHER_PARAMS
        assert not unknown, f"{route.route}: the sweep cannot fill {sorted(unknown)}; teach it."
        if route.params & OBJECT_PARAMS:
            assert not route.is_regex, f"{route.route}: an object id in a regex route; teach the sweep."
            found.append(route)
    return found


def normalised(response, *ids) -> tuple:
    location = response.get("Location", "")
    for pk in ids:
        location = location.replace(str(pk), "<id>")
    return response.status_code, location


def test_every_url_hides_other_vessels_objects(client, crew, aurora_hod, aurora_fleet, borealis_fleet):
    found = object_routes()
    names = {r.name for r in found}
    assert {"workorders:detail", "api:collection_item", "manuals:file", "photos:file", "admin:view_on_site"} <= names
    leaks, controls = [], 0
    for route in found:
        [param] = route.params & OBJECT_PARAMS
        for model, extra in cases(route):
            ours, theirs = aurora_fleet.row_of(model), borealis_fleet.row_of(model)
            query = QUERIES.get(route.name, lambda obj: {})
            missing = missing_pk(model)
            # Only an officer gets into the admin; anyone else is sent to its login page.
            for user in (aurora_hod,) if route.route.startswith("admin/") else (crew, aurora_hod):
                client.force_login(user)
                foreign = client.get(fill(route, {**extra, param: str(theirs.pk)}), query(theirs))
                absent = client.get(fill(route, {**extra, param: missing}), query(theirs))
                own = client.get(fill(route, {**extra, param: str(ours.pk)}), query(ours))
                where = f"{route.route} {model._meta.label} as {user.username}"
                if not route.route.startswith("admin/"):
                    if foreign.status_code != 404:
                        leaks.append(f"{where}: {foreign.status_code}, not 404")
                    if own.status_code != 200:
                        leaks.append(f"{where}: own vessel's row gives {own.status_code} (sweep not meaningful)")
                    controls += 1
                    continue
                # The admin answers a missing object with 404 (a model the officer may not use
                # at all is 403 for any id). Another vessel's row gets exactly that answer.
                if normalised(foreign, theirs.pk) != normalised(absent, missing):
                    leaks.append(f"{where}: {normalised(foreign, theirs.pk)} differs from a missing id's")
                # (Django's bare `<model>/<id>/` URL only redirects to that id's change page.)
                moved_to_change = foreign.status_code == 302 and foreign["Location"].endswith("/change/")
                if foreign.status_code not in (403, 404) and not moved_to_change:
                    leaks.append(f"{where}: {foreign.status_code} {foreign.get('Location', '')}")
                model_admin = getattr(route.callback, "model_admin", None)
                if route.name.endswith("_change") and isinstance(model_admin, VesselScopedAdmin):
                    assert own.status_code == 200, f"{where}: own vessel's row gives {own.status_code}"
                    controls += 1
    assert not leaks, "Another vessel's rows showed through:\n" + "\n".join(leaks)
    assert controls > 20


def test_a_manual_link_of_another_vessel_is_404(client, crew, borealis_chief, aurora_fleet, borealis_fleet):
    document = borealis_fleet.row_of(ManualDocument)
    url, _ = file_link(document, page=1)
    client.force_login(crew)
    assert client.get(url).status_code == 404
    client.force_login(borealis_chief)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def run_step(actions, action, step, payload):
    """One step of `action` over the JSON API; a prefill gets the payload's scalars as its parameters."""
    if step == "prefill":
        return actions.prefill(action.name, **{k: v for k, v in payload.items() if not isinstance(v, list | dict)})
    return getattr(actions, step)(action.name, payload)


def steps_of(action):
    return ["execute"] if action.kind == Kind.READ else ["prefill", "preview", "execute"]


def test_every_action_refuses_another_vessels_ids(actions, crew, aurora_hod, aurora_fleet, borealis_fleet):
    failures, checked = [], 0
    people = {user.username: actions.as_user(user) for user in (crew, aurora_hod)}
    for action in registry.all():
        for field, payload in id_variants(action, aurora_fleet, borealis_fleet):
            for who, person in people.items():
                for step in steps_of(action):
                    if step == "prefill" and field == "parts_used":
                        continue  # a list is not a prefill parameter
                    response = run_step(person, action, step, payload)
                    code = response.json().get("error", {}).get("code", "")
                    checked += 1
                    if response.status_code != 404 or not code.endswith("_NOT_FOUND"):
                        failures.append(f"{action.name} {step} {field} as {who}: {response.status_code} {code}")
                if field == "parts_used":
                    continue  # the HTML flow takes no list in its query string
                # The HTML flow opened with the other vessel's id shows nothing of it either.
                html = person.html_get(action.name, **{k: v for k, v in payload.items() if isinstance(v, str)})
                if action.kind == Kind.MUTATE and html.status_code != 404:
                    failures.append(f"{action.name} HTML prefill {field} as {who}: {html.status_code}")
    assert not failures, "\n".join(failures)
    assert checked > 100


def test_every_role_not_allowed_is_forbidden_before_anything_happens(actions, aurora, aurora_fleet):
    """A refused role changes nothing at all: no row of any table, the audit log included, and not one write runs."""
    failures, checked = [], 0
    users = {role: actions.as_user(member(aurora, role, username=f"as_{role}")) for role in Role.values}
    for person in users.values():
        person.client.get("/api/v1/actions")  # a session's first request stamps it: settle it before measuring
    for action in registry.all():
        assert action.roles, f"{action.name} declares no roles"
        payload = valid_payload(action.name, aurora_fleet)
        for role in sorted(set(Role.values) - action.roles):
            steps = [s for s in steps_of(action) if s != "preview"]
            for step in steps:
                where = f"{action.name} {step} as {role}"
                before = database_snapshot()
                with NoWrites(where):
                    response = run_step(users[role], action, step, payload)
                changed = changed_tables(before, database_snapshot())
                code = response.json().get("error", {}).get("code")
                checked += 1
                if (response.status_code, code) != (403, "FORBIDDEN"):
                    failures.append(f"{where}: {response.status_code} {code}")
                if changed:
                    failures.append(f"{where} changed {changed}")
    assert not failures, "\n".join(failures)
    assert checked >= 10


def test_the_assignee_may_complete_their_own_work_order_whatever_their_role(actions, aurora, crew, aurora_fleet):
    action = registry.get("mark_work_order_complete")
    assert Role.CREW not in action.roles
    payload = valid_payload(action.name, aurora_fleet)
    as_crew = actions.as_user(crew)
    assert run_step(as_crew, action, "prefill", payload).status_code == 403
    work_order = aurora_fleet[WorkOrder]
    work_order.assignee = crew
    work_order.save()
    response = run_step(as_crew, action, "prefill", payload)
    assert response.status_code == 200, response.json()
    assert response.json()["prefill"]["work_order_id"] == str(work_order.pk)


def test_view_on_site_still_opens_own_rows(client, aurora_hod, aurora_fleet, borealis_fleet):
    content_type = ContentType.objects.get_for_model(WorkOrder)
    client.force_login(aurora_hod)
    own = client.get(f"/admin/r/{content_type.pk}/{aurora_fleet[WorkOrder].pk}/")
    assert own.status_code == 302 and own["Location"].endswith(f"/work-orders/{aurora_fleet[WorkOrder].pk}/")
    assert client.get(f"/admin/r/{content_type.pk}/{borealis_fleet[WorkOrder].pk}/").status_code == 404
    assert client.get(f"/admin/r/{content_type.pk}/not-a-uuid/").status_code == 404

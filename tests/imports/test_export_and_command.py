"""The plan exports in the import format and imports back unchanged; the templates read back
through the importer; `manage.py import_plan` reports the same rows and writes only for real;
a preview of hundreds of rows takes a handful of queries; the import page and the flow."""

import csv
import io
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from equipment.models import Equipment
from imports import rules
from imports.samples import sample_rows, sample_workbook
from maintenance.models import MaintenanceJob
from tests.actions import changed_tables, database_snapshot
from tests.factories import EquipmentFactory, MaintenanceJobFactory, VesselFactory, member
from tests.imports.conftest import Importer, csv_file

pytestmark = pytest.mark.django_db


def test_an_export_of_the_plan_imports_back_with_0_changes(as_chief, aurora):
    assert as_chief.run(sample_workbook()).status_code == 200
    # A text cell a spreadsheet would run as a formula, and one that merely starts with an apostrophe.
    EquipmentFactory(vessel=aurora, code="ODD-1", name='=HYPERLINK("http://x")', location="'=quoted")
    response = as_chief.client.client.get("/imports/export/plan.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="AURORA-plan.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == list(rules.KINDS)
    names = [row[1] for row in book["equipment"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in names  # escaped, and stored as text, not a formula
    assert all(cell.data_type != "f" for row in book["equipment"].iter_rows() for cell in row)

    report = as_chief.report(response.content, "AURORA-plan.xlsx")
    assert report["counts"]["changes"] == 0, [r for r in report["rows"] if r["outcome"] != "unchanged"]
    assert report["counts"]["unchanged"] == sample_rows() + 1

    # Into a fresh vessel it creates the same plan.
    fresh = VesselFactory(code="NEWBUILD")
    importer = Importer(as_chief.client.as_user(member(fresh, "chief_engineer", username="newbuild_chief")), fresh)
    assert importer.run(response.content, "AURORA-plan.xlsx").status_code == 200
    assert Equipment.objects.get(vessel=fresh, code="ODD-1").name == '=HYPERLINK("http://x")'
    assert Equipment.objects.get(vessel=fresh, code="ODD-1").location == "'=quoted"
    assert MaintenanceJob.objects.filter(vessel=fresh).count() == MaintenanceJob.objects.filter(vessel=aurora).count()


def test_each_kind_exports_as_csv_and_imports_back_unchanged(as_chief, aurora):
    as_chief.run(sample_workbook())
    for kind in rules.KINDS:
        response = as_chief.client.client.get(f"/imports/export/{kind}.csv")
        assert response.status_code == 200
        assert response.content.startswith("\ufeff".encode())
        header = next(csv.reader(StringIO(response.content.decode("utf-8-sig"))))
        assert header == rules.KINDS[kind].column_names
        report = as_chief.report(response.content, f"AURORA-{kind}.csv", kind)
        assert report["counts"]["changes"] == 0 and report["counts"]["refused"] == 0, (kind, report)


def test_the_templates_read_back_through_the_importer(as_chief, aurora, client, chief):
    client.force_login(chief)
    response = client.get("/imports/templates/plan.xlsx")
    assert response.status_code == 200
    report = as_chief.report(response.content, "template-plan.xlsx")
    assert report["counts"] == {"create": 6, "update": 0, "unchanged": 0, "refused": 0, "changes": 6, "rows": 6}
    # The CSV templates, one kind at a time, in order, build the same plan.
    for kind in rules.KINDS:
        template = client.get(f"/imports/templates/{kind}.csv")
        assert template.status_code == 200
        done = as_chief.run(template.content, f"template-{kind}.csv", kind)
        assert done.status_code == 200, done.json()
    assert MaintenanceJob.objects.get(vessel=aurora, code="ME-PS-500H").kit.count() == 1
    assert client.get("/imports/templates/secrets.csv").status_code == 404
    assert client.get("/imports/export/report_fault").status_code == 404


def test_the_command_reports_every_row_writes_nothing_on_a_dry_run_and_writes_for_real(tmp_path, aurora):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(sample_workbook())
    before = database_snapshot()
    out = StringIO()
    call_command("import_plan", str(path), "--vessel", "aurora", "--dry-run", stdout=out)
    assert changed_tables(before, database_snapshot()) == []
    text = out.getvalue()
    assert "equipment row 2 ME-PS: create" in text
    assert f"AURORA: {sample_rows()} changes: {sample_rows()} to create, 0 to update, 0 unchanged, 0 refused" in text
    assert "Dry run: nothing written." in text

    out = StringIO()
    call_command("import_plan", str(path), "--vessel", "AURORA", stdout=out)
    assert "Imported into AURORA." in out.getvalue()
    assert Equipment.objects.filter(vessel=aurora).count() == 4
    assert AuditEntry.objects.filter(actor_label="system:import_plan", operation="create").exists()

    out = StringIO()
    call_command("import_plan", str(path), "--vessel", "AURORA", stdout=out)
    assert f"0 changes: 0 to create, 0 to update, {sample_rows()} unchanged, 0 refused" in out.getvalue()


def test_the_command_refuses_a_file_with_refused_rows_and_writes_nothing(tmp_path, aurora):
    path = tmp_path / "jobs.csv"
    path.write_bytes(csv_file("code,equipment_code,title,interval_days", "J-1,NOPE,Job,30"))
    before = database_snapshot()
    out = StringIO()
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_plan", str(path), "--vessel", "AURORA", stdout=out)
    assert "jobs row 2 J-1: refused — row 2, equipment_code: NOPE: no such equipment" in out.getvalue()
    assert changed_tables(before, database_snapshot()) == []
    with pytest.raises(CommandError, match="No vessel"):
        call_command("import_plan", str(path), "--vessel", "NOWHERE")


def big_plan(rows: int) -> bytes:
    lines = ["code,name,parent_code"] + [f"EQ-{n},Equipment {n},{'EQ-0' if n else ''}" for n in range(rows)]
    return csv_file(*lines)


def test_a_preview_of_hundreds_of_rows_takes_a_bounded_number_of_queries(
    as_chief, aurora, django_assert_max_num_queries
):
    for n in range(0, 300, 2):  # half of them exist already: updates and unchanged rows too
        EquipmentFactory(vessel=aurora, code=f"EQ-{n}", name=f"Equipment {n}" if n % 4 else "Old name")
    MaintenanceJobFactory(equipment=Equipment.objects.get(vessel=aurora, code="EQ-0"), code="J-0", interval_days=7)
    payload = as_chief.payload(big_plan(300), "equipment.csv", "equipment")
    with django_assert_max_num_queries(12):
        response = as_chief.client.preview("import_plan", payload)
    report = response.json()["preview"]["report"]
    assert report["counts"]["rows"] == 300 and report["counts"]["create"] == 150


def test_the_import_page_links_templates_export_and_the_flow(client, chief, crew, aurora):
    client.force_login(chief)
    page = client.get("/imports/").content.decode()
    for link in ("/actions/import_plan/", "/imports/templates/plan.xlsx", "/imports/templates/jobs.csv"):
        assert link in page
    assert "/imports/export/plan.xlsx" in page
    plan_page = client.get("/maintenance/jobs/").content.decode()
    assert "/imports/export/plan.xlsx" in plan_page and "/imports/" in plan_page
    client.force_login(crew)
    assert "/actions/import_plan/" not in client.get("/imports/").content.decode()


def test_the_html_flow_shows_the_counts_and_every_row_then_imports(actions, chief, aurora):
    as_chief = actions.as_user(chief)
    upload_id = Importer(as_chief, aurora).stage(sample_workbook())
    form = as_chief.html_get("import_plan", upload_id=upload_id)
    assert "4 equipment rows" in form.content.decode()
    preview, done = as_chief.html_run("import_plan", {"upload_id": upload_id, "kind": ""})
    html = preview.content.decode()
    assert f'<h2 class="import-counts">{sample_rows()} changes</h2>' in html
    assert "ME-PS-TC" in html and "outcome-create" in html
    assert done.status_code == 200, done.content.decode()[:3000]
    assert f"Imported {sample_rows()} changes" in done.content.decode()
    again, _ = as_chief.html_run("import_plan", {"upload_id": upload_id, "kind": ""})
    assert '<h2 class="import-counts">0 changes</h2>' in again.content.decode()


def test_a_workbook_of_every_kind_previews_in_the_same_few_queries_however_many_rows(
    as_chief, aurora, django_assert_max_num_queries
):
    from imports.export import workbook
    from imports.samples import SAMPLE_PLAN

    assert as_chief.run(sample_workbook()).status_code == 200
    bigger = {kind: list(rows) for kind, rows in SAMPLE_PLAN.items()}
    bigger["equipment"] += [{"code": f"EQ-{n}", "name": f"Pump {n}", "parent_code": "ME-PS"} for n in range(100)]
    bigger["jobs"] += [
        {"code": f"EQ-{n}-30D", "equipment_code": f"EQ-{n}", "title": "Check", "interval_days": 30} for n in range(100)
    ]
    bigger["job_kit"] += [{"job_code": f"EQ-{n}-30D", "part_number": "MTU-X00061050"} for n in range(100)]
    for content in (sample_workbook(), workbook(bigger)):
        payload = as_chief.payload(content)
        with django_assert_max_num_queries(14):
            response = as_chief.client.preview("import_plan", payload)
        assert response.status_code == 200


def test_the_export_holds_only_the_current_vessels_plan_in_a_bounded_number_of_queries(
    client, chief, aurora, borealis, django_assert_max_num_queries
):
    EquipmentFactory(vessel=aurora, code="ME-PS", name="Main engine port")
    EquipmentFactory(vessel=borealis, code="BX-SECRET", name="Borealis only")
    for n in range(30):
        MaintenanceJobFactory(equipment=EquipmentFactory(vessel=aurora, code=f"P-{n}"), interval_days=30)
    client.force_login(chief)
    with django_assert_max_num_queries(14):
        response = client.get("/imports/export/plan.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    codes = [row[0] for row in book["equipment"].iter_rows(min_row=2, values_only=True)]
    assert "ME-PS" in codes and "BX-SECRET" not in codes
    assert len(list(book["jobs"].iter_rows(min_row=2))) == 30
    csv_text = client.get("/imports/export/equipment.csv").content.decode("utf-8-sig")
    assert "BX-SECRET" not in csv_text

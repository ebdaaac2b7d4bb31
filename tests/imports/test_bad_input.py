"""Bad plan files are refused clearly, in the preview, and nothing is written: wrong or missing
columns, an empty or oversized file, Latin-1 text, formulas, bad values, duplicate codes,
codes of another vessel; a role that may not import, another vessel's upload."""

import io

import openpyxl
import pytest

from equipment.models import Equipment
from imports.actions.import_plan import PURPOSE
from pms.models import Upload
from pms.roles import Role
from tests.actions import NoWrites, changed_tables, database_snapshot, error_code
from tests.factories import EquipmentFactory, member
from tests.imports.conftest import Importer, csv_file, outcomes, problems

pytestmark = pytest.mark.django_db


def refused_preview(importer, content, name="plan.csv", kind="equipment"):
    payload = importer.payload(content, name, kind)
    before = database_snapshot()
    with NoWrites("the preview"):
        response = importer.client.preview("import_plan", payload)
    execute = importer.client.execute("import_plan", payload)
    assert changed_tables(before, database_snapshot()) == []
    return response, execute


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        (["code,location", "BP-1,ER"], "equipment: missing column name"),
        (["code,nmae", "BP-1,Bilge pump"], "equipment: missing column name; equipment: unknown column nmae"),
        (["name", "Bilge pump"], "equipment: missing column code"),
        (["code,name,name", "BP-1,Bilge,Pump"], "equipment: column name given twice"),
        (["code,name"], "The file has no rows below its header."),
        (["", "", ""], "The file is empty."),
    ],
)
def test_wrong_missing_or_no_columns_are_named_and_nothing_is_written(as_chief, lines, words):
    response, execute = refused_preview(as_chief, csv_file(*lines))
    assert response.status_code == 400
    assert error_code(response) == "IMPORT_UNREADABLE"
    assert words in response.json()["error"]["message"]
    assert error_code(execute) == "IMPORT_UNREADABLE"


def test_an_empty_file_is_refused_when_it_is_sent(as_chief, aurora):
    response = as_chief.client.upload(b"", name="equipment.csv", purpose=PURPOSE, vessel="AURORA")
    assert (response.status_code, error_code(response)) == (400, "UPLOAD_EMPTY")
    assert not Upload.objects.exists()


def test_an_80_mb_file_is_refused_with_413_and_nothing_is_stored(as_chief, aurora):
    response = as_chief.client.client.post(
        f"/uploads/?purpose={PURPOSE}",
        {"purpose": PURPOSE, "file": io.BytesIO(b"code,name\r\n")},
        headers={"Content-Length": str(80 * 1024 * 1024)},
    )
    assert (response.status_code, error_code(response)) == (413, "UPLOAD_TOO_LARGE")
    assert "at most 10 MB" in response.json()["error"]["message"]
    assert not Upload.objects.exists()


def test_a_spreadsheet_that_is_not_a_workbook_is_refused_when_it_is_sent(as_chief):
    response = as_chief.client.upload(b"code,name\r\n", name="plan.xlsx", purpose=PURPOSE, vessel="AURORA")
    assert (response.status_code, error_code(response)) == (400, "UPLOAD_REFUSED")
    response = as_chief.client.upload(b"%PDF-1.7", name="plan.pdf", purpose=PURPOSE, vessel="AURORA")
    assert (response.status_code, error_code(response)) == (400, "UPLOAD_REFUSED")


def test_a_latin_1_csv_is_refused_naming_the_line(as_chief):
    content = "code,name\r\nWM-1,Watermaker\r\nAC-1,Klimaanlage Kühlung\r\n".encode("latin-1")
    response, execute = refused_preview(as_chief, content)
    assert error_code(response) == "IMPORT_UNREADABLE"
    assert "Line 3 is not UTF-8 text" in response.json()["error"]["message"]


def test_a_utf8_csv_with_a_byte_order_mark_reads(as_chief):
    content = "\ufeffcode,name\r\nAC-1,Klimaanlage Kühlung\r\n".encode()
    report = as_chief.report(content, "equipment.csv", "equipment")
    assert outcomes(report) == [("equipment", 2, "AC-1", "create")]


def test_a_csv_that_does_not_say_its_kind_is_refused(as_chief):
    response = as_chief.preview(csv_file("code,name", "A,B"), "plan.csv", "")
    assert error_code(response) == "IMPORT_UNREADABLE"
    assert "Say which kind of rows this CSV holds" in response.json()["error"]["message"]
    # Named like its kind, it says so itself.
    assert as_chief.report(csv_file("code,name", "A,B"), "equipment.csv", "")["counts"]["create"] == 1


def workbook(rows_by_sheet: dict) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in rows_by_sheet.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_formula_in_a_cell_is_refused_never_evaluated(as_chief, aurora):
    content = workbook(
        {
            "equipment": [["code", "name"], ["WM-1", "Watermaker"]],
            "jobs": [
                ["code", "equipment_code", "title", "interval_days"],
                ["WM-1-A", "WM-1", "Clean", 30],
                ["WM-1-B", "WM-1", "Flush", 7],
                ["WM-1-C", "WM-1", "Check", 14],
                ["WM-1-D", "WM-1", "Descale", "=30*2"],
            ],
        }
    )
    report = as_chief.report(content)
    assert problems(report) == ["row 5, interval_days: a formula, not a value"]
    assert report["counts"] == {"create": 4, "update": 0, "unchanged": 0, "refused": 1, "changes": 4, "rows": 5}
    response, execute = refused_preview(as_chief, content, "plan.xlsx", "")
    assert response.status_code == 200
    assert (execute.status_code, error_code(execute)) == (400, "IMPORT_REFUSED")
    error = execute.json()["error"]
    assert "row 5, interval_days: a formula, not a value" in error["message"]
    assert error["details"]["refused"] == [
        {"kind": "jobs", "row": 5, "key": "WM-1-D", "problems": ["row 5, interval_days: a formula, not a value"]}
    ]
    assert not Equipment.objects.filter(vessel=aurora).exists()


def test_bad_values_are_refused_with_row_column_and_reason(as_chief, aurora):
    EquipmentFactory(vessel=aurora, code="ME-PS")
    lines = ["code,equipment_code,title,interval_days,interval_hours,critical,schedule"]
    lines += [f"J-{n},ME-PS,Job {n},30,,no,floating" for n in range(2, 14)]
    lines += [
        "J-14,ME-PS,Job 14,30,five hundred,no,floating",
        "J-15,ME-PS,Job 15,30.5,,no,floating",
        "J-16,ME-PS,Job 16,30,,perhaps,floating",
        "J-17,ME-PS,Job 17,30,,no,weekly",
        "J-18,ME-PS,,30,,no,floating",
    ]
    response, execute = refused_preview(as_chief, csv_file(*lines), "jobs.csv", "jobs")
    report = response.json()["preview"]["report"]
    assert problems(report) == [
        "row 14, interval_hours: not a number",
        "row 15, interval_days: 30.5 is not a whole number",
        "row 16, critical: perhaps is not yes or no",
        "row 17, schedule: weekly is not one of floating, fixed",
        "row 18, title: required, but empty",
    ]
    assert report["counts"]["refused"] == 5 and report["counts"]["create"] == 12
    warnings = [w["message"] for w in response.json()["preview"]["warnings"]]
    assert warnings == [
        "5 rows refused, nothing is imported until the file is corrected: row 14, interval_hours: not a number; "
        "row 15, interval_days: 30.5 is not a whole number; row 16, critical: perhaps is not yes or no; and 2 more."
    ]
    assert error_code(execute) == "IMPORT_REFUSED"


def test_duplicate_codes_within_one_file_are_refused(as_chief):
    content = csv_file("code,name", "BP-1,Bilge pump", "BP-2,Bilge pump 2", "BP-1,Bilge pump again")
    response, execute = refused_preview(as_chief, content)
    assert problems(response.json()["preview"]["report"]) == ["row 4, code: BP-1 is also on row 2"]
    assert error_code(execute) == "IMPORT_REFUSED"


def test_another_vessels_codes_are_no_such_code_here(as_chief, aurora, borealis):
    EquipmentFactory(vessel=borealis, code="BX-ME", name="Borealis main engine")
    content = csv_file("code,name,parent_code", "BX-ME-TC,Turbocharger,BX-ME")
    response, execute = refused_preview(as_chief, content)
    report = response.json()["preview"]["report"]
    assert problems(report) == ["row 2, parent_code: BX-ME: no such equipment"]
    assert "Borealis" not in response.content.decode()
    counters = csv_file("equipment_code,reading", "BX-ME,100")
    assert problems(as_chief.report(counters, "counters.csv", "counters")) == [
        "row 2, equipment_code: BX-ME: no such equipment"
    ]
    # The same code is free to be created on this vessel.
    assert outcomes(as_chief.report(csv_file("code,name", "BX-ME,Spare engine"), "equipment.csv", "equipment")) == [
        ("equipment", 2, "BX-ME", "create")
    ]


def test_a_hierarchy_that_loops_is_refused(as_chief):
    content = csv_file("code,name,parent_code", "A,A,B", "B,B,A")
    report = refused_preview(as_chief, content)[0].json()["preview"]["report"]
    assert problems(report) == [
        "row 2, parent_code: B: would make A part of itself",
        "row 3, parent_code: A: would make B part of itself",
    ]


@pytest.mark.parametrize("role", [Role.CREW, Role.ENGINEER, Role.ETO])
def test_only_heads_of_department_import(actions, aurora, chief, role):
    person = member(aurora, role, username=f"as_{role}")
    staged = Importer(actions.as_user(chief), aurora).payload(csv_file("code,name", "BP-1,Bilge pump"), "e.csv")
    staged["kind"] = "equipment"
    client = actions.as_user(person)
    before = database_snapshot()
    for step in ("prefill", "preview", "execute"):
        response = client.step("import_plan", step, staged)
        assert (response.status_code, error_code(response)) == (403, "FORBIDDEN"), step
    assert changed_tables(before, database_snapshot()) == []
    assert not Equipment.objects.exists()


def test_another_vessels_upload_is_not_found(actions, as_chief, borealis, borealis_chief):
    theirs = Importer(actions.as_user(borealis_chief), borealis)
    upload_id = theirs.stage(csv_file("code,name", "BP-1,Bilge pump"), "equipment.csv")
    for step in ("prefill", "preview", "execute"):
        response = as_chief.client.step("import_plan", step, {"upload_id": upload_id, "kind": "equipment"})
        assert (response.status_code, error_code(response)) == (404, "UPLOAD_NOT_FOUND"), step
    assert as_chief.client.html_get("import_plan", upload_id=upload_id).status_code == 404
    assert not Equipment.objects.exists()

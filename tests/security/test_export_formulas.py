"""Exports never carry a formula: hostile text is re-read from every CSV and XLSX export.

A username typed at the login page reaches the auditor's CSV; department, window, staff,
item and hall names reach the manager's report CSV and workbook; complaints feed the
workbook's 投诉建议 sheet. Each export is read back as a spreadsheet program would, and no
cell may begin a formula: text that would is prefixed with an apostrophe in CSV and carries
Excel's quote prefix in the workbook, while every figure stays a number.
"""
import csv
import io

import pytest
from openpyxl import load_workbook

from hall.settings import services as settings
from hall.web.export_cells import csv_row, looks_like_formula, safe_cell
from tests.dashboard.test_reports import november  # noqa: F401  (the fixture)
from tests.factories import TEST_ACTOR

HOSTILE = ("=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tX=1", "\r=1+1",
           '=HYPERLINK("http://x","点我")')
RANGE = "start=2026-11-01&end=2026-11-30"


@pytest.mark.parametrize("value,written", [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@A1", "'@A1"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"), ("-12", "-12"), ("-12.5", "-12.5"),
    ("-3.0%", "-3.0%"), ("+86", "+86"), ("1e-5", "1e-5"), ("张三", "张三"), ("", ""),
    (-5, -5), (0.25, 0.25), (None, None), ("a=b", "a=b"), ("—", "—")])
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def test_csv_row_writes_none_as_empty():
    assert csv_row([None, "=x", 3]) == ["", "'=x", 3]


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    for row in rows:
        for value in row:
            assert not looks_like_formula(value), value
    return rows


def assert_workbook_safe(data: bytes) -> list:
    """Every cell of every sheet: no formula, formula-like text quote-prefixed."""
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    for cell in cells:
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if looks_like_formula(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    return cells


def test_a_hostile_username_at_the_login_page_stays_text_in_the_audit_export(client,
                                                                             login_as):
    for name in HOSTILE:
        client.post("/login", data={"username": name, "password": "wrong-Password-1"})
    login_as("auditor")
    response = client.get("/audit/export.csv")
    assert response.status_code == 200
    rows = assert_csv_safe(response.get_data(as_text=True))
    usernames = [row[2] for row in rows[1:]]
    for name in HOSTILE:
        assert "'" + name in usernames, name


@pytest.fixture
def hostile_hall(november, client, auth):   # noqa: F811
    hall = november
    hall.d1.name = HOSTILE[0]
    hall.w1.name = HOSTILE[1]
    hall.s1.name = HOSTILE[3]
    hall.i1.name = HOSTILE[6]
    settings.update(TEST_ACTOR, {"hall_name": HOSTILE[2]})
    from hall.core.extensions import db
    db.session.commit()
    auth.login(hall.manager.username)
    return hall


def test_hostile_names_stay_text_in_the_report_csv(client, hostile_hall):
    for dimension in ("all", "department", "window", "staff", "item"):
        response = client.get(f"/reports/export.csv?{RANGE}&dimension={dimension}")
        assert response.status_code == 200
        rows = assert_csv_safe(response.get_data(as_text=True))
        flat = {value for row in rows for value in row}
        if dimension in ("all", "department"):
            assert "'" + HOSTILE[0] in flat
        if dimension in ("all", "window"):
            assert any(v.startswith("'" + HOSTILE[1]) or v.endswith(HOSTILE[1]) for v in flat)


def test_hostile_names_stay_text_in_the_workbook_and_figures_stay_numbers(client,
                                                                          hostile_hall):
    response = client.get(f"/reports/export.xlsx?{RANGE}")
    assert response.status_code == 200
    cells = assert_workbook_safe(response.data)
    values = [cell.value for cell in cells]
    assert HOSTILE[2] in values            # the hall's name heads every sheet, as typed
    assert HOSTILE[0] in values            # the department, as typed, quote-prefixed
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    assert len(numbers) > 40               # figures, the 投诉建议 sheet's counts among them
    book = load_workbook(io.BytesIO(response.data))
    complaints = book["投诉建议"]
    assert [complaints.cell(6, c).value for c in (1, 2)] == [4, 2]

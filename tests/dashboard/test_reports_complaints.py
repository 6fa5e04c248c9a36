"""The 投诉建议 figures of the report: k0..k9 of the November fixture (test_reports.py)."""
import csv
import io
import re
from datetime import date

from openpyxl import load_workbook

from hall.core import clock
from hall.dashboard import report_complaints, reports
from tests.dashboard.test_reports import NOVEMBER, november  # noqa: F401  (the fixture)
from tests.dashboard.test_reports_pages import RANGE, manager  # noqa: F401  (the fixture)

HEADERS = ["收到件数", "其中投诉", "其中建议", "其中表扬", "已答复", "已解决", "答复率", "解决率",
           "超期未答复", "逾期答复"]
# k1 k2 k3 k4: received 4 (2 1 1), answered 3, resolved 1, 3/4 and 1/4, k3 overdue, k2 late.
SHOWN = ["4", "2", "1", "1", "3", "1", "75.0%", "25.0%", "1", "1"]
STORED = [4, 2, 1, 1, 3, 1, 0.75, 0.25, 1, 1]


def shown(report: reports.Report) -> list[str]:
    return [reports.display(value, kind)
            for _, value, kind in report_complaints.cells(report.complaints)]


def test_the_november_figures(november):
    report = reports.build(NOVEMBER, clock.now())
    assert [header for header, _, _ in report_complaints.cells(report.complaints)] == HEADERS
    assert shown(report) == SHOWN
    assert report.complaints["by_kind"]["complaint"] == {"received": 2, "answered": 1,
                                                         "resolved": 1}


def test_the_end_day_is_included_and_days_outside_count_nowhere(november):
    def figures(start: date, end: date) -> list[str]:
        return shown(reports.build(reports.Period(start, end), clock.now()))
    # k4 came in at 23:30 on the last day: the range ends at the next hall-local midnight.
    assert figures(date(2026, 11, 30), date(2026, 11, 30)) == [
        "1", "0", "0", "1", "1", "0", "100.0%", "0.0%", "0", "0"]
    # k0, due 11-06 and never answered, is overdue as of the report (12-01).
    assert figures(date(2026, 10, 30), date(2026, 10, 30)) == [
        "1", "1", "0", "0", "0", "0", "0.0%", "0.0%", "1", "0"]
    assert figures(date(2026, 12, 1), date(2026, 12, 1))[:4] == ["1", "0", "1", "0"]
    assert figures(date(2026, 1, 1), date(2026, 1, 31)) == [
        "0", "0", "0", "0", "0", "0", "—", "—", "0", "0"]


def test_the_page_shows_the_block(client, manager):
    text = client.get(f"/reports/?{RANGE}").get_data(as_text=True)
    block = text[text.index('id="complaints"'):text.index('id="bookings"')]
    assert re.findall(r'<th scope="col" class="num">([^<]*)</th>', block) == HEADERS
    assert re.findall(r'<td class="num">([^<]*)</td>', block) == SHOWN
    assert report_complaints.NOTE in text


def test_the_printable_month_has_the_table_and_the_sentence(client, manager):
    text = client.get("/reports/monthly?month=2026-11").get_data(as_text=True)
    block = text[text.index("六、投诉建议"):text.index("七、预约办理")]
    assert re.findall(r'<td class="num">([^<]*)</td>', block) == SHOWN
    assert ("收到投诉建议 4 件（投诉 2 件、建议 1 件、表扬 1 件），已答复 3 件，已解决 1 件，"
            "答复率 75.0%，解决率 25.0%，超期未答复 1 件，逾期答复 1 件") in text
    january = client.get("/reports/monthly?month=2026-01").get_data(as_text=True)
    assert "满意率暂无数据；未收到投诉建议；没有预约办理。" in january


def test_the_workbook_has_a_complaints_sheet(client, manager):
    book = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{RANGE}").data))
    sheet = book["投诉建议"]
    assert sheet["A1"].value == "政务服务中心"
    assert "2026年11月1日至2026年11月30日" in sheet["A2"].value
    assert [c.value for c in sheet[5]] == HEADERS
    assert [c.value for c in sheet[6]] == STORED
    assert sheet["G6"].number_format == "0.0%" and sheet["A6"].number_format == "0"
    assert report_complaints.NOTE in [c.value for c in book["说明"]["A"]]


def test_the_csv_keeps_its_one_table(client, manager):
    text = client.get(f"/reports/export.csv?{RANGE}").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == 14 for row in rows) and "投诉建议" not in text

"""The report page, its Excel and CSV exports, the printable month, who may see them."""
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.settings import services as settings
from tests.dashboard.test_reports import EXPECTED, TOTAL, november  # noqa: F401  (the fixture)
from tests.factories import TEST_ACTOR

RANGE = "start=2026-11-01&end=2026-11-30"
ROUTES = ("/reports/", f"/reports/?{RANGE}", f"/reports/export.xlsx?{RANGE}",
          f"/reports/export.csv?{RANGE}", "/reports/monthly?month=2026-11")
# The hall total as stored in the workbook: counts, minutes and rates as fractions.
TOTAL_VALUES = [7, 5, 1, 12.7, 17.4, 5, 3, 2, 0.6667, 0.3333, 5, 0.6]


@pytest.fixture
def manager(november, client, auth):
    auth.login(november.manager.username)
    return november.manager


def exports_audited() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "report.export")))


def test_the_page_shows_the_four_tables_and_the_totals(client, manager):
    page = client.get(f"/reports/?{RANGE}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2026年11月1日至2026年11月30日" in text
    for title in ("按部门", "按窗口", "按工作人员", "按事项", "全厅合计", "按期办结率",
                  "提前办结率", "满意率", "平均等候（分钟）"):
        assert title in text
    for rows in EXPECTED.values():
        for label, _ in rows:
            assert label in text
    assert text.count(">66.7%<") >= 4 and text.count(">12.7<") == 4     # the total row, 4×
    for link in ("导出 Excel", "导出 CSV", "打印月报", f"/reports/export.xlsx?{RANGE}",
                 "/reports/monthly?month=2026-11"):
        assert link in text.replace("&amp;", "&")
    assert exports_audited() == []                    # reading is not audited


def test_without_a_range_the_page_shows_this_month_with_quick_picks(client, manager):
    text = client.get("/reports/").get_data(as_text=True)     # frozen on 2026-12-01
    assert "2026年12月1日至2026年12月1日" in text
    assert 'value="2026-12-01"' in text
    for label, start, end in (("本月", "2026-12-01", "2026-12-01"),
                              ("上月", "2026-11-01", "2026-11-30"),
                              ("本季度", "2026-10-01", "2026-12-01"),
                              ("今年", "2026-01-01", "2026-12-01")):
        assert f'start={start}&end={end}">{label}</a>' in text.replace("&amp;", "&")


def test_the_workbook_carries_the_same_figures(client, manager):
    response = client.get(f"/reports/export.xlsx?{RANGE}")
    assert response.status_code == 200
    assert "report-20261101-20261130.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["按部门", "按窗口", "按工作人员", "按事项", "投诉建议", "预约办理",
                               "说明"]
    for name, dimension in zip(book.sheetnames, EXPECTED):
        sheet = book[name]
        assert sheet["A1"].value == "政务服务中心"
        assert "2026年11月1日至2026年11月30日" in sheet["A2"].value
        rows = [list(r) for r in sheet.iter_rows(min_row=6, values_only=True)]
        assert [r[0] for r in rows] == [label for label, _ in EXPECTED[dimension]] + ["全厅合计"]
        assert rows[-1][1:] == TOTAL_VALUES
    staff = book["按工作人员"]
    assert [c.value for c in staff[7]][1:] == [3, 3, 0, 11.7, 19.0, 2, 1, 1, 1.0, 1.0, 3, 0.6667]
    assert staff["J6"].number_format == "0.0%" and staff["E6"].number_format == "0.0"
    assert [a.after for a in exports_audited()] == [
        '{"dimension": "all", "end": "2026-11-30", "format": "xlsx", "staff_figures": true, '
        '"start": "2026-11-01"}']


def test_the_csv_parses_and_matches(client, manager):
    response = client.get(f"/reports/export.csv?{RANGE}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode("utf-8"))       # BOM for Excel
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["维度", "名称", "取号数"] and len(rows[0]) == 14
    expected = [[title, label, *figures.split()]
                for dimension, title in zip(EXPECTED, ("部门", "窗口", "工作人员", "事项"))
                for label, figures in EXPECTED[dimension]]
    assert rows[1:-1] == expected
    assert rows[-1] == ["合计", "全厅合计", *TOTAL.split()]
    assert len(exports_audited()) == 1


def test_the_csv_of_one_dimension(client, manager):
    response = client.get(f"/reports/export.csv?{RANGE}&dimension=window")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "窗口" and len(rows) == 1 + 4 + 1
    assert rows[1] == ["1号窗口 民政窗口", *EXPECTED["window"][0][1].split()]
    assert exports_audited() == []                  # no per-staff figures in it
    client.get(f"/reports/export.csv?{RANGE}&dimension=staff")
    assert len(exports_audited()) == 1


def test_names_that_look_like_formulas_stay_text(client, manager, november):
    november.d1.name = "=HYPERLINK(\"http://x\",\"点我\")"
    db.session.commit()
    book = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{RANGE}").data))
    assert book["按部门"]["A6"].value == november.d1.name
    assert book["按部门"]["A6"].data_type == "s" and book["按部门"]["A6"].quotePrefix
    text = client.get(f"/reports/export.csv?{RANGE}&dimension=department").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][0] == "'" + november.d1.name


def test_the_printable_month(client, manager):
    settings.update(TEST_ACTOR, {"hall_name": "渭源县政务服务中心"})
    db.session.commit()
    page = client.get("/reports/monthly?month=2026-11")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "渭源县政务服务中心" in text and "2026年11月政务服务工作月报" in text
    summary = ("2026年11月，大厅共取号 7 张，已办理 5 人次，过号 1 张，平均等候 12.7 分钟，"
               "平均办理 17.4 分钟；受理办件 5 件，办结 3 件，超期 2 件，按期办结率 66.7%，"
               "提前办结率 33.3%；收到评价 5 条，满意率 60.0%；"
               "收到投诉建议 4 件（投诉 2 件、建议 1 件、表扬 1 件），已答复 3 件，已解决 1 件，"
               "答复率 75.0%，解决率 25.0%，超期未答复 1 件，逾期答复 1 件；没有预约办理；"
               "办理量最多的是2号窗口 市场监管窗口（2 人次）。")
    assert summary in text
    for part in ("按部门统计", "按窗口统计", "按工作人员统计", "按事项统计", "制表人", "审核人",
                 "@page", "data-print"):
        assert part in text
    assert "<script>" not in text


def test_the_month_defaults_to_this_one(client, manager):
    text = client.get("/reports/monthly").get_data(as_text=True)
    assert "2026年12月政务服务工作月报" in text and "大厅共取号 1 张" in text
    assert "本月尚未结束，数据截至制表时间" in text
    assert "本月尚未结束" not in client.get("/reports/monthly?month=2026-11").get_data(as_text=True)


@pytest.mark.parametrize("query, message", [
    ("start=2026-11-30&end=2026-11-01", "结束日期不能早于开始日期"),
    ("start=2025-01-01&end=2026-01-02", "统计区间最长 366 天"),
    ("start=2026-13-01&end=2026-12-01", "日期格式应为"),
    ("start=2026-11-01&end=", "请选择结束日期"),
    ("start=2026-11-01", "请选择结束日期"),
    ("start=1999-12-31&end=2000-01-01", "日期须在 2000 年至 2099 年之间"),
    ("start=9999-12-30&end=9999-12-31", "日期须在 2000 年至 2099 年之间"),
])
def test_bad_ranges_are_refused_in_chinese(client, manager, query, message):
    for path in ("/reports/", "/reports/export.xlsx", "/reports/export.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert message in response.get_data(as_text=True), path
    assert exports_audited() == []


def test_a_leap_year_fits_and_a_bad_dimension_or_month_is_refused(client, manager):
    assert client.get("/reports/?start=2024-01-01&end=2024-12-31").status_code == 200
    response = client.get(f"/reports/export.csv?{RANGE}&dimension=everything")
    assert response.status_code == 400 and "统计维度不正确" in response.get_data(as_text=True)
    for month in ("2026-13", "2026-1", "abc", "", "1999-12"):
        response = client.get(f"/reports/monthly?month={month}")
        assert response.status_code == 400, month
        assert "月份" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_only_managers_may_see_reports(client, login_as, role):
    login_as(role)
    for path in ROUTES:
        assert client.get(path).status_code == 403, path


def test_the_anonymous_are_sent_to_login(client):
    for path in ROUTES:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_nav_links_the_reports_for_managers_only(client, login_as):
    login_as("manager")
    assert "统计报表" in client.get("/staff").get_data(as_text=True)
    client.post("/logout")
    login_as("staff")
    assert "统计报表" not in client.get("/staff").get_data(as_text=True)

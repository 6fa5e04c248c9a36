"""The manager's calendar page: year grid, toggles, CSV upload, sync, missing-year banner."""
import io
import re
from datetime import date
from urllib.parse import urlsplit

import pytest

from hall.calendar.models import CalendarDay, CalendarYear
from hall.core.extensions import db
from tests.auth.helpers import committed_count
from tests.calendar import EXAMPLE_CSV, audit_count, synced

BANNER = "{}年节假日安排未录入，请导入国务院办公厅公布的安排"


@pytest.fixture
def manager(login_as, freeze_time):
    freeze_time("2026-11-30 09:00")
    return login_as("manager")


def text(response) -> str:
    return response.get_data(as_text=True)


def button(html: str, day: str) -> str:
    """The opening tag of a day's button."""
    match = re.search(rf'<button type="submit" name="day" value="{day}"[^>]*>', html, re.S)
    assert match, f"no button for {day}"
    return match.group(0)


def upload(client, content: bytes, filename: str = "2027.csv", **extra):
    data = {"file": (io.BytesIO(content), filename), "year": "2026", **extra}
    return client.post("/calendar/import", data=data, content_type="multipart/form-data")


def test_index_opens_the_current_year(client, manager):
    response = client.get("/calendar/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/calendar/2026"


def test_the_year_as_twelve_month_grids(client, manager):
    synced()
    html = text(client.get("/calendar/2026"))
    assert [f"{m}月" for m in range(1, 13)] == re.findall(r"<caption>(\d+月)</caption>", html)
    assert html.count('name="day"') == 365
    assert html.count("<th scope=\"col\"") == 12 * 7


def test_kinds_of_day_differ_in_colour_and_in_words(client, manager):
    synced()
    html = text(client.get("/calendar/2026"))
    holiday, makeup = button(html, "2026-02-16"), button(html, "2026-02-14")
    weekend, workday = button(html, "2026-03-07"), button(html, "2026-03-04")
    assert "cal-day holiday" in holiday and "春节 放假" in holiday and "点击恢复为工作日" in holiday
    assert "cal-day makeup" in makeup and "调休上班" in makeup and "点击恢复为周末休息" in makeup
    assert "cal-day weekend" in weekend and "周末休息" in weekend and "点击设为调休上班" in weekend
    assert "cal-day workday" in workday and "点击设为放假" in workday
    assert re.search(r'value="2026-02-16".*?<span class="w">休</span>', html, re.S)
    assert re.search(r'value="2026-02-14".*?<span class="w">班</span>', html, re.S)


def test_today_is_marked(client, manager):
    html = text(client.get("/calendar/2026"))
    today = button(html, "2026-11-30")
    assert "today" in today and 'aria-current="date"' in today and "今天" in today
    assert html.count('aria-current="date"') == 1


def test_the_year_list_names_every_exceptional_day(client, manager):
    synced()
    html = text(client.get("/calendar/2025"))
    assert re.search(r"2025-01-26</td><td>星期日</td>\s*<td><span class=\"tag blue\">调休上班", html)


def test_toggling_a_weekday_makes_it_a_holiday_and_back(client, manager):
    before = audit_count()
    response = client.post("/calendar/day", data={"day": "2026-03-04"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/calendar/2026#m3")
    assert committed_count(CalendarDay, CalendarDay.kind == "holiday") == 1
    assert audit_count() == before + 1
    page = client.get(response.headers["Location"])
    assert "已将2026年3月4日（星期三）设为放假" in text(page)
    client.post("/calendar/day", data={"day": "2026-03-04"})
    assert committed_count(CalendarDay) == 0
    assert "恢复为工作日" in text(client.get("/calendar/2026"))


def test_toggling_a_weekend_makes_it_a_makeup_day(client, manager):
    client.post("/calendar/day", data={"day": "2026-03-07"})
    assert db.session.get(CalendarDay, date(2026, 3, 7)).kind == "workday"
    html = text(client.get("/calendar/2026"))
    assert "设为调休上班" in html
    assert "cal-day makeup" in button(html, "2026-03-07")


@pytest.mark.parametrize("day, status", [("2026-02-30", 400), ("not-a-day", 400),
                                         ("", 400), ("1999-03-04", 404)])
def test_a_bad_day_is_refused(client, manager, day, status):
    assert client.post("/calendar/day", data={"day": day}).status_code == status
    assert committed_count(CalendarDay) == 0


def test_banners_for_the_year_and_the_next_when_not_loaded(client, manager):
    html = text(client.get("/calendar/2026"))
    assert BANNER.format(2026) in html and BANNER.format(2027) in html
    assert "确认2026年安排已完整录入" in html


def test_after_sync_only_next_year_is_missing(client, manager):
    synced()
    html = text(client.get("/calendar/2026"))
    assert BANNER.format(2026) not in html and BANNER.format(2027) in html
    assert "已录入" in html and "chinesecalendar 软件包" in html
    assert "年节假日安排未录入" not in text(client.get("/calendar/2025"))


def test_sync_button(client, manager):
    response = client.post("/calendar/sync", data={"year": "2026"}, follow_redirects=True)
    assert "已从 chinesecalendar 载入2004–2026年的安排" in text(response)
    assert committed_count(CalendarYear) == 23
    again = client.post("/calendar/sync", data={"year": "2026"}, follow_redirects=True)
    assert "2004–2026年已是最新" in text(again)


def test_csv_upload_loads_the_year(client, manager):
    synced()
    response = upload(client, EXAMPLE_CSV.read_bytes())
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/calendar/2027"
    assert committed_count(CalendarYear, CalendarYear.source == "csv") == 1
    html = text(client.get("/calendar/2027"))
    assert "已导入2027年节假日安排：放假 29 天，调休上班 6 天" in html
    assert BANNER.format(2027) not in html and "CSV 导入" in html


def test_a_bad_csv_shows_the_line_and_changes_nothing(client, manager):
    before = audit_count()
    response = upload(client, "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-10,workday,调休\n"
                      .encode())
    assert response.status_code == 400
    html = text(response)
    assert "第 3 行" in html and "调休上班日只能是周六或周日" in html
    assert committed_count(CalendarDay) == 0 and committed_count(CalendarYear) == 0
    assert audit_count() == before


@pytest.mark.parametrize("content, filename, message", [
    (b"date,kind,name\n", "2027.xlsx", "只能导入 .csv 文件"),
    (b"x" * 200_001, "big.csv", "CSV 文件过大"),
])
def test_wrong_files_are_refused(client, manager, content, filename, message):
    response = upload(client, content, filename)
    assert response.status_code == 400 and message in text(response)


def test_upload_without_a_file(client, manager):
    response = client.post("/calendar/import", data={"year": "2026"})
    assert response.status_code == 400 and "请选择要导入的 CSV 文件" in text(response)


def test_confirming_a_year_entered_by_hand(client, manager):
    refused = client.post("/calendar/2027/confirm", follow_redirects=True)
    assert "2027年还没有任何放假日期" in text(refused)
    client.post("/calendar/day", data={"day": "2027-01-01"})
    done = client.post("/calendar/2027/confirm", follow_redirects=True)
    assert "已确认2027年节假日安排录入完毕" in text(done)
    assert committed_count(CalendarYear, CalendarYear.source == "manual") == 1


def test_nav_and_workbench_show_the_calendar_to_the_manager(client, manager):
    html = text(client.get("/staff"))
    assert '<a href="/calendar/"' in html and ">节假日</a>" in html
    assert "节假日与调休" in html


@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_other_roles_are_refused(client, login_as, role):
    login_as(role)
    assert client.get("/calendar/2026").status_code == 403
    assert client.get("/calendar/").status_code == 403
    assert client.post("/calendar/day", data={"day": "2026-03-04"}).status_code == 403
    assert client.post("/calendar/sync").status_code == 403
    assert upload(client, EXAMPLE_CSV.read_bytes()).status_code == 403
    assert client.post("/calendar/2027/confirm").status_code == 403
    assert committed_count(CalendarDay) == 0 and committed_count(CalendarYear) == 0
    assert ">节假日</a>" not in text(client.get("/staff"))


@pytest.mark.parametrize("method, url", [("get", "/calendar/2026"), ("get", "/calendar/"),
                                         ("post", "/calendar/day"), ("post", "/calendar/sync")])
def test_anonymous_is_sent_to_login(client, method, url):
    response = getattr(client, method)(url, data={"day": "2026-03-04"} if method == "post" else None)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert committed_count(CalendarDay) == 0 and committed_count(CalendarYear) == 0

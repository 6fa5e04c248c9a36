"""Dates and numbers in query strings: extreme values are a Chinese 400, never a 500.

Every page and API operation that reads a date or a number from its query string gets
9999-12-31, 0001-01-01, -1 and 10**30 in turn; the two URLs of the original report first.
"""
import pytest

from hall.core.extensions import db

EXTREMES = ("9999-12-31", "0001-01-01", "-1", str(10**30), "2026-13-45", "２０２６-01-01")
HUGE_NUMBERS = ("-1", str(10**30), "99999999999", "abc", "0")

# (path, the parameter that carries the value, other parameters, who asks)
DATE_PARAMETERS = [
    ("/api/v1/calendar/due", "start", {"days": "1"}, None),
    ("/api/v1/cases", "from", {}, "manager"),
    ("/api/v1/cases", "to", {}, "manager"),
    ("/cases/", "from", {}, "manager"),
    ("/cases/", "to", {}, "manager"),
    ("/reports/", "start", {"end": "2026-11-30"}, "manager"),
    ("/reports/", "end", {"start": "2026-11-01"}, "manager"),
    ("/reports/export.csv", "start", {"end": "2026-11-30"}, "manager"),
    ("/reports/export.xlsx", "end", {"start": "2026-11-01"}, "manager"),
    ("/reports/monthly", "month", {}, "manager"),
    ("/roster", "day", {}, "manager"),
    ("/roster", "from", {}, "manager"),
    ("/audit/", "from", {}, "auditor"),
    ("/audit/", "to", {}, "auditor"),
    ("/audit/export.csv", "to", {}, "auditor"),
]
NUMBER_PARAMETERS = [
    ("/api/v1/calendar/due", "days", {"start": "2026-12-01"}, None),
    ("/api/v1/cases", "window", {}, "manager"),
    ("/api/v1/complaints", "page", {}, None),
    ("/complaints", "page", {}, None),
    ("/complaints/manage", "page", {}, "manager"),
    ("/public/cases", "page", {}, None),
    ("/audit/", "page", {}, "auditor"),
]


@pytest.fixture
def asker(client, login_as, freeze_time):
    freeze_time("2026-12-02 10:00")
    logged = {}

    def ask(path, params, role):
        if role and logged.get("role") != role:
            client.post("/logout")
            login_as(role)
            logged["role"] = role
        return client.get(path, query_string=params)
    return ask


def _assert_refused_in_chinese(response, path):
    assert response.status_code == 400, (path, response.status_code, response.data[:300])
    if path.startswith("/api/"):
        error = response.get_json()["error"]
        assert error["code"] and error["message"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    else:
        page = response.get_data(as_text=True)
        assert "日期" in page or "月份" in page or "参数" in page


def test_the_two_urls_of_the_report(client, login_as):
    response = client.get("/api/v1/calendar/due?start=9999-12-31&days=1")
    _assert_refused_in_chinese(response, "/api/v1/calendar/due")
    assert "start" in response.get_json()["error"]["fields"]
    login_as("manager")
    response = client.get("/api/v1/cases?to=9999-12-31")
    _assert_refused_in_chinese(response, "/api/v1/cases")
    assert "to" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("path,name,others,role", DATE_PARAMETERS)
def test_extreme_dates_are_refused(asker, path, name, others, role):
    for value in EXTREMES:
        response = asker(path, {**others, name: value}, role)
        _assert_refused_in_chinese(response, path)


@pytest.mark.parametrize("path,name,others,role", NUMBER_PARAMETERS)
def test_extreme_numbers_are_never_a_server_error(asker, path, name, others, role):
    for value in HUGE_NUMBERS:
        response = asker(path, {**others, name: value}, role)
        assert response.status_code < 500, (path, value, response.status_code)


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_the_roster_form_refuses_a_date_out_of_range(client, login_as, start):
    login_as("manager")
    response = client.post("/roster", data={"start": start, "name": "王主任", "title": "副主任"})
    assert response.status_code == 400
    assert "日期须为 2000-01-01 至 2099-12-31 之间的有效日期" in response.get_data(as_text=True)
    from hall.roster.models import DutyLeader
    assert db.session.query(DutyLeader).count() == 0


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "-1"])
def test_the_monthly_report_refuses_a_month_out_of_range(client, login_as, month):
    login_as("manager")
    response = client.get("/reports/monthly", query_string={"month": month})
    assert response.status_code == 400
    assert "月份" in response.get_data(as_text=True)


@pytest.mark.parametrize("year", [0, 1, 1999, 2101, 9999, 2**31 - 1, 2**31])
def test_calendar_years_out_of_range_are_never_a_server_error(client, login_as, year):
    login_as("manager")
    assert client.get(f"/calendar/{year}").status_code in (400, 404)
    assert client.post("/calendar/day", data={"day": f"{year:04d}-01-01"}).status_code < 500


def test_a_date_in_range_still_works(client, login_as, freeze_time):
    freeze_time("2026-12-02 10:00")
    login_as("manager")
    assert client.get("/cases/?from=2000-01-01&to=2099-12-31").status_code == 200
    assert client.get("/api/v1/cases?from=2026-01-01&to=2026-12-31").status_code == 200
    assert client.get("/roster?from=2099-12-31").status_code == 200
    assert client.get("/roster?day=2000-01-01").status_code == 200

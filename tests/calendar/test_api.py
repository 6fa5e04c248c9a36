"""GET /api/v1/calendar/due: deadlines, bad input, and a calendar that does not reach."""
import pytest
from openapi_spec_validator import validate

from hall.calendar.models import CalendarDay
from tests.calendar import count, synced

URL = "/api/v1/calendar/due"


def due(client, **args):
    return client.get(URL, query_string=args)


@pytest.mark.parametrize("start, days, expected", [
    # 1/26 Sun make-up = 1, 1/27 Mon = 2, 1/28-2/4 春节, 2/5 Wed = 3.
    ("2025-01-24", 3, "2025-02-05"),
    # Sat 9/27 off, Sun 9/28 make-up = 1: the deadline stays on the Sunday.
    ("2025-09-26", 1, "2025-09-28"),
    # 2026 春节: Sat 2/14 make-up = 1, 2/15-2/23 off, 2/24 = 2 ... 2/27 = 5, Sat 2/28 = 6.
    ("2026-02-13", 6, "2026-02-28"),
    ("2026-02-16", 0, "2026-02-16"),
])
def test_due_date(client, app, start, days, expected):
    synced()
    response = due(client, start=start, days=days)
    assert response.status_code == 200
    assert response.get_json() == {"start": start, "days": days, "due_date": expected,
                                   "provisional": False}


def test_the_api_is_public_and_reads_only(client, app):
    synced()
    rows = count(CalendarDay)
    assert due(client, start="2025-01-24", days=3).status_code == 200
    assert count(CalendarDay) == rows


@pytest.mark.parametrize("args, fields", [
    ({}, {"start", "days"}),
    ({"start": "2025-01-24"}, {"days"}),
    ({"days": "3"}, {"start"}),
    ({"start": "2025-02-30", "days": "3"}, {"start"}),
    ({"start": "2025/01/24", "days": "3"}, {"start"}),
    ({"start": "2025-W04-5", "days": "3"}, {"start"}),
    ({"start": "2025-01-24", "days": "-1"}, {"days"}),
    ({"start": "2025-01-24", "days": "2.5"}, {"days"}),
    ({"start": "2025-01-24", "days": "三"}, {"days"}),
    ({"start": "2025-01-24", "days": "²"}, {"days"}),
    ({"start": "2025-01-24", "days": "1001"}, {"days"}),
])
def test_bad_input_is_a_400_naming_the_fields(client, app, args, fields):
    synced()
    response = client.get(URL, query_string=args)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["message"] == "请求参数不正确"
    assert set(error["fields"]) == fields


def test_a_deadline_into_an_unloaded_year_is_409_calendar_missing(client, app):
    synced()
    response = due(client, start="2026-12-30", days=2)
    assert response.status_code == 409
    assert response.get_json() == {
        "error": {"code": "calendar_missing", "message": "2027年节假日安排未录入", "fields": {}},
        "year": 2027,
    }


def test_the_last_loaded_day_still_answers(client, app):
    synced()
    assert due(client, start="2026-12-30", days=1).get_json()["due_date"] == "2026-12-31"


def test_no_calendar_at_all_is_409_for_the_first_year_needed(client, app):
    response = due(client, start="2025-01-24", days=1)
    assert response.status_code == 409 and response.get_json()["year"] == 2025


def test_openapi_describes_the_endpoint(client, app):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    operation = document["paths"]["/api/v1/calendar/due"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"start", "days", "provisional"}
    assert {"200", "400", "409"} <= set(operation["responses"])
    assert "CalendarMissing" in document["components"]["schemas"]


# --- provisional=1: a date from the statutory holidays for a year not loaded -------------

@pytest.mark.parametrize("start, days, expected", [
    ("2026-12-31", 1, "2027-01-04"),     # 元旦 Fri 1/1 off, then the weekend
    ("2027-02-04", 1, "2027-02-09"),     # 春节: 除夕 Fri 2/5, weekend, 初三 Mon 2/8
    ("2027-09-14", 1, "2027-09-16"),     # 中秋 Wed 9/15
    ("2027-09-30", 1, "2027-10-04"),     # 国庆 Fri 10/1; 10/2-10/3 fall on the weekend
])
def test_provisional_1_answers_with_the_provisional_date(client, app, start, days, expected):
    synced()
    response = due(client, start=start, days=days, provisional=1)
    assert response.status_code == 200
    assert response.get_json() == {"start": start, "days": days, "due_date": expected,
                                   "provisional": True}


def test_provisional_1_inside_loaded_years_is_not_provisional(client, app):
    synced()
    response = due(client, start="2025-01-24", days=3, provisional=1)
    assert response.get_json() == {"start": "2025-01-24", "days": 3, "due_date": "2025-02-05",
                                   "provisional": False}


def test_without_provisional_1_a_missing_year_keeps_its_409(client, app):
    synced()
    assert due(client, start="2027-02-04", days=1).status_code == 409
    assert due(client, start="2027-02-04", days=1, provisional=0).status_code == 409


@pytest.mark.parametrize("value", ["yes", "2", "true", ""])
def test_a_bad_provisional_value_is_a_400_naming_it(client, app, value):
    response = due(client, start="2026-12-31", days="x", provisional=value)
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"days", "provisional"}

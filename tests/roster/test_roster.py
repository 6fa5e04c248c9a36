"""The duty-leader roster: ranges of dates, validation, the manager's page, the lobby display."""
from datetime import date

import pytest
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.calendar.services import sync_from_chinesecalendar
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.roster import services
from hall.roster.models import DutyLeader
from tests.factories import TEST_ACTOR

WANG = services.Leader("王建国", "副主任", "13812345678")


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(DutyLeader))


@pytest.fixture
def calendar(app, freeze_time):
    freeze_time("2026-12-04 10:00")     # a Friday
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    db.session.commit()


def days_of_roster() -> dict:
    return {row.day: row.name for row in db.session.scalars(select(DutyLeader))}


def test_a_range_of_working_days_gets_one_leader(calendar):
    # Wed 2026-09-30 to Mon 2026-10-12: 10-01..10-07 are National Day, Sunday 10-11 is off,
    # Saturday 10-10 is a make-up working day -> 09-30, 10-08, 10-09, 10-10, 10-12.
    days = services.days_in(date(2026, 9, 30), date(2026, 10, 12), workdays_only=True)
    assert days == [date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9),
                    date(2026, 10, 10), date(2026, 10, 12)]
    services.assign(TEST_ACTOR, days, WANG, clock.now())
    db.session.commit()
    assert days_of_roster() == dict.fromkeys(days, "王建国")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "roster.assign"))
    assert "2026-09-30～2026-10-12（5天）" in entry.object_label
    assert "13812345678" not in entry.after and "138****5678" in entry.after


def test_every_day_of_a_range_when_asked(calendar):
    days = services.days_in(date(2026, 12, 5), date(2026, 12, 6), workdays_only=False)
    assert days == [date(2026, 12, 5), date(2026, 12, 6)]
    assert services.days_in(date(2026, 12, 7), None, True) == [date(2026, 12, 7)]


def test_a_new_assignment_replaces_the_old_one_and_is_audited(calendar):
    services.assign(TEST_ACTOR, [date(2026, 12, 7), date(2026, 12, 8)], WANG, clock.now())
    li = services.Leader("李敏", "主任")
    services.assign(TEST_ACTOR, [date(2026, 12, 8), date(2026, 12, 9)], li, clock.now())
    db.session.commit()
    assert days_of_roster() == {date(2026, 12, 7): "王建国", date(2026, 12, 8): "李敏",
                                date(2026, 12, 9): "李敏"}
    last = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "roster.assign")
                             .order_by(AuditEntry.id.desc()))
    assert "王建国" in last.before and "李敏" in last.after


@pytest.mark.parametrize("start, end, field", [
    (None, None, "start"), (date(2026, 12, 9), date(2026, 12, 8), "end"),
    (date(2026, 12, 1), date(2027, 2, 1), "end"),
])
def test_bad_ranges_are_refused(calendar, start, end, field):
    with pytest.raises(DomainError) as caught:
        services.days_in(start, end, workdays_only=False)
    assert field in caught.value.fields


def test_a_weekend_alone_has_no_working_day(calendar):
    with pytest.raises(DomainError, match="没有工作日"):
        services.days_in(date(2026, 12, 5), date(2026, 12, 6), workdays_only=True)


def test_working_days_of_an_unloaded_year_are_not_guessed(calendar):
    with pytest.raises(DomainError, match="2027年节假日安排未录入"):
        services.days_in(date(2026, 12, 31), date(2027, 1, 4), workdays_only=True)
    assert len(services.days_in(date(2026, 12, 31), date(2027, 1, 4), False)) == 5


@pytest.mark.parametrize("name, title, phone, field", [
    ("", "主任", "", "name"), ("  ", "", "", "name"), ("王" * 21, "", "", "name"),
    ("王1", "", "", "name"), ("王建国", "职" * 31, "", "title"),
    ("王建国", "主任", "12345", "phone"),
])
def test_bad_leaders_are_refused_in_chinese(app, name, title, phone, field):
    with pytest.raises(DomainError) as caught:
        services.check_leader(name, title, phone)
    assert field in caught.value.fields and "\u4e00" <= caught.value.message[0] <= "\u9fff"


def test_a_leader_is_cleaned(app):
    leader = services.check_leader(" 王\u202e建国 ", " 副主任\n", "+86 138 1234 5678")
    assert leader == services.Leader("王建国", "副主任", "13812345678")
    assert services.check_leader("李敏", "", "").title == ""


def test_the_display_snapshot_names_todays_leader_without_the_phone(client, calendar,
                                                                    freeze_time):
    assert client.get("/api/v1/display").json["duty_leader"] is None
    services.assign(TEST_ACTOR, [date(2026, 12, 4)], WANG, clock.now())
    db.session.commit()
    snapshot = client.get("/api/v1/display")
    assert snapshot.json["duty_leader"] == {"name": "王建国", "title": "副主任"}
    assert "13812345678" not in snapshot.get_data(as_text=True)
    freeze_time("2026-12-05 00:30")     # just after midnight in the hall: a new day
    assert client.get("/api/v1/display").json["duty_leader"] is None
    freeze_time("2026-12-04 23:59")
    assert client.get("/api/v1/display").json["duty_leader"]["name"] == "王建国"


def test_the_display_page_has_a_place_for_the_leader(client, app):
    html = client.get("/display").get_data(as_text=True)
    assert "今日带班领导：" in html and "data-duty-leader" in html


def test_the_manager_sets_a_week_on_the_page(client, login_as, calendar):
    login_as("manager")
    page = client.get("/roster").get_data(as_text=True)
    assert "今日带班领导" in page and "未安排" in page and "12月4日<br>周五" in page
    response = client.post("/roster", data={
        "start": "2026-12-07", "end": "2026-12-13", "name": "王建国", "title": "副主任",
        "phone": "", "workdays_only": "y"})
    assert response.status_code == 302
    assert sorted(days_of_roster()) == [date(2026, 12, d) for d in range(7, 12)]
    page = client.get("/roster?from=2026-12-07").get_data(as_text=True)
    assert page.count("王建国") >= 5 and "休息日" in page


def test_bad_page_input_is_shown_in_chinese_and_stores_nothing(client, login_as, calendar):
    login_as("manager")
    response = client.post("/roster", data={"start": "2026-12-09", "end": "2026-12-08",
                                            "name": "", "title": "", "phone": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "结束日期不能早于开始日期" in html
    response = client.post("/roster", data={"start": "2026-12-09", "name": "",
                                            "workdays_only": "y"})
    assert response.status_code == 400 and "请填写带班领导姓名" in response.get_data(as_text=True)
    response = client.post("/roster", data={"start": "not a date", "name": "王建国"})
    assert response.status_code == 400
    assert count() == 0


def test_the_manager_edits_and_removes_a_day(client, login_as, calendar):
    login_as("manager")
    services.assign(TEST_ACTOR, [date(2026, 12, 8)], WANG, clock.now())
    db.session.commit()
    form = client.get("/roster?day=2026-12-08").get_data(as_text=True)
    assert 'value="王建国"' in form and 'value="13812345678"' in form
    entry = db.session.scalar(select(DutyLeader))
    assert client.post(f"/roster/{entry.id}/delete").status_code == 302
    assert count() == 0
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == \
        "roster.remove"


@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_other_roles_may_not_edit_the_roster(client, login_as, calendar, role):
    login_as(role)
    assert client.get("/roster").status_code == 403
    assert client.post("/roster", data={"start": "2026-12-08", "name": "王建国"}
                       ).status_code == 403
    assert count() == 0


def test_anonymous_visitors_are_sent_to_the_login(client, app):
    response = client.get("/roster")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_nav_shows_the_roster_to_managers(client, login_as, app):
    login_as("manager")
    assert 'href="/roster"' in client.get("/staff").get_data(as_text=True)

"""Provisional deadlines (暂定) in December for a year not yet published, and their recount.

Today is Monday 28 December 2026; 2026 is loaded from chinesecalendar, 2027 is not. The
recount loads docs/calendar-2027-example.csv (元旦 1/1-1/3; make-up Sun 1/31; 春节 2/5-2/13).

Hand-worked, 30 working days from 28 December 2026:
- provisional: 12/29-12/31 = 3, 1/1 元旦, 1/4-1/29 = 23, 2/1-2/4 = 27, 除夕 2/5 and 初三 2/8
  off, 2/9 = 28, 2/10 = 29, 2/11 = 30 → 11 February 2027 (暂定).
- published: 1/1-1/3 off, 1/29 = 23, make-up Sun 1/31 = 24, 2/1-2/4 = 28, 2/5-2/13 off,
  2/15 = 29, 2/16 = 30 → 16 February 2027.
5 working days give 5 January 2027 on both calendars: confirmed, date unchanged.
"""
import io
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.auth.models import User
from hall.calendar.models import CalendarYear
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services
from hall.cases.models import CaseEvent
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.items.models import Item, Material
from hall.windows.models import Window
from tests.calendar import EXAMPLE_CSV
from tests.factories import PASSWORD, TEST_ACTOR

PERSON = {"type": "person", "name": "张三丰", "id_number": "11010519491231002X",
          "phone": "13812345678"}


@dataclass(frozen=True)
class YearEndDesk:
    staff: User
    window: Window
    long_item: Item                  # 30 working days: into 2027, which is not loaded
    short_item: Item                 # 5 working days: the same date on either calendar
    materials: dict[int, Material]   # item id -> its one required material


@pytest.fixture
def year_end_desk(make, freeze_time) -> YearEndDesk:
    """Monday 28 December 2026, a window and two items; 2027's calendar is not loaded."""
    freeze_time("2026-12-28 10:00")          # a Monday
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    # Should a later chinesecalendar carry 2027, this hall still has not loaded it.
    db.session.execute(db.delete(CalendarYear).where(CalendarYear.year >= 2027))
    staff = make.user(role="staff")
    window = make.window(staff_a_id=staff.id)
    long_item = make.item(name="建设工程规划许可", promised_days=30, legal_days=40)
    short_item = make.item(name="食品经营许可（新办）", promised_days=5, legal_days=20)
    materials = {item.id: make.material(item, required=True) for item in (long_item, short_item)}
    return YearEndDesk(staff=staff, window=window, long_item=long_item, short_item=short_item,
                       materials=materials)


def accept(desk: YearEndDesk, item: Item | None = None):
    """A case of `item` (the 30-day one unless told), its material handed in."""
    item = item or desk.long_item
    case = services.accept(Actor.of(desk.staff), clock.now(), item=item, applicant=PERSON,
                           handed_in={desk.materials[item.id].id}, window=desk.window)
    db.session.commit()
    return case


def text(response) -> str:
    return response.get_data(as_text=True)


def load_2027(client):
    """The manager uploads the published 2027 schedule on the calendar page."""
    data = {"file": (io.BytesIO(EXAMPLE_CSV.read_bytes()), "2027.csv"), "year": "2026"}
    return client.post("/calendar/import", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


def test_a_deadline_into_an_unpublished_year_is_provisional(year_end_desk):
    case = accept(year_end_desk)
    assert case.due_date == date(2027, 2, 11) and case.due_provisional
    assert case.calendar_missing_year == 2027
    assert accept(year_end_desk, year_end_desk.short_item).due_date == date(2027, 1, 5)


def test_a_deadline_inside_the_loaded_year_is_not_provisional(year_end_desk, make, freeze_time):
    freeze_time("2026-12-01 10:00")
    case = accept(year_end_desk, year_end_desk.short_item)
    assert case.due_date == date(2026, 12, 8)
    assert not case.due_provisional and case.calendar_missing_year is None


def test_the_receipt_and_the_staff_pages_say_provisional(client, year_end_desk, login_as):
    case = accept(year_end_desk)
    login_as("manager")
    receipt = text(client.get(f"/cases/{case.case_no}/receipt"))
    assert "2027年02月11日<strong>（暂定）</strong> 前办结" in receipt
    assert "以国务院公布的节假日安排为准" in receipt and "另行告知" not in receipt
    assert "暂定，以国务院公布的节假日安排为准" in text(client.get(f"/cases/{case.case_no}"))
    assert "暂定</span>" in text(client.get("/cases/"))


def test_the_api_says_provisional(client, year_end_desk):
    case = accept(year_end_desk)
    progress = client.get(f"/api/v1/progress?case_no={case.case_no}&code={case.query_code}")
    assert progress.json["due_date"] == "2027-02-11" and progress.json["provisional"] is True
    token = client.post("/api/v1/auth/token", json={"username": year_end_desk.staff.username,
                                                     "password": PASSWORD}).json["token"]
    staff = client.get(f"/api/v1/cases/{case.case_no}",
                       headers={"Authorization": "Bearer " + token}).json
    assert staff["due_date"] == "2027-02-11" and staff["provisional"] is True
    assert staff["calendar_missing_year"] == 2027


def test_loading_the_year_recounts_audits_and_tells_the_citizen(client, year_end_desk, login_as):
    moved, kept = accept(year_end_desk), accept(year_end_desk, year_end_desk.short_item)
    login_as("manager")
    page = text(load_2027(client))
    assert "已按新录入的节假日安排重算 2 件办件的办理期限：1 件到期日改变，1 件日期不变" in page
    db.session.expire_all()
    assert moved.due_date == date(2027, 2, 16) and not moved.due_provisional
    assert moved.calendar_missing_year is None
    assert kept.due_date == date(2027, 1, 5) and not kept.due_provisional

    title = "办理期限按国务院公布的节假日安排调整为2027年02月16日（原2027年02月11日（暂定））"
    assert moved.events[-1].title == title and moved.events[-1].public
    assert kept.events[-1].title == "办理期限已按国务院公布的节假日安排确定为2027年01月05日"
    progress = text(client.get(f"/p/{moved.token}"))
    assert title in progress and "暂定，以国务院" not in progress
    assert client.get(f"/api/v1/progress?case_no={moved.case_no}&code={moved.query_code}"
                      ).json["provisional"] is False

    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "case.due_recounted").order_by(AuditEntry.id)).all()
    assert [e.object_label for e in entries] == [moved.case_no, kept.case_no]
    assert '"due_date": "2027-02-11"' in entries[0].before
    assert '"due_date": "2027-02-16"' in entries[0].after
    assert "张三丰" not in entries[0].before + entries[0].after


def test_the_manager_sees_the_list_of_changes(client, year_end_desk, login_as):
    case = accept(year_end_desk)
    login_as("manager")
    before = text(client.get("/cases/provisional"))
    assert "仍为暂定的办件（1 件）" in before and "2027年02月11日（暂定）" in before
    load_2027(client)
    after = text(client.get("/cases/provisional"))
    assert "仍为暂定的办件（0 件）" in after and case.case_no in after
    assert "调整为2027年02月16日" in after


def test_the_list_is_for_the_manager_only(client, year_end_desk, login_as):
    login_as("staff")
    assert client.get("/cases/provisional").status_code == 403


def test_a_recount_that_changes_nothing_writes_nothing(year_end_desk):
    from hall.cases.provisional import recount_provisional
    case = accept(year_end_desk)
    events = len(case.events)
    report = recount_provisional(TEST_ACTOR, clock.now())     # 2027 is still missing
    assert report.changes == [] and len(case.events) == events
    assert report.summary == "没有需要重算的暂定办理期限"


def test_the_command_line_import_lists_the_changes(runner, year_end_desk):
    case = accept(year_end_desk)
    result = runner.invoke(args=["calendar", "import", str(EXAMPLE_CSV)])
    assert result.exit_code == 0, result.output
    assert "重算 1 件办件的办理期限：1 件到期日改变" in result.output
    assert f"{case.case_no}  建设工程规划许可  2027年02月11日（暂定） 改为 2027年02月16日" \
        in result.output


def test_check_overdue_recounts_what_a_load_elsewhere_left(runner, year_end_desk):
    from hall.calendar.services import import_csv
    case = accept(year_end_desk)
    import_csv(TEST_ACTOR, clock.now(), EXAMPLE_CSV.read_text(encoding="utf-8"))
    db.session.commit()                    # loaded without announcing it
    result = runner.invoke(args=["cases", "check-overdue"])
    assert result.exit_code == 0, result.output
    assert "重算期限 1 件" in result.output and "改为 2027年02月16日" in result.output
    db.session.expire_all()
    assert case.due_date == date(2027, 2, 16)


def test_confirming_a_year_entered_by_hand_recounts_too(client, year_end_desk, login_as):
    from hall.calendar.services import parse_csv, set_day
    case = accept(year_end_desk)
    _, schedule = parse_csv(EXAMPLE_CSV.read_text(encoding="utf-8"))
    for day, (kind, name) in schedule.items():
        set_day(TEST_ACTOR, clock.now(), day, kind, name)
    db.session.commit()
    login_as("manager")
    page = text(client.post("/calendar/2027/confirm", follow_redirects=True))
    assert "1 件到期日改变" in page
    db.session.expire_all()
    assert case.due_date == date(2027, 2, 16) and not case.due_provisional


def test_sync_recounts_when_the_package_brings_the_year(client, year_end_desk, login_as,
                                                        monkeypatch):
    from hall.calendar import services as calendar_services
    from hall.calendar.services import parse_csv
    case = accept(year_end_desk)
    real = calendar_services.package_schedule()
    _, schedule = parse_csv(EXAMPLE_CSV.read_text(encoding="utf-8"))
    monkeypatch.setattr(calendar_services, "package_schedule", lambda: {**real, 2027: schedule})
    login_as("manager")
    page = text(client.post("/calendar/sync", data={"year": "2026"}, follow_redirects=True))
    assert "1 件到期日改变" in page
    db.session.expire_all()
    assert case.due_date == date(2027, 2, 16)
    assert db.session.scalars(select(CaseEvent).where(
        CaseEvent.kind == "due_recounted")).one().case_id == case.id


def test_a_firm_promise_with_a_provisional_legal_date_is_audited_not_announced(
        client, year_end_desk, login_as, freeze_time):
    freeze_time("2026-12-15 10:00")          # a Tuesday
    case = accept(year_end_desk, year_end_desk.short_item)
    # Promise: 12/16-12/18 = 3, 12/21-12/22 = 5 → 12/22, firm. 法定 20 days: 12/31 = 12,
    # 1/1 off, 1/4-1/8 = 17, 1/13 = 20 → reaches 2027.
    assert case.due_date == date(2026, 12, 22) and not case.due_provisional
    assert case.legal_due_date == date(2027, 1, 13) and case.calendar_missing_year == 2027
    events = len(case.events)
    login_as("manager")
    page = text(load_2027(client))
    assert "已按新录入的节假日安排重算" not in page
    db.session.expire_all()
    assert case.calendar_missing_year is None and len(case.events) == events
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "case.due_recounted")).one()
    assert '"calendar_missing_year": 2027' in entry.before
    assert '"calendar_missing_year": null' in entry.after


def test_the_calendar_page_shows_the_assumed_holidays_and_the_list(client, year_end_desk, login_as):
    login_as("manager")
    page = text(client.get("/calendar/2027"))
    assert ("2027年暂定按以下法定节假日计算：元旦 1月1日、春节 2月5日至2月8日、清明节 4月5日、"
            "劳动节 5月1日至5月2日、端午节 6月9日、中秋节 9月15日、国庆节 10月1日至10月3日。") in page
    assert 'href="/cases/provisional"' in page

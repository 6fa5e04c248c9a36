"""GET /api/v1/hours, the rules page's hours forms, the kiosk's notice, the CLI."""
from datetime import date

from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.hours import services as hours
from hall.hours.models import SpecialDay
from tests.factories import TEST_ACTOR
from tests.hours.conftest import TUESDAY, WORKING, bearer


def test_hours_of_a_day_answer_the_contract(client, real_hours_hall):
    hours.set_category_rule(TEST_ACTOR, real_hours_hall.estate, 40, 30)
    db.session.commit()
    client.post("/api/v1/tickets", json={"category": "estate"})
    body = client.get(f"/api/v1/hours?date={TUESDAY}").json
    assert body["date"] == TUESDAY and body["open"] is True
    assert body["sessions"] == [
        {"start": f"{TUESDAY}T09:00:00+08:00", "end": f"{TUESDAY}T12:00:00+08:00"},
        {"start": f"{TUESDAY}T13:30:00+08:00", "end": f"{TUESDAY}T17:30:00+08:00"}]
    assert body["ticketing"] == {"start": f"{TUESDAY}T08:30:00+08:00",
                                 "end": f"{TUESDAY}T17:30:00+08:00"}
    by_code = {c["code"]: c for c in body["categories"]}
    assert by_code["estate"] == {"code": "estate", "name": "不动产登记", "quota": 40, "issued": 1,
                                 "stop_at": f"{TUESDAY}T17:00:00+08:00"}
    assert by_code["civil"]["quota"] is None and by_code["civil"]["issued"] == 0


def test_hours_default_to_today_and_say_a_closed_day(client, real_hours_hall, freeze_time):
    freeze_time("2026-12-05 10:00")
    body = client.get("/api/v1/hours").json
    assert body["date"] == "2026-12-05" and body["open"] is False and body["sessions"] == []
    assert body["ticketing"] == {"start": None, "end": None}


def test_around_the_clock_ends_at_the_next_midnight(client, app):
    body = client.get(f"/api/v1/hours?date={TUESDAY}").json   # the test hall's hours
    assert body["sessions"] == [{"start": f"{TUESDAY}T00:00:00+08:00",
                                 "end": "2026-12-02T00:00:00+08:00"}]


def test_bad_dates_are_400(client, app):
    for bad in ("2026-13-01", "9999-12-31", "tomorrow"):
        response = client.get(f"/api/v1/hours?date={bad}")
        assert response.status_code == 400 and "date" in response.json["error"]["fields"]


def test_the_kiosk_says_when_ticketing_starts(client, real_hours_hall, freeze_time):
    freeze_time(f"{TUESDAY} 01:09")
    html = client.get("/kiosk").get_data(as_text=True)
    assert "现在不是取号时间，08:30 开始取号" in html and "hh-closed" in html
    assert "约 <strong>" not in html and 'name="category"' not in html
    assert "09:00–12:00、13:30–17:30" in html
    assert "办公时间：周一至周五 09:00–12:00、13:30–17:30" in html   # the footer


def test_the_kiosk_says_when_tickets_are_gone(client, real_hours_hall):
    hours.set_category_rule(TEST_ACTOR, real_hours_hall.civil, 1, 0)
    db.session.commit()
    client.post("/api/v1/tickets", json={"category": "civil"})
    html = client.get("/kiosk").get_data(as_text=True)
    assert "今日号已取完（每日限 1 号）" in html
    assert 'value="estate"' in html   # the other line still issues


def test_the_kiosk_says_today_is_over_when_every_line_is_gone(client, real_hours_hall):
    for category in (real_hours_hall.civil, real_hours_hall.estate):
        hours.set_category_rule(TEST_ACTOR, category, 1, 0)
    db.session.commit()
    client.post("/api/v1/tickets", json={"category": "civil"})
    client.post("/api/v1/tickets", json={"category": "estate"})
    assert "今日取号已结束" in client.get("/kiosk").get_data(as_text=True)


def test_the_rules_page_shows_and_saves_the_week(client, real_hours_hall, login_as):
    login_as("manager")
    html = client.get("/admin/settings/rules").get_data(as_text=True)
    assert "办公时间与取号" in html and WORKING in html
    form = {f"sessions_{n}": "08:30-12:00,14:00-18:00" if n < 5 else "" for n in range(7)}
    form.update({f"ticketing_{n}": "08:00" if n < 5 else "" for n in range(7)})
    form["sessions_5"] = "09:00-12:00"
    week_changes = select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "hours.week")
    before = db.session.scalar(week_changes)
    response = client.post("/admin/settings/rules/hours", data=form)
    assert db.session.scalar(week_changes) == before + 1   # one change, one entry
    assert response.status_code == 302
    assert [str(s) for s in hours.week()[5].sessions] == ["09:00-12:00"]
    assert hours.plan_for(date(2026, 12, 5)).reason == "周末" and \
        hours.plan_for(date(2026, 12, 5)).is_open
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "hours.week")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry is not None and "星期六" in entry.after


def test_the_rules_page_refuses_bad_hours_in_chinese(client, real_hours_hall, login_as):
    login_as("manager")
    form = {f"sessions_{n}": WORKING for n in range(7)}
    form["sessions_2"] = "12:00-09:00"
    form["ticketing_0"] = "10:00"
    response = client.post("/admin/settings/rules/hours", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "结束时间须晚于开始时间" in html and "不能晚于开门时间" in html
    assert str(hours.week()[2].sessions[0]) == "09:00-12:00"   # nothing saved


def test_special_days_from_the_rules_page(client, real_hours_hall, login_as):
    login_as("manager")
    response = client.post("/admin/settings/rules/special-days", data={
        "day": "2026-12-05", "sessions": "09:00-12:00", "label": "周末不打烊"})
    assert response.status_code == 302
    assert hours.plan_for(date(2026, 12, 5)).reason == "周末不打烊"
    assert "周末不打烊" in client.get("/admin/settings/rules").get_data(as_text=True)
    refused = client.post("/admin/settings/rules/special-days", data={
        "day": "2026-12-06", "sessions": "9-12", "label": "x"})
    assert refused.status_code == 400 and "格式不正确" in refused.get_data(as_text=True)
    client.post("/admin/settings/rules/special-days/2026-12-05/delete")
    assert db.session.get(SpecialDay, date(2026, 12, 5)) is None
    assert client.post("/admin/settings/rules/special-days/garbage/delete").status_code == 302


def test_quotas_from_the_rules_page(client, real_hours_hall, login_as):
    login_as("manager")
    civil, estate = real_hours_hall.civil.id, real_hours_hall.estate.id
    response = client.post("/admin/settings/rules/quotas", data={
        f"quota_{civil}": "100", f"stop_{civil}": "0",
        f"quota_{estate}": "40", f"stop_{estate}": "30"})
    assert response.status_code == 302
    assert hours.rule_of(estate) == (40, 30) and hours.rule_of(civil) == (100, 0)
    refused = client.post("/admin/settings/rules/quotas", data={
        f"quota_{civil}": "-1", f"stop_{civil}": "0",
        f"quota_{estate}": "x", f"stop_{estate}": "0"})
    assert refused.status_code == 400 and "须在 0 到 9999 之间" in refused.get_data(as_text=True)


def test_staff_cannot_change_hours(client, real_hours_hall, login_as):
    login_as("staff")
    response = client.post("/admin/settings/rules/quotas", data={})
    assert response.status_code in (302, 403)
    assert hours.rule_of(real_hours_hall.civil.id) == (0, 0)


def test_cli_set_show_and_quota(runner, real_hours_hall):
    result = runner.invoke(args=["hours", "set", "mon-sun", "00:00-24:00", "--holidays", "open"])
    assert result.exit_code == 0, result.output
    assert hours.holidays_open() and str(hours.week()[6].sessions[0]) == "00:00-24:00"
    result = runner.invoke(args=["hours", "set", "mon-fri", WORKING, "--ticketing-from", "08:30"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["hours", "quota", "estate", "40"]).exit_code == 0
    shown = runner.invoke(args=["hours", "show", "--date", TUESDAY]).output
    assert "mon 星期一  09:00-12:00,13:30-17:30（08:30 起取号）" in shown
    assert "estate 不动产登记：17:30 停止取号，限 40 号，已发 0 号" in shown
    assert "sun 星期日  00:00-24:00" in shown


def test_cli_refuses_bad_input_and_changes_nothing(runner, real_hours_hall):
    for args in (["hours", "set", "someday", WORKING], ["hours", "set", "mon", "9-12"],
                 ["hours", "quota", "nope", "3"], ["hours", "quota", "civil", "-2"],
                 ["hours", "show", "--date", "2026-02-30"]):
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and "Traceback" not in result.output, args
    assert str(hours.week()[0].sessions[1]) == "13:30-17:30"


def test_staff_token_still_gets_green_channel_when_sold_out(client, real_hours_hall):
    hours.set_category_rule(TEST_ACTOR, real_hours_hall.civil, 1, 0)
    db.session.commit()
    client.post("/api/v1/tickets", json={"category": "civil"})
    response = client.post("/api/v1/tickets", json={"category": "civil", "priority": True},
                           headers=bearer(client, real_hours_hall.staff))
    assert response.status_code == 201


def test_cli_if_unset_leaves_set_hours_alone_and_day_only(runner, fresh_hours, freeze_time):
    freeze_time(f"{TUESDAY} 10:00")
    first = runner.invoke(args=["hours", "set", "mon-sun", "00:00-24:00", "--holidays", "open",
                                "--if-unset"])
    assert first.exit_code == 0 and hours.holidays_open()
    again = runner.invoke(args=["hours", "set", "mon", "closed", "--if-unset"])
    assert "未改动" in again.output and hours.week()[0].sessions
    shown = runner.invoke(args=["hours", "show", "--day-only"]).output
    assert shown.strip() == f"{TUESDAY}（工作日）：00:00-24:00，00:00 起取号"

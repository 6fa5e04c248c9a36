"""The evaluator tablet is a registered device bound to one window; only the one-time key the
hall gives it for a finished service rates that service, once."""
import pytest
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.core import clock
from hall.core.extensions import db
from hall.events.models import Event
from hall.ratings import devices
from hall.ratings.models import EvaluatorDevice, Rating, RatingKey
from tests.factories import TEST_ACTOR
from tests.ratings.conftest import key_of, offered


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_an_unregistered_browser_is_refused_and_the_citizen_can_still_rate(client, ratings_hall):
    ticket = ratings_hall.ticket()
    page = client.get("/windows/3/rate")
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "本设备未登记为评价器" in text and "data-rate-url" not in text
    for body in ({"kind": "ticket", "ref": ticket.id, "level": 1},
                 {"key": "x" * 64, "level": 1}):
        refused = client.post("/windows/3/rate", json=body)
        assert refused.status_code == 403
        assert refused.json["error"]["code"] == "device_unregistered"
    assert client.post("/windows/3/rate/keys").status_code == 403
    assert count(Rating) == 0 and count(RatingKey) == 0
    done = client.post(f"/t/{ticket.token}/rate", data={"level": "5"})
    assert "感谢您的评价" in done.get_data(as_text=True)
    assert db.session.scalar(select(Rating.channel)) == "qr"


def test_a_registered_tablet_cannot_rate_by_ticket_id_or_case_number(ratings_hall, tablet, client):
    browser = tablet()
    ticket, case = ratings_hall.ticket(), ratings_hall.case()
    for body in ({"kind": "ticket", "ref": ticket.id, "level": 1},
                 {"kind": "case", "ref": case.case_no, "level": 1},
                 {"key": "", "level": 1}, {"key": 12, "level": 1},
                 {"key": devices._digest("guess"), "level": 1}, {"key": "k" * 5000, "level": 1}):
        refused = browser.post("/windows/3/rate", json=body)
        assert refused.status_code == 404, body
        assert refused.json["error"]["message"] == devices.KEY_GONE
    assert count(Rating) == 0
    # the citizen's own channels still work for both services
    assert client.post("/api/v1/ratings", json={"ticket_token": ticket.token,
                                                "level": 4}).status_code == 201
    assert client.post("/api/v1/ratings", json={"case_no": case.case_no, "code": case.query_code,
                                                "level": 5}).status_code == 201
    assert offered(browser) == []                 # rated: nothing left for the tablet


def test_the_key_is_not_in_the_public_event_stream(ratings_hall, tablet):
    browser = tablet()
    ticket, case = ratings_hall.ticket(), ratings_hall.case()
    keys = [key_of(browser, ticket), key_of(browser, case)]
    journal = " ".join(str(payload) for payload in db.session.scalars(select(Event.payload)))
    assert "ticket.done" in " ".join(db.session.scalars(select(Event.kind)))
    assert all(key not in journal for key in keys)
    stored = db.session.scalars(select(RatingKey)).all()
    assert all(row.key_hash not in keys and row.nonce not in keys for row in stored)


def test_window_three_keys_do_not_work_from_window_four(ratings_hall, make, tablet):
    four = make.window(no=4, name="公安窗口", categories=[ratings_hall.category],
                       staff_a_id=make.user(role="staff").id)
    three_tablet, four_tablet = tablet(), tablet(four)
    ticket = ratings_hall.ticket()
    key = key_of(three_tablet, ticket)
    assert offered(four_tablet, 4) == []
    elsewhere = four_tablet.post("/windows/4/rate", json={"key": key, "level": 1})
    assert elsewhere.status_code == 404
    posing = four_tablet.post("/windows/3/rate", json={"key": key, "level": 1})
    assert posing.status_code == 403 and posing.json["error"]["code"] == "wrong_window"
    assert four_tablet.post("/windows/3/rate/keys").status_code == 403
    page = four_tablet.get("/windows/3/rate")
    assert page.status_code == 403 and "已登记为 4 号窗口的评价器" in page.get_data(as_text=True)
    assert count(Rating) == 0
    assert three_tablet.post("/windows/3/rate", json={"key": key, "level": 5}).status_code == 201


def test_a_key_rates_once_and_a_rating_by_phone_first_wins(ratings_hall, tablet, client):
    browser = tablet()
    ticket, second = ratings_hall.ticket(), ratings_hall.ticket()
    key = key_of(browser, ticket)
    assert browser.post("/windows/3/rate", json={"key": key, "level": 5}).status_code == 201
    again = browser.post("/windows/3/rate", json={"key": key, "level": 1})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_rated"
    used = db.session.scalar(select(RatingKey).where(RatingKey.ticket_id == ticket.id))
    assert used.used_at is not None
    other_key = key_of(browser, second)
    client.post(f"/t/{second.token}/rate", data={"level": "3"})     # the citizen's phone first
    late = browser.post("/windows/3/rate", json={"key": other_key, "level": 1})
    assert late.status_code in (404, 409)
    assert [r.level for r in db.session.scalars(select(Rating).order_by(Rating.id))] == [5, 3]


def test_a_revoked_tablet_is_refused(ratings_hall, tablet, client, login_as):
    browser = tablet()
    ticket = ratings_hall.ticket()
    key = key_of(browser, ticket)
    device = db.session.scalar(select(EvaluatorDevice))
    login_as("admin")
    assert client.post(f"/admin/evaluators/{device.id}/delete").status_code == 200
    assert count(EvaluatorDevice) == 0
    assert browser.get("/windows/3/rate").status_code == 403
    refused = browser.post("/windows/3/rate", json={"key": key, "level": 1})
    assert refused.status_code == 403 and count(Rating) == 0
    assert "evaluator.revoke" in actions()


def test_the_registration_link_works_once_and_for_thirty_minutes(app, ratings_hall, freeze_time):
    token, _ = devices.register_device(TEST_ACTOR, "3号窗口评价器", ratings_hall.window,
                                       clock.now())
    late_token, _ = devices.register_device(
        TEST_ACTOR, "备用", ratings_hall.make.window(no=5, name="五号",
                                                   categories=[ratings_hall.category]),
        clock.now())
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    assert first.get(f"/evaluator/register/{token}").status_code == 302
    reused = second.get(f"/evaluator/register/{token}")
    assert reused.status_code == 404 and "登记链接无效" in reused.get_data(as_text=True)
    assert second.get_cookie(devices.COOKIE) is None
    assert second.get("/windows/3/rate").status_code == 403
    assert first.get("/windows/3/rate").status_code == 200
    freeze_time("2026-12-04 10:30:01")
    assert app.test_client().get(f"/evaluator/register/{late_token}").status_code == 404
    assert "evaluator.register" in actions() and actions().count("evaluator.enrol") == 1


def test_a_new_link_replaces_the_old_tablet(app, ratings_hall, tablet, client, login_as):
    old = tablet()
    device = db.session.scalar(select(EvaluatorDevice))
    login_as("admin")
    page = client.post(f"/admin/evaluators/{device.id}/link").get_data(as_text=True)
    token = page.split("/evaluator/register/")[1].split("<")[0]
    assert "30 分钟内有效" in page
    new = app.test_client()
    assert new.get(f"/evaluator/register/{token}").status_code == 302
    assert new.get("/windows/3/rate").status_code == 200
    assert old.get("/windows/3/rate").status_code == 403
    assert "evaluator.relink" in actions()


def test_the_administrator_registers_one_tablet_per_window(client, ratings_hall, login_as):
    login_as("admin")
    made = client.post("/admin/evaluators/", data={"name": "3号窗口评价器",
                                                   "window": ratings_hall.window.id})
    text = made.get_data(as_text=True)
    assert made.status_code == 200 and "/evaluator/register/" in text
    assert "只能使用一次" in text
    again = client.post("/admin/evaluators/", data={"name": "另一台",
                                                    "window": ratings_hall.window.id})
    assert "3号窗口已登记评价器" in again.get_data(as_text=True) and count(EvaluatorDevice) == 1
    window = ratings_hall.window.id
    for bad, message in (({"name": "", "window": window}, "请填写 1 到 60 个字的评价器名称"),
                         ({"name": "x" * 61, "window": window}, "请填写 1 到 60 个字"),
                         ({"name": "无窗口", "window": "99999"}, "请选择窗口"),
                         ({"name": "无窗口", "window": "99999999999999999999"}, "请选择窗口"),
                         ({"name": "无窗口", "window": "-1"}, "请选择窗口"),
                         ({"name": "无窗口"}, "请选择窗口")):
        refused = client.post("/admin/evaluators/", data=bad)
        assert refused.status_code == 200 and message in refused.get_data(as_text=True), bad
    assert count(EvaluatorDevice) == 1
    listing = client.get("/admin/evaluators/").get_data(as_text=True)
    assert "待打开登记链接" in listing and "/evaluator/register/" not in listing
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "evaluator.register"))
    assert entry is not None and "3号窗口评价器" in str(entry.after)


@pytest.mark.parametrize("role", ["manager", "staff", "auditor"])
def test_only_the_administrator_manages_tablets(client, ratings_hall, login_as, role):
    login_as(role)
    assert client.get("/admin/evaluators/").status_code == 403
    assert client.post("/admin/evaluators/", data={
        "name": "x", "window": ratings_hall.window.id}).status_code == 403
    assert count(EvaluatorDevice) == 0


def test_a_tablet_posting_too_often_is_told_to_wait(ratings_hall, tablet, monkeypatch):
    monkeypatch.setattr(devices, "POST_LIMIT", 3)
    browser = tablet()
    key = key_of(browser, ratings_hall.ticket())
    for _ in range(3):
        assert browser.post("/windows/3/rate", json={"key": "wrong", "level": 5}).status_code == 404
    refused = browser.post("/windows/3/rate", json={"key": key, "level": 5})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert count(Rating) == 0


def test_a_service_keeps_one_key_row_and_one_key(ratings_hall, tablet):
    browser = tablet()
    ticket = ratings_hall.ticket()
    first = devices.service_key(ticket, clock.now())
    assert devices.service_key(ticket, clock.now()) == first == key_of(browser, ticket)
    assert count(RatingKey) == 1


def test_keys_older_than_a_day_are_dropped_when_the_tablet_asks(ratings_hall, tablet, freeze_time):
    browser = tablet()
    key_of(browser, ratings_hall.ticket())
    freeze_time("2026-12-05 10:10:01")
    assert offered(browser) == [] and count(RatingKey) == 0

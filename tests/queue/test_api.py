"""The queue's JSON API as docs/api.md describes it."""
import pytest

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue.kiosks import HEADER, enrol_kiosk, kiosk_actor, open_green, register_kiosk
from hall.queue.models import Ticket
from tests.factories import PASSWORD, TEST_ACTOR


@pytest.fixture
def setup(make, freeze_time):
    freeze_time("2026-12-01 10:00")
    civil = make.category(code="civil", name="社会事务", prefix="A")
    staff = make.user(role="staff")
    window = make.window(no=3, name="社会事务窗口", categories=[civil], staff_a_id=staff.id)
    manager = make.user(role="manager")
    db.session.commit()
    return {"civil": civil, "staff": staff, "window": window, "manager": manager}


def token(client, user) -> dict:
    response = client.post("/api/v1/auth/token", json={"username": user.username,
                                                        "password": PASSWORD})
    return {"Authorization": "Bearer " + response.json["token"]}



def test_issue_ticket_answers_the_contract(client, setup):
    response = client.post("/api/v1/tickets", json={"category": "civil"})
    assert response.status_code == 201
    body = response.json
    assert body["number"] == "A001" and body["status"] == "waiting" and body["ahead"] == 0
    assert body["category"] == "civil" and isinstance(body["est_wait_minutes"], int)
    assert body["issued_at"].endswith("+08:00")
    assert body["url"].endswith(f"/t/{body['token']}")
    assert body["qr_url"].endswith(f"/t/{body['token']}/qr.svg")
    assert client.get(body["qr_url"]).data.startswith(b"<svg")
    second = client.post("/api/v1/tickets", json={"category": "civil"}).json
    assert second["number"] == "A002" and second["ahead"] == 1


@pytest.mark.parametrize("body, field", [
    ({}, "category"), ({"category": "nope"}, "category"), ({"category": 5}, "category"),
    ({"category": "civil", "priority": "yes"}, "category"),
])
def test_bad_ticket_requests_are_400_and_issue_nothing(client, setup, body, field):
    response = client.post("/api/v1/tickets", json=body)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Ticket)) == 0


def test_priority_needs_staff_or_a_green_kiosk(client, setup):
    refused = client.post("/api/v1/tickets", json={"category": "civil", "priority": True})
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "priority_not_allowed"
    staff_made = client.post("/api/v1/tickets", json={"category": "civil", "priority": True},
                             headers=token(client, setup["staff"]))
    assert staff_made.status_code == 201 and staff_made.json["priority"] is True
    key, kiosk = enrol_kiosk(register_kiosk(TEST_ACTOR, "一楼取号机", clock.now())[0], clock.now(),
                         kiosk_actor())
    db.session.commit()
    closed = client.post("/api/v1/tickets", json={"category": "civil", "priority": True},
                         headers={HEADER: key})
    assert closed.status_code == 403
    open_green(kiosk, Actor.of(setup["staff"]), clock.now())
    db.session.commit()
    green = client.post("/api/v1/tickets", json={"category": "civil", "priority": True},
                        headers={HEADER: key})
    assert green.status_code == 201 and green.json["priority"] is True


def test_ticket_page_data_follows_the_ticket(client, setup):
    issued = client.post("/api/v1/tickets", json={"category": "civil"}).json
    headers = token(client, setup["staff"])
    called = client.post("/api/v1/windows/3/call-next", headers=headers)
    assert called.status_code == 200 and called.json["status"] == "called"
    seen = client.get(f"/api/v1/tickets/{issued['token']}").json
    assert seen["status"] == "called" and seen["window"] == 3 and seen["ahead"] is None
    assert client.get("/api/v1/tickets/unknown-token").status_code == 404


def test_window_actions_and_their_conflicts(client, setup):
    client.post("/api/v1/tickets", json={"category": "civil"})
    headers = token(client, setup["staff"])
    ticket = client.post("/api/v1/windows/3/call-next", headers=headers).json
    base = f"/api/v1/tickets/{ticket['id']}"
    assert client.post(base + "/recall", headers=headers).json["status"] == "called"
    assert client.post(base + "/start", headers=headers).json["status"] == "serving"
    conflict = client.post(base + "/no-show", headers=headers)
    assert conflict.status_code == 409 and conflict.json["error"]["code"] == "invalid_state"
    assert client.post(base + "/finish", headers=headers).json["status"] == "done"
    assert client.post("/api/v1/windows/3/call-next", headers=headers).status_code == 204


def test_window_actions_need_a_token_and_the_right_window(client, setup, make):
    client.post("/api/v1/tickets", json={"category": "civil"})
    assert client.post("/api/v1/windows/3/call-next").status_code == 401
    other = make.user(role="staff")
    db.session.commit()
    refused = client.post("/api/v1/windows/3/call-next", headers=token(client, other))
    assert refused.status_code == 403
    auditor = make.user(role="auditor")
    db.session.commit()
    assert client.post("/api/v1/windows/3/call-next",
                       headers=token(client, auditor)).status_code == 403
    managed = client.post("/api/v1/windows/3/call-next", headers=token(client, setup["manager"]))
    assert managed.status_code == 200


def test_transfer_through_the_api(client, setup, make):
    make.window(no=5, name="户政窗口")
    db.session.commit()
    client.post("/api/v1/tickets", json={"category": "civil"})
    headers = token(client, setup["staff"])
    ticket = client.post("/api/v1/windows/3/call-next", headers=headers).json
    bad = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={}, headers=headers)
    assert bad.status_code == 400
    moved = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={"window": 5},
                        headers=headers)
    assert moved.status_code == 200 and moved.json["number"] == "A001"
    assert moved.json["status"] == "waiting"


def test_window_status_switch(client, setup):
    headers = token(client, setup["staff"])
    paused = client.post("/api/v1/windows/3/status", json={"status": "paused"}, headers=headers)
    assert paused.status_code == 200 and paused.json["status"] == "paused"
    client.post("/api/v1/tickets", json={"category": "civil"})
    assert client.post("/api/v1/windows/3/call-next", headers=headers).status_code == 409
    bad = client.post("/api/v1/windows/3/status", json={"status": "gone"}, headers=headers)
    assert bad.status_code == 400


def test_windows_categories_and_display(client, setup):
    client.post("/api/v1/tickets", json={"category": "civil"})
    windows = client.get("/api/v1/windows").json["windows"]
    assert windows == [{"no": 3, "name": "社会事务窗口", "kind": "comprehensive",
                        "status": "open", "categories": ["civil"], "current": None}]
    categories = client.get("/api/v1/categories").json["categories"]
    assert categories[0]["waiting"] == 1 and categories[0]["open_windows"] == 1
    client.post("/api/v1/windows/3/call-next", headers=token(client, setup["staff"]))
    display = client.get("/api/v1/display").json
    assert display["calls"][0]["number"] == "A001" and display["calls"][0]["window"] == 3
    assert display["calls"][0]["text"] == "请A001号到3号窗口办理"
    assert client.get("/api/v1/windows").json["windows"][0]["current"] == "A001"


def test_stats_today_is_for_managers(client, setup, freeze_time):
    for _ in range(3):
        client.post("/api/v1/tickets", json={"category": "civil"})
    staff = token(client, setup["staff"])
    first = client.post("/api/v1/windows/3/call-next", headers=staff).json
    freeze_time("2026-12-01 10:04")
    client.post(f"/api/v1/tickets/{first['id']}/start", headers=staff)
    freeze_time("2026-12-01 10:10")
    client.post(f"/api/v1/tickets/{first['id']}/finish", headers=staff)
    second = client.post("/api/v1/windows/3/call-next", headers=staff).json
    client.post(f"/api/v1/tickets/{second['id']}/no-show", headers=staff)
    assert client.get("/api/v1/stats/today", headers=staff).status_code == 403
    stats = client.get("/api/v1/stats/today", headers=token(client, setup["manager"])).json
    assert stats["tickets_issued"] == 3 and stats["served"] == 1
    assert stats["waiting"] == 2          # one never called, one re-queued after 过号
    assert stats["service_minutes_mean"] == 6.0
    assert stats["wait_minutes_mean"] == 5.0   # 0 and 10 minutes to the call
    assert stats["wait_minutes_p90"] == 10.0


def test_one_address_is_limited_but_a_registered_kiosk_far_less(client, setup, monkeypatch):
    from hall.queue import kiosks
    monkeypatch.setattr(kiosks, "TICKET_LIMIT", 3)
    for _ in range(3):
        assert client.post("/api/v1/tickets", json={"category": "civil"}).status_code == 201
    refused = client.post("/api/v1/tickets", json={"category": "civil"})
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert "请求过于频繁" in refused.json["error"]["message"]
    key, _ = enrol_kiosk(register_kiosk(TEST_ACTOR, "一楼取号机", clock.now())[0], clock.now(),
                         kiosk_actor())
    db.session.commit()
    assert client.post("/api/v1/tickets", json={"category": "civil"},
                       headers={HEADER: key}).status_code == 201
    assert db.session.scalar(db.select(db.func.count()).select_from(Ticket)) == 4


def test_a_ticket_saved_before_the_database_drops_is_still_handed_out(client, setup,
                                                                        monkeypatch):
    from sqlalchemy.exc import OperationalError

    from hall.queue import estimates

    def lost(*args, **kwargs):
        raise OperationalError("SELECT count(*)", {}, Exception("database is locked"))
    client.post("/api/v1/tickets", json={"category": "civil"})
    monkeypatch.setattr(estimates, "recent_snapshot", lost)
    response = client.post("/api/v1/tickets", json={"category": "civil"})
    assert response.status_code == 201
    # The place in line came with the number; only the estimate needed the database again.
    assert (response.json["number"], response.json["ahead"]) == ("A002", 1)
    assert response.json["est_wait_minutes"] is None
    assert db.session.query(Ticket).count() == 2


def test_new_tickets_count_everyone_before_them_and_priority_goes_first(client, setup):
    from hall.queue.tickets import ahead_of
    numbers = [client.post("/api/v1/tickets", json={"category": "civil"}).json
               for _ in range(3)]
    assert [n["ahead"] for n in numbers] == [0, 1, 2]
    headers = token(client, setup["staff"])
    urgent = client.post("/api/v1/tickets", json={"category": "civil", "priority": True},
                         headers=headers).json
    assert urgent["ahead"] == 0
    assert ahead_of(db.session.get(Ticket, numbers[2]["id"])) == 3

"""/api/v1/appointments: the contract's shapes, codes and masking; extreme input is a 400."""
import pytest

from hall.core.extensions import db
from tests.appointments.conftest import person_id, phone_of


def _slots(client, day="2026-12-03", category="estate"):
    return client.get(f"/api/v1/appointments/slots?category={category}&date={day}")


def _book(client, slot_id, n=1, **fields):
    body = {"slot_id": slot_id, "name": "张三丰", "id_number": person_id(n), "phone": phone_of(n)}
    return client.post("/api/v1/appointments", json={**body, **fields})


def test_slots_book_read_cancel(booking_hall, client):
    answer = _slots(client)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["category"] == "estate" and body["date"] == "2026-12-03"
    first = body["slots"][0]
    assert set(first) == {"id", "start", "end", "capacity", "left"}
    assert first["start"] == "2026-12-03T09:00:00+08:00" and first["left"] == 2
    assert _slots(client, "2026-12-05").get_json()["slots"] == []     # Saturday: closed

    booked = _book(client, first["id"])
    assert booked.status_code == 201, booked.get_json()
    created = booked.get_json()
    assert set(created) == {"code", "token", "category", "slot", "status", "url"}
    assert created["status"] == "booked" and created["url"].endswith("/book/" + created["token"])
    assert _slots(client).get_json()["slots"][0]["left"] == 1

    shown = client.get(f"/api/v1/appointments/{created['token']}").get_json()
    assert shown["name"] == "张**" and shown["phone"] == "138****0001"
    assert shown["id_number"] == person_id(1)[:6] + "********" + person_id(1)[-4:]
    assert person_id(1) not in str(shown)

    cancelled = client.delete(f"/api/v1/appointments/{created['token']}")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert client.get("/api/v1/appointments/nosuchtoken0000").status_code == 404


def test_refusals_carry_the_contracts_codes(booking_hall, client):
    slot_id = _slots(client).get_json()["slots"][0]["id"]
    bad = _book(client, slot_id, id_number="110105199001010011")
    assert bad.status_code == 400 and "id_number" in bad.get_json()["error"]["fields"]
    assert _book(client, slot_id, phone="123").status_code == 400
    assert _slots(client).get_json()["slots"][0]["left"] == 2        # nothing stored
    assert _book(client, slot_id, 1).status_code == 201
    assert _book(client, slot_id, 2).status_code == 201
    full = _book(client, slot_id, 3)
    assert full.status_code == 409 and full.get_json()["error"]["code"] == "slot_full"
    again = _book(client, _slots(client).get_json()["slots"][1]["id"], 1)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "limit_reached"


@pytest.mark.parametrize("query", [
    "category=estate&date=9999-12-31", "category=estate&date=2026-13-01",
    "category=estate&date=" + "9" * 5000, "category=estate", "date=2026-12-03",
    "category=estate&date=2020-01-01",
])
def test_extreme_slot_queries_are_400(booking_hall, client, query):
    answer = client.get(f"/api/v1/appointments/slots?{query}")
    assert answer.status_code == 400, answer.get_json()


@pytest.mark.parametrize("body", [
    {"slot_id": 10 ** 30, "name": "张三", "id_number": "x", "phone": "1"},
    {"slot_id": -1}, {"slot_id": "1"}, {"slot_id": True}, {"slot_id": 1.5}, {},
    {"slot_id": 1, "name": "张" * 100000, "id_number": "1" * 100000, "phone": "1" * 100000},
    {"slot_id": 1, "name": ["张三"], "id_number": {"a": 1}, "phone": None},
])
def test_extreme_bookings_are_400(booking_hall, client, body):
    if body.get("slot_id") == 1:
        body["slot_id"] = _slots(client).get_json()["slots"][0]["id"]
    answer = client.post("/api/v1/appointments", json=body)
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["message"]


@pytest.mark.parametrize("body", [
    {"code": "1" * 100000}, {"code": "abc"}, {"id_number": "1" * 100000}, {"code": 10 ** 30},
    {}, {"code": ["1"]},
])
def test_extreme_check_ins_are_400(booking_hall, client, body):
    answer = client.post("/api/v1/appointments/check-in", json=body)
    assert answer.status_code == 400, answer.get_json()


def test_an_unknown_slot_is_404(booking_hall, client):
    assert _book(client, 999999).status_code == 404


def test_check_in_answers_too_early_and_too_late(booking_hall, client, freeze_time):
    slot_id = _slots(client).get_json()["slots"][0]["id"]
    code = _book(client, slot_id).get_json()["code"]
    freeze_time("2026-12-03 08:00")
    early = client.post("/api/v1/appointments/check-in", json={"code": code})
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "too_early"
    freeze_time("2026-12-03 09:20")
    late = client.post("/api/v1/appointments/check-in", json={"id_number": person_id(1)})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "too_late"


def test_check_in_issues_a_ticket(booking_hall, client, freeze_time):
    slot_id = _slots(client).get_json()["slots"][0]["id"]
    code = _book(client, slot_id).get_json()["code"]
    freeze_time("2026-12-03 08:45")
    answer = client.post("/api/v1/appointments/check-in", json={"code": code})
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["appointment"] == code and body["number"].startswith("B")


def test_the_days_bookings_for_staff_unmasked(booking_hall, client, make, login_as):
    slot_id = _slots(client).get_json()["slots"][0]["id"]
    assert _book(client, slot_id).status_code == 201
    assert client.get("/api/v1/appointments?date=2026-12-03").status_code == 401
    login_as("manager")
    listed = client.get("/api/v1/appointments?date=2026-12-03&category=estate").get_json()
    [row] = listed["appointments"]
    assert row["id_number"] == person_id(1) and row["name"] == "张三丰"
    assert "token" not in row
    assert client.get("/api/v1/appointments?date=9999-12-31").status_code == 400


def test_staff_see_only_their_windows_categories(booking_hall, client, make, login_as):
    other = make.category(code="civil", name="社会事务", prefix="A")
    staff = login_as("staff")
    make.window(no=7, categories=[other], staff_a_id=staff.id)
    db.session.commit()
    assert client.get("/api/v1/appointments?date=2026-12-03&category=estate").status_code == 403
    assert client.get("/api/v1/appointments?date=2026-12-03").get_json()["appointments"] == []


def test_booking_is_rate_limited_per_address(booking_hall, client, make):
    from tests.appointments.conftest import add_templates
    answers = []
    for n in range(12):
        other = make.category(code=f"r{n}", name=f"限流{n}", prefix="CDEFGHIJKLMN"[n])
        add_templates(other, capacity=50)
        db.session.commit()
        slot_id = _slots(client, category=f"r{n}").get_json()["slots"][0]["id"]
        answers.append(_book(client, slot_id, 100 + n).status_code)
    assert answers[:10] == [201] * 10 and answers[10:] == [429, 429]


def test_the_paths_are_in_the_openapi_description(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/appointments"])
    assert {"get", "delete"} <= set(paths["/api/v1/appointments/{token}"])
    assert "post" in paths["/api/v1/appointments/check-in"]
    assert "get" in paths["/api/v1/appointments/slots"]

"""The booking's fast paths keep the rules; check-in tries are rate-limited; every change of
a booking is published for the dashboard and the screens, without personal data."""
import json

from sqlalchemy import event, select

from hall.appointments import services
from hall.appointments.models import Slot
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict
from hall.core.extensions import db
from hall.events.models import Event
from hall.queue.kiosks import HEADER, enrol_kiosk, kiosk_actor, register_kiosk
from tests.appointments.conftest import PUBLIC, THURSDAY, person_id, phone_of

MANAGER = Actor(username="admin", role="manager", address="10.0.0.1")


def _statements(run) -> list[str]:
    """The SQL statements `run()` sends through the engine."""
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return seen


def _book(slot_id: int, n: int):
    return services.book(slot_id, f"张{n}", person_id(n), phone_of(n), clock.now(), PUBLIC)


def _refused(slot_id: int, n: int) -> str:
    try:
        _book(slot_id, n)
    except Conflict as refused:
        db.session.rollback()
        return refused.code
    raise AssertionError("booked")


# --- the refusal of a full slot ---------------------------------------------------------------

def test_a_full_slot_is_refused_without_a_read_and_a_freed_place_is_offered_at_once(booking_hall):
    slot_id = booking_hall.slots()[0].id
    first = _book(slot_id, 1)
    _book(slot_id, 2)
    db.session.commit()
    assert _refused(slot_id, 3) == "slot_full"          # one read finds it full
    assert _statements(lambda: _refused(slot_id, 4)) == []   # then the memo answers
    services.cancel(first.token, clock.now(), services.SYSTEM)   # frees a place here
    db.session.commit()
    assert _book(slot_id, 5).status == "booked"
    db.session.commit()
    assert db.session.get(Slot, slot_id).booked == 2


def test_the_memo_never_gives_a_place_the_database_decides(booking_hall):
    slot_id = booking_hall.slots()[0].id
    _book(slot_id, 1)
    _book(slot_id, 2)
    db.session.commit()
    assert _refused(slot_id, 3) == "slot_full"
    # Another process frees a place: this one refuses until its memo runs out (seconds),
    # never books beyond the places.
    db.session.execute(Slot.__table__.update().values(booked=1))
    db.session.commit()
    assert _refused(slot_id, 4) == "slot_full"
    services.forget_cached()
    assert _book(slot_id, 4).status == "booked"
    db.session.commit()
    services.forget_cached()
    assert _refused(slot_id, 5) == "slot_full"
    assert db.session.scalar(select(Slot.booked).where(Slot.id == slot_id)) == 2


def test_a_booking_reads_the_dates_offer_once_and_follows_the_managers_exception(booking_hall):
    slot_id = booking_hall.slots()[0].id          # listing the slots leaves the offer cached
    db.session.commit()
    statements = _statements(lambda: _book(slot_id, 1))
    assert not [s for s in statements if "slot_template" in s or "calendar_day" in s], statements
    db.session.commit()
    services.save_exception(MANAGER, booking_hall.category, THURSDAY, closed=True, label="系统升级")
    db.session.commit()
    assert _refused(slot_id, 2) == "booking_closed"


def test_the_limits_and_the_block_still_hold_on_the_fast_path(booking_hall):
    slots = booking_hall.slots()
    _book(slots[0].id, 1)
    db.session.commit()
    assert _refused(slots[1].id, 1) == "limit_reached"      # one per category
    from hall.appointments.models import NoShowBlock
    db.session.add(NoShowBlock(id_number=person_id(2), since=clock.now(), no_shows=3,
                               until=clock.now().replace(year=2027), lifted_by=""))
    db.session.commit()
    try:
        _book(slots[1].id, 2)
    except Conflict as refused:
        assert refused.code == "blocked" and "2027年" in refused.message
    else:
        raise AssertionError("a blocked person booked")


def test_the_api_answers_a_booking_without_reading_after_its_commit(booking_hall, client):
    slot_id = booking_hall.slots()[0].id
    db.session.commit()
    seen = []

    def statement(conn, cursor, sql, *args):
        seen.append(sql)
    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", lambda conn: seen.append("COMMIT"))
    body = {"slot_id": slot_id, "name": "张三", "id_number": person_id(1), "phone": phone_of(1)}
    try:
        answer = client.post("/api/v1/appointments", json=body)
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    assert answer.status_code == 201
    assert "COMMIT" in seen and seen[-1] == "COMMIT", seen[seen.index("COMMIT"):]
    created = answer.get_json()
    assert created["category"] == "estate" and created["slot"]["id"] == slot_id
    assert created["slot"]["start"] == "2026-12-03T09:00:00+08:00"


# --- events --------------------------------------------------------------------------------

def _changes() -> list[dict]:
    return [json.loads(payload) for payload in db.session.scalars(
        select(Event.payload).where(Event.kind == "appointment.changed").order_by(Event.id))]


def test_booked_cancelled_checked_in_and_no_show_are_published_without_personal_data(
        booking_hall, freeze_time):
    slot = booking_hall.slots()[0]
    first, second, third = _book(slot.id, 1), _book(slot.id, 2), None
    db.session.commit()
    services.cancel(first.token, clock.now(), services.SYSTEM)
    third = _book(slot.id, 3)
    db.session.commit()
    freeze_time("2026-12-03 08:45")
    found = services.find_for_check_in(code=second.code, now=clock.now())
    services.check_in(found, clock.now(), Actor(address="kiosk"))
    db.session.commit()
    freeze_time("2026-12-03 09:16")
    assert services.mark_no_shows(clock.now()) == 1
    db.session.commit()
    changes = _changes()
    assert [(c["id"], c["status"]) for c in changes] == [
        (first.id, "booked"), (second.id, "booked"), (first.id, "cancelled"),
        (third.id, "booked"), (second.id, "checked_in"), (third.id, "no_show")]
    assert changes[0] == {"id": first.id, "category": "estate", "day": "2026-12-03",
                          "slot": {"id": slot.id, "start": "2026-12-03T09:00:00+08:00",
                                   "end": "2026-12-03T09:30:00+08:00"},
                          "status": "booked"}
    text = json.dumps(changes, ensure_ascii=False)
    for appointment in (first, second, third):
        for secret in (appointment.name, appointment.id_number, appointment.phone,
                       appointment.code, appointment.token):
            assert secret not in text


def test_a_refused_booking_publishes_nothing(booking_hall):
    slot_id = booking_hall.slots()[0].id
    _book(slot_id, 1)
    _book(slot_id, 2)
    db.session.commit()
    assert _refused(slot_id, 3) == "slot_full"
    assert len(_changes()) == 2


# --- check-in tries are limited ---------------------------------------------------------------

def _check_in(client, code, **headers):
    return client.post("/api/v1/appointments/check-in", json={"code": code}, headers=headers)


def test_wrong_check_in_tries_from_one_address_are_limited(booking_hall, client, freeze_time):
    appointment = _book(booking_hall.slots()[0].id, 1)
    db.session.commit()
    freeze_time("2026-12-03 08:45")
    for n in range(services.CHECKIN_LIMIT):
        assert _check_in(client, f"{n:08d}").status_code == 404
    refused = _check_in(client, f"{99:08d}")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "签到尝试次数过多" in refused.get_json()["error"]["message"]
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    # Even the right code waits: a script cannot tell a hit from a miss meanwhile.
    assert _check_in(client, appointment.code).status_code == 429


def test_a_good_check_in_does_not_use_the_allowance_and_kiosks_have_their_own(
        booking_hall, client, freeze_time):
    booked = [_book(booking_hall.slots()[0].id, 1), _book(booking_hall.slots()[1].id, 2)]
    db.session.commit()
    freeze_time("2026-12-03 08:45")
    for n in range(services.CHECKIN_LIMIT - 1):
        assert _check_in(client, f"{n:08d}").status_code == 404
    assert _check_in(client, booked[0].code).status_code == 201      # taken back
    assert _check_in(client, "00000098").status_code == 404          # the 20th wrong try
    assert _check_in(client, "00000099").status_code == 429
    key, _ = enrol_kiosk(register_kiosk(MANAGER, "一楼取号机", clock.now())[0], clock.now(),
                         kiosk_actor())
    db.session.commit()
    freeze_time("2026-12-03 14:00")
    answer = _check_in(client, booked[1].code, **{HEADER: key})
    assert answer.status_code == 201, answer.get_json()

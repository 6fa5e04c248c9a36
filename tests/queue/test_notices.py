"""SMS to ticket holders who left a number, appointment tickets in the calling order, and
the 预 mark on the lobby display."""
from sqlalchemy import select

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.notify.models import OutboxMessage
from hall.queue import notices, tickets
from hall.queue.models import Ticket
from hall.settings import services as settings
from tests.factories import TEST_ACTOR


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def test_an_appointment_is_called_after_the_green_channel_and_before_walk_ins(two_window_hall):
    h = two_window_hall
    walk_in = tickets.issue_ticket(h.a, clock.now())
    booked = tickets.issue_ticket(h.a, clock.now(), appointment_code="12345678")
    green = tickets.issue_ticket(h.a, clock.now(), priority=True)
    db.session.commit()
    staff = Actor.of(h.staff)
    order = [tickets.call_next(h.w3, staff, clock.now()).number]
    for _ in range(2):
        tickets.finish(db.session.scalar(select(Ticket).where(Ticket.status == "called")),
                       staff, clock.now())
        order.append(tickets.call_next(h.w3, staff, clock.now()).number)
    assert order == [green.number, booked.number, walk_in.number]


def test_an_appointment_ticket_counts_only_the_green_channel_ahead(two_window_hall, client):
    h = two_window_hall
    for _ in range(3):
        tickets.issue_ticket(h.a, clock.now())
    tickets.issue_ticket(h.a, clock.now(), priority=True)
    booked = tickets.issue_ticket(h.a, clock.now(), appointment_code="87654321")
    db.session.commit()
    answer = client.get(f"/api/v1/tickets/{booked.token}").json
    assert answer["ahead"] == 1 and answer["appointment"] == "87654321"
    assert client.get(f"/api/v1/tickets/{booked.token}").json["status"] == "waiting"


def test_a_no_show_requeue_keeps_the_appointment_rank(two_window_hall):
    h = two_window_hall
    booked = tickets.issue_ticket(h.a, clock.now(), appointment_code="11112222")
    tickets.issue_ticket(h.a, clock.now())
    db.session.commit()
    staff = Actor.of(h.staff)
    called = tickets.call_next(h.w3, staff, clock.now())
    tickets.no_show(called, staff, clock.now())
    db.session.commit()
    db.session.refresh(booked)
    assert booked.status == "waiting" and booked.rank == 2


def test_the_called_message_goes_once_and_only_to_those_who_left_a_number(two_window_hall):
    h = two_window_hall
    first = tickets.issue_ticket(h.a, clock.now())
    tickets.issue_ticket(h.a, clock.now())
    notices.leave_phone(first, "138 1234 5678", clock.now())
    db.session.commit()
    called = tickets.call_next(h.w3, Actor.of(h.staff), clock.now())
    db.session.commit()
    assert called.id == first.id
    sent = outbox("ticket_called")
    assert len(sent) == 1 and sent[0].phone == "13812345678"
    assert f"请{first.number}号到3号窗口办理" in sent[0].text
    tickets.recall(called, Actor.of(h.staff), clock.now())
    db.session.commit()
    assert len(outbox("ticket_called")) == 1          # a recall sends nothing more


def test_people_near_the_front_hear_how_many_are_ahead_once(two_window_hall):
    h = two_window_hall
    settings.update(TEST_ACTOR, {"notify_ahead": 2})
    line = [tickets.issue_ticket(h.a, clock.now()) for _ in range(5)]
    notices.leave_phone(line[3], "13900001111", clock.now())     # 3 ahead: not yet
    db.session.commit()
    assert outbox("ticket_ahead") == []
    staff = Actor.of(h.staff)
    tickets.finish(tickets.call_next(h.w3, staff, clock.now()), staff, clock.now())
    db.session.commit()
    ahead = outbox("ticket_ahead")
    assert len(ahead) == 1 and f"您的{line[3].number}号前面还有2人" in ahead[0].text
    tickets.finish(tickets.call_next(h.w3, staff, clock.now()), staff, clock.now())
    db.session.commit()
    assert len(outbox("ticket_ahead")) == 1           # never twice for one ticket


def test_a_number_left_when_already_near_is_told_at_once(two_window_hall):
    h = two_window_hall
    line = [tickets.issue_ticket(h.a, clock.now()) for _ in range(3)]
    notices.leave_phone(line[2], "13900002222", clock.now())
    db.session.commit()
    assert "前面还有2人" in outbox("ticket_ahead")[0].text


def test_the_kiosk_page_takes_a_number_on_its_keypad_and_masks_it(two_window_hall, client):
    ticket = tickets.issue_ticket(two_window_hall.a, clock.now())
    db.session.commit()
    page = client.get(f"/kiosk/tickets/{ticket.token}")
    assert "短信提醒（选填）" in page.text
    form = client.get(f"/kiosk/tickets/{ticket.token}/sms")
    assert form.status_code == 200 and "data-keypad" in form.text
    refused = client.post(f"/kiosk/tickets/{ticket.token}/sms", data={"phone": "12345"})
    assert refused.status_code == 400 and "请输入11位手机号码" in refused.text
    db.session.refresh(ticket)
    assert ticket.phone is None
    done = client.post(f"/kiosk/tickets/{ticket.token}/sms", data={"phone": "13812345678"},
                       follow_redirects=True)
    assert "138****5678" in done.text and "13812345678" not in done.text
    db.session.refresh(ticket)
    assert ticket.phone == "13812345678"


def test_the_phone_page_offers_the_reminder_and_refuses_a_bad_number(two_window_hall, client):
    ticket = tickets.issue_ticket(two_window_hall.a, clock.now())
    db.session.commit()
    assert "短信提醒我" in client.get(f"/t/{ticket.token}").text
    refused = client.post(f"/t/{ticket.token}/sms", data={"phone": "x" * 10_000})
    assert refused.status_code == 400 and "请输入11位手机号码" in refused.text
    done = client.post(f"/t/{ticket.token}/sms", data={"phone": "13812345678"},
                       follow_redirects=True)
    assert "138****5678" in done.text and "13812345678" not in done.text
    assert client.post("/t/forged-token/sms", data={"phone": "13812345678"}).status_code == 404


def test_a_called_ticket_takes_no_number(two_window_hall, client):
    ticket = tickets.issue_ticket(two_window_hall.a, clock.now())
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    db.session.commit()
    answer = client.post(f"/t/{ticket.token}/sms", data={"phone": "13812345678"})
    assert answer.status_code == 409 and "已不在等候中" in answer.text


def test_the_display_marks_an_appointment_call(two_window_hall, client):
    h = two_window_hall
    tickets.issue_ticket(h.a, clock.now(), appointment_code="12341234")
    db.session.commit()
    tickets.call_next(h.w3, Actor.of(h.staff), clock.now())
    db.session.commit()
    calls = client.get("/api/v1/display").json["calls"]
    assert calls[0]["appointment"] is True

"""The calling rules of docs/rules.md §2, on the services."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, Forbidden
from hall.core.extensions import db
from hall.events.services import events_after
from hall.queue import tickets
from hall.settings import services as settings
from tests.factories import TEST_ACTOR

SHANGHAI = ZoneInfo("Asia/Shanghai")


def issue(category, minutes=0, priority=False):
    now = clock.now() + timedelta(minutes=minutes)
    return tickets.issue_ticket(category, now, priority=priority)


def test_numbers_are_prefixed_per_category_and_restart_at_local_midnight(two_window_hall,
                                                                         freeze_time):
    assert [issue(two_window_hall.a).number for _ in range(3)] == ["A001", "A002", "A003"]
    assert issue(two_window_hall.b).number == "B001"
    freeze_time("2026-12-01 23:59")
    assert issue(two_window_hall.a).number == "A004"
    freeze_time("2026-12-02 00:00:30")   # 16:00 UTC the day before: local day counts
    assert issue(two_window_hall.a).number == "A001"


def test_priority_is_called_first_then_the_oldest(two_window_hall):
    first = issue(two_window_hall.a)
    second = issue(two_window_hall.a, minutes=1)
    urgent = issue(two_window_hall.a, minutes=2, priority=True)
    called = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    assert called.number == urgent.number
    tickets.finish(called, Actor.of(two_window_hall.staff), clock.now())
    assert tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now()).id == first.id
    assert tickets.ahead_of(second) == 0


def test_a_window_calls_only_its_own_categories(two_window_hall):
    issue(two_window_hall.b)
    assert tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now()) is None
    assert tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff),
                             clock.now()).number == "B001"


def test_people_ahead_follow_the_calling_order(two_window_hall):
    plain = [issue(two_window_hall.a, minutes=n) for n in range(3)]
    urgent = issue(two_window_hall.a, minutes=5, priority=True)
    assert tickets.ahead_of(urgent) == 0
    assert [tickets.ahead_of(t) for t in plain] == [1, 2, 3]


def test_a_busy_or_paused_window_cannot_call(two_window_hall):
    issue(two_window_hall.a)
    issue(two_window_hall.a)
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Conflict, match="请先处理当前号码"):
        tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    two_window_hall.w4.status = "paused"
    with pytest.raises(Conflict, match="暂停"):
        tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff), clock.now())


def test_staff_act_only_at_their_own_windows_and_managers_anywhere(two_window_hall, make):
    issue(two_window_hall.a)
    stranger = make.user(role="staff")
    with pytest.raises(Forbidden):
        tickets.call_next(two_window_hall.w3, Actor.of(stranger), clock.now())
    manager = make.user(role="manager")
    assert tickets.call_next(two_window_hall.w3, Actor.of(manager), clock.now()).staff_id == manager.id


def test_acting_staff_member_is_recorded(two_window_hall, make):
    backup = make.user(role="staff")
    two_window_hall.w3.staff_b_id = backup.id
    issue(two_window_hall.a)
    ticket = tickets.call_next(two_window_hall.w3, Actor.of(backup), clock.now())
    tickets.start(ticket, Actor.of(backup), clock.now())
    assert ticket.staff_id == backup.id


def test_state_changes_are_guarded(two_window_hall):
    ticket = issue(two_window_hall.a)
    with pytest.raises(Conflict):
        tickets.recall(ticket, Actor.of(two_window_hall.staff), clock.now())   # never called
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.start(ticket, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Conflict, match="不在叫号状态"):
        tickets.recall(ticket, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Conflict, match="不在叫号状态"):
        tickets.no_show(ticket, Actor.of(two_window_hall.staff), clock.now())
    tickets.finish(ticket, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Conflict):
        tickets.finish(ticket, Actor.of(two_window_hall.staff), clock.now())
    assert ticket.status == "done" and ticket.finished_at is not None


def test_finishing_straight_from_called_counts_no_service_time(two_window_hall):
    ticket = issue(two_window_hall.a)
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.finish(ticket, Actor.of(two_window_hall.staff), clock.now())
    assert ticket.started_at == ticket.finished_at


def test_no_show_requeues_once_behind_the_configured_number(two_window_hall):
    settings.update(TEST_ACTOR, {"noshow_requeue": True, "noshow_requeue_behind": 3})
    missing = issue(two_window_hall.a)
    others = [issue(two_window_hall.a, minutes=n + 1) for n in range(5)]
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.no_show(missing, Actor.of(two_window_hall.staff), clock.now() + timedelta(minutes=10))
    assert missing.status == "waiting" and missing.requeues == 1
    assert tickets.ahead_of(missing) == 3
    assert [t.id for t in others[:3]] == [
        t.id for t in tickets.waiting_for(two_window_hall.w3, clock.now())[:3]]
    for _ in range(3):
        called = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
        tickets.finish(called, Actor.of(two_window_hall.staff), clock.now())
    assert tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff),
                             clock.now()).id == missing.id
    tickets.no_show(missing, Actor.of(two_window_hall.staff), clock.now())
    assert missing.status == "no_show"


def test_no_show_without_requeue_policy_closes_the_ticket(two_window_hall):
    settings.update(TEST_ACTOR, {"noshow_requeue": False})
    ticket = issue(two_window_hall.a)
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.no_show(ticket, Actor.of(two_window_hall.staff), clock.now())
    assert ticket.status == "no_show"


def test_requeue_with_few_people_waiting_goes_to_the_end(two_window_hall):
    missing = issue(two_window_hall.a)
    later = issue(two_window_hall.a, minutes=1)
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.no_show(missing, Actor.of(two_window_hall.staff), clock.now() + timedelta(minutes=5))
    assert tickets.ahead_of(missing) == 1 and tickets.ahead_of(later) == 0


def test_transfer_to_a_window_keeps_the_number_and_goes_to_its_front(two_window_hall):
    two_window_hall.w3.categories = [two_window_hall.b]
    db.session.flush()
    first = issue(two_window_hall.a)
    second = issue(two_window_hall.a, minutes=1)
    issue(two_window_hall.b, minutes=2)
    assert tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff), clock.now()).id == first.id
    tickets.transfer(first, Actor.of(two_window_hall.staff), clock.now(), window=two_window_hall.w3)
    assert first.number == "A001" and first.status == "waiting"
    # Window 4 does not get it back; window 3 calls it before its own older B ticket.
    assert tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff), clock.now()).id == second.id
    assert tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now()).id == first.id


def test_transfer_to_a_category_goes_to_the_front_of_that_line(two_window_hall):
    issue(two_window_hall.b)
    ticket = issue(two_window_hall.a, minutes=1)
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.transfer(ticket, Actor.of(two_window_hall.staff), clock.now(), category=two_window_hall.b)
    assert ticket.category_id == two_window_hall.b.id and ticket.number == "A001"
    assert tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff), clock.now()).id == ticket.id


def test_transfer_to_the_same_window_is_refused(two_window_hall):
    issue(two_window_hall.a)
    ticket = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Exception, match="不能转移到本窗口"):
        tickets.transfer(ticket, Actor.of(two_window_hall.staff), clock.now(), window=two_window_hall.w3)


def test_calls_publish_the_spoken_text(two_window_hall):
    issue(two_window_hall.a)
    ticket = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.recall(ticket, Actor.of(two_window_hall.staff), clock.now())
    kinds = [(kind, payload) for _, kind, payload in events_after(0)]
    assert [k for k, _ in kinds] == ["ticket.issued", "ticket.called", "ticket.recalled"]
    assert '"text": "请A001号到3号窗口办理"' in kinds[1][1]
    assert '"recall": true' in kinds[2][1]


def test_call_text_template_is_configurable(two_window_hall):
    settings.update(TEST_ACTOR, {"call_template": "{number}号请到{window}号窗口"})
    assert tickets.call_text("A012", 3) == "A012号请到3号窗口"
    settings.update(TEST_ACTOR, {"call_template": "坏模板{oops}"})
    assert tickets.call_text("A012", 3) == "请A012号到3号窗口办理"


def test_each_change_is_audited(two_window_hall):
    from hall.audit.models import AuditEntry
    ticket = issue(two_window_hall.a)
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    actions = db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.object_label == ticket.number)).all()
    assert actions == ["ticket.issued", "ticket.called"]


def test_hall_day_uses_the_hall_time_zone(app):
    late_utc = datetime(2026, 12, 1, 16, 30, tzinfo=ZoneInfo("UTC"))
    assert tickets.hall_day(late_utc).isoformat() == "2026-12-02"


def test_a_ticket_finished_straight_from_the_call_is_served_from_the_call(two_window_hall,
                                                                         freeze_time):
    ticket = tickets.issue_ticket(two_window_hall.a, clock.now())
    freeze_time("2026-12-01 09:10")
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    freeze_time("2026-12-01 09:17")
    tickets.finish(ticket, Actor.of(two_window_hall.staff), clock.now())
    db.session.refresh(ticket)
    assert (ticket.finished_at - ticket.started_at).total_seconds() == 7 * 60

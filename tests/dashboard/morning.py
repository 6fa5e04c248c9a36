"""A small hall on Friday 2026-12-04 with a morning whose figures are worked out by hand.

Window 3 (社会事务, line A) is staffed by 陈晓燕 (A岗) and 刘洋 (B岗); today 刘洋 acts.
Five A tickets are issued at 09:00, 09:02, 09:04, 09:06 and 09:08 and called at 09:10,
09:20, 09:30 and 09:40 (waits 10, 18, 26 and 34 minutes: mean 22.0, p90 34.0). The first
two are served 8 minutes each; the third does not show up (09:35, no re-queue); the fourth
is being served since 09:40; the fifth still waits. Window 4 (税务, line B) is open with
nobody waiting. Two 即办件 are accepted today, one closed on time; a 承诺件 (5 days)
accepted on 2026-11-20 is red (due 11-27) and one accepted on 2026-11-30 is yellow (due
12-07, 1 working day left).
"""
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets
from hall.settings import services as settings
from tests.factories import TEST_ACTOR

DAY = "2026-12-04"
PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}


def at(hhmm: str, day: str = DAY) -> datetime:
    """A hall-local moment as an aware datetime."""
    return datetime.fromisoformat(f"{day} {hhmm}").replace(tzinfo=ZoneInfo("Asia/Shanghai"))


def move(moment: datetime) -> datetime:
    """Freeze the clock at a moment (audit entries take their time from it)."""
    clock.freeze(moment)
    return moment


def accept(hall, item, when: datetime):
    move(when)
    return cases.accept(Actor.of(hall.b), when, item=item, applicant=PERSON, handed_in=set(),
                        window=hall.w3)


def build(make) -> SimpleNamespace:
    move(at("08:00"))
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    settings.update(TEST_ACTOR, {"noshow_requeue": False})
    civil = make.category(code="civil", name="社会事务", prefix="A")
    tax = make.category(code="tax", name="税务", prefix="B")
    a = make.user(role="staff", name="陈晓燕")
    b = make.user(role="staff", name="刘洋")
    w3 = make.window(no=3, name="社会事务窗口", categories=[civil], staff_a_id=a.id,
                     staff_b_id=b.id)
    w4 = make.window(no=4, name="税务窗口", categories=[tax], staff_a_id=a.id)
    hall = SimpleNamespace(civil=civil, tax=tax, a=a, b=b, w3=w3, w4=w4,
                           quick=make.item(name="婚姻登记", promised_days=0, legal_days=0),
                           slow=make.item(name="建设工程规划许可", promised_days=5,
                                          legal_days=20))
    db.session.commit()
    return hall


def morning(hall) -> list:
    """The five A tickets of the module docstring, up to 09:40."""
    issued = [tickets.issue_ticket(hall.civil, move(at(f"09:0{m}"))) for m in (0, 2, 4, 6, 8)]
    for k, called in enumerate(("09:10", "09:20", "09:30", "09:40")):
        ticket = tickets.call_next(hall.w3, Actor.of(hall.b), move(at(called)))
        if k == 2:
            tickets.no_show(ticket, Actor.of(hall.b), move(at("09:35")))
            continue
        tickets.start(ticket, Actor.of(hall.b), clock.now())
        if k < 2:
            tickets.finish(ticket, Actor.of(hall.b), move(at(called) + timedelta(minutes=8)))
    db.session.commit()
    return issued


def casework(hall) -> None:
    """Two 即办件 today (one closed), one red and one yellow 承诺件."""
    accept(hall, hall.slow, at("10:00", "2026-11-20"))
    accept(hall, hall.slow, at("10:00", "2026-11-30"))
    first = accept(hall, hall.quick, at("09:15"))
    accept(hall, hall.quick, at("09:45"))
    cases.close(Actor.of(hall.b), move(at("09:50")), first, "approved")
    db.session.commit()

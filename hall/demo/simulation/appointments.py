"""预约办理 in the simulation, through hall/appointments/services.py.

During each simulated day citizens book places for the next working days (most for the
next one), now and then cancel; on the day itself most of them check in at the kiosk
between half an hour before their slot and a few minutes after it, and the no-show sweep
runs in the evening. A few unreliable people keep booking and not coming, so the manager's
预约黑名单 has somebody on it after a few days.
"""
import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from hall.appointments import services
from hall.appointments.models import Appointment, SlotTemplate
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.demo.simulation import people
from hall.queue.models import Category

CITIZEN = Actor(username="", role="", address="192.0.2.10")
KIOSK = Actor(username="kiosk", role="kiosk", address="192.0.2.20")
NEXT_DAY_SHARE = (0.45, 0.7)     # of a category's places booked the day before
LATER_DAY_SHARE = (0.03, 0.1)    # booked on each earlier day of the window
CANCEL_RATE = 0.06
NO_SHOW_RATE = 0.08
UNRELIABLE = 4                   # people who book and never come
SWEEP_AT = time(18, 0)


class Appointments:
    """Books, cancels, checks in and sweeps no-shows day by day."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.unreliable = [(people.person_name(rng), people.id_number(rng), people.mobile(rng))
                           for _ in range(UNRELIABLE)]
        self.booked = self.cancelled = self.checked_in = self.refused = 0
        self.started = False

    @staticmethod
    def available() -> bool:
        """Some category takes appointments (the demo's slots are loaded)."""
        return db.session.scalar(select(SlotTemplate.id).where(
            SlotTemplate.active.is_(True)).limit(1)) is not None

    def __str__(self) -> str:
        blocks = len(services.blocks(clock.now()))
        return (f"预约办理：预约 {self.booked}，取消 {self.cancelled}，签到 {self.checked_in}，"
                f"未成功 {self.refused}；当前预约黑名单 {blocks} 人")

    # -- one day ---------------------------------------------------------------------------------

    def plan(self, queue_day) -> None:
        """Schedule the day's check-ins, its bookings for later days and the evening sweep."""
        if not self.started:
            self.started = True
            self._book_before(queue_day.day)
        for appointment in self._todays(queue_day.day):
            self._plan_arrival(queue_day, appointment)
        for minute in sorted(self.rng.uniform(0, 470) for _ in range(self._bookings_today())):
            queue_day.schedule(queue_day.at(9, minute), self._book_some)
        queue_day.schedule(queue_day.at(SWEEP_AT.hour, SWEEP_AT.minute), self._sweep)

    def _book_before(self, day: date) -> None:
        """The first simulated day's bookings, as made the afternoon before."""
        moment = datetime.combine(day - timedelta(days=1), time(15), clock.hall_zone())
        now = moment.astimezone(UTC)
        frozen = clock._frozen
        clock.freeze(now)
        try:
            for category in self._categories():
                for slot in services.slots_for(category, day, now):
                    for _ in range(round(slot.capacity * self.rng.uniform(*NEXT_DAY_SHARE))):
                        self._book(slot, now)
            db.session.commit()
        finally:
            clock.freeze(frozen)

    def _todays(self, day: date) -> list[Appointment]:
        return list(db.session.scalars(select(Appointment).where(
            Appointment.day == day, Appointment.status == "booked")))

    def _plan_arrival(self, queue_day, appointment: Appointment) -> None:
        unreliable = appointment.id_number in {p[1] for p in self.unreliable}
        if unreliable or self.rng.random() < NO_SHOW_RATE:
            return
        opens = max(appointment.slot.starts_at - timedelta(minutes=28), queue_day.at(9, 1))
        at = opens + timedelta(minutes=self.rng.uniform(0, 38))
        appointment_id = appointment.id
        queue_day.schedule(at, lambda now: self._check_in(queue_day, appointment_id, now))

    def _bookings_today(self) -> int:
        """Rough places a day: the next day's share plus a little for later days."""
        places = sum(t.capacity for t in db.session.scalars(
            select(SlotTemplate).where(SlotTemplate.active.is_(True), SlotTemplate.weekday == 0)))
        return round(places * (self.rng.uniform(*NEXT_DAY_SHARE)
                               + 4 * self.rng.uniform(*LATER_DAY_SHARE)))

    # -- the steps -------------------------------------------------------------------------------

    def _book_some(self, now: datetime) -> None:
        days = services.bookable_days(now)
        if not days:
            return
        day = days[0] if self.rng.random() < 0.7 else self.rng.choice(days)
        categories = self._categories()
        if not categories:
            return
        category = self.rng.choice(categories)
        open_slots = [s for s in services.slots_for(category, day, now) if s.left > 0]
        if open_slots:
            self._book(self.rng.choice(open_slots), now)

    def _book(self, slot, now: datetime) -> None:
        if self.rng.random() < 0.04:
            name, id_number, phone = self.rng.choice(self.unreliable)
        else:
            name, id_number, phone = (people.person_name(self.rng), people.id_number(self.rng),
                                      people.mobile(self.rng))
        try:
            with db.session.begin_nested():
                appointment = services.book(slot.id, name, id_number, phone, now, CITIZEN)
        except DomainError:
            self.refused += 1      # full, blocked or over the limit: as a real citizen would be
            return
        self.booked += 1
        if self.rng.random() < CANCEL_RATE:     # changed their mind soon after
            try:
                with db.session.begin_nested():
                    services.cancel(appointment.token, now, CITIZEN)
                self.cancelled += 1
            except DomainError:
                pass

    def _check_in(self, queue_day, appointment_id: int, now: datetime) -> None:
        """At the kiosk: the booked ticket joins the day's line like any other."""
        appointment = db.session.get(Appointment, appointment_id)
        try:
            with db.session.begin_nested():
                found = services.find_for_check_in(code=appointment.code, now=now)
                ticket = services.check_in(found, now, KIOSK)
        except DomainError:
            self.refused += 1
            return
        self.checked_in += 1
        queue_day.joined(ticket, now)

    def _sweep(self, now: datetime) -> None:
        services.mark_no_shows(now)

    @staticmethod
    def _categories() -> list[Category]:
        offered = select(SlotTemplate.category_id).where(SlotTemplate.active.is_(True))
        return list(db.session.scalars(select(Category).where(
            Category.is_active.is_(True), Category.id.in_(offered)).order_by(Category.sort_order)))

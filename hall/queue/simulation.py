"""A simulated day in the hall's queue, driven through the real services on a frozen clock.

Citizens arrive by the hour (a morning peak and a smaller afternoon one), take tickets in
the categories of the demo hall, and the open windows call, serve and finish them; a few
do not show up. For every ticket the estimate shown at the kiosk is kept beside the wait
that really followed, so the estimator's error can be measured.
"""
import heapq
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from .. import clock
from ..auth.models import User
from ..extensions import db
from ..windows.models import Window
from . import estimates, tickets
from .models import Category

# Share of the day's arrivals in each opening hour (9:00 to 17:00).
HOURLY_SHARE = {9: 0.15, 10: 0.18, 11: 0.14, 12: 0.04, 13: 0.06, 14: 0.15, 15: 0.15, 16: 0.13}
NO_SHOW_RATE = 0.04


@dataclass(order=True)
class _Step:
    at: datetime
    order: int
    kind: str = field(compare=False)
    payload: object = field(compare=False, default=None)


@dataclass
class DayResult:
    issued: int = 0
    served: int = 0
    no_shows: int = 0
    errors: list[float] = field(default_factory=list)   # |estimate - actual| in minutes
    waits: list[float] = field(default_factory=list)

    @property
    def mean_absolute_error(self) -> float | None:
        return sum(self.errors) / len(self.errors) if self.errors else None


class QueueDay:
    """Runs one day; `arrivals` is the number of citizens across all categories."""

    def __init__(self, day: date, arrivals: int, seed: int = 7, service_minutes=None):
        self.day, self.arrivals = day, arrivals
        self.rng = random.Random(seed)
        self.zone = clock.hall_zone()
        self.steps: list[_Step] = []
        self.counter = 0
        self.estimates: dict[int, tuple[datetime, int]] = {}
        self.result = DayResult()
        self.categories = db.session.scalars(select(Category).where(Category.is_active.is_(True))).all()
        self.service_minutes = service_minutes or {
            c.id: self.rng.uniform(5, 14) for c in self.categories}
        self.windows = [w for w in db.session.scalars(select(Window).order_by(Window.no))
                        if w.categories]
        self.idle: set[int] = set()
        self.actor = self._system_staff()

    def _system_staff(self) -> User:
        user = db.session.scalar(select(User).where(User.role == "manager"))
        if user is None:
            raise RuntimeError("the simulation needs a manager account to act at windows")
        return user

    def _at(self, hour: int, minute: float) -> datetime:
        local = datetime.combine(self.day, time(hour), self.zone) + timedelta(minutes=minute)
        return local.astimezone(timezone.utc)

    def _push(self, at: datetime, kind: str, payload=None) -> None:
        self.counter += 1
        heapq.heappush(self.steps, _Step(at, self.counter, kind, payload))

    def run(self) -> DayResult:
        for window in self.windows:
            window.status = "open"
            self._push(self._at(9, 0), "free", window)
        for hour, share in HOURLY_SHARE.items():
            for _ in range(round(self.arrivals * share)):
                self._push(self._at(hour, self.rng.uniform(0, 60)), "arrive",
                           self.rng.choice(self.categories))
        while self.steps:
            step = heapq.heappop(self.steps)
            clock.freeze(step.at)
            getattr(self, "_" + step.kind)(step.at, step.payload)
            db.session.commit()
        clock.freeze(None)
        return self.result

    def _arrive(self, now: datetime, category: Category) -> None:
        ticket = tickets.issue_ticket(category, now)
        ahead = tickets.ahead_of(ticket)
        estimate = estimates.Snapshot(ticket.day, now).estimate(category.id, ahead)
        self.estimates[ticket.id] = (now, estimate)
        self.result.issued += 1
        for window_id in list(self.idle):
            self.idle.discard(window_id)
            self._push(now, "free", next(w for w in self.windows if w.id == window_id))

    def _free(self, now: datetime, window: Window) -> None:
        if now > self._at(17, 30):
            return
        ticket = tickets.call_next(window, self.actor, now)
        if ticket is None:
            self.idle.add(window.id)
            return
        issued_at, estimate = self.estimates.get(ticket.id, (None, None))
        if issued_at is not None and ticket.requeues == 0:
            waited = (now - issued_at).total_seconds() / 60
            self.result.waits.append(waited)
            if estimate is not None:
                self.result.errors.append(abs(estimate - waited))
        if self.rng.random() < NO_SHOW_RATE:
            self._push(now + timedelta(minutes=1), "no_show", (window, ticket))
            return
        tickets.start(ticket, self.actor, now)
        mean = self.service_minutes[ticket.category_id]
        minutes = max(1.0, self.rng.lognormvariate(0, 0.4) * mean)
        self._push(now + timedelta(minutes=minutes), "finish", (window, ticket))

    def _finish(self, now: datetime, payload) -> None:
        window, ticket = payload
        tickets.finish(ticket, self.actor, now)
        self.result.served += 1
        self._push(now, "free", window)

    def _no_show(self, now: datetime, payload) -> None:
        window, ticket = payload
        tickets.no_show(ticket, self.actor, now)
        self.result.no_shows += 1
        self._push(now, "free", window)

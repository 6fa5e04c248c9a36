"""A simulated day in the hall's queue, driven through the real services on a frozen clock.

Citizens arrive by the hour (a morning peak and a smaller afternoon one), take tickets in
the categories of the demo hall, and the open windows call, serve and finish them; a few
do not show up. For every ticket the estimate shown at the kiosk is kept beside the wait
that really followed, so the estimator's error can be measured.

The multi-day simulation (hall/demo/simulation/) runs one QueueDay per working day with
DayOptions: who acts at each window, how arrivals spread over the categories, when to stop
(today, at the current time), and a listener told when a service starts and ends, through
which it accepts cases and collects ratings; it also schedules its own steps into the day.
"""
import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from hall.auth.models import User
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import estimates, tickets
from hall.queue.models import Category, Ticket
from hall.windows.models import Window

# Share of the day's arrivals in each opening hour (9:00 to 17:00).
HOURLY_SHARE = {9: 0.15, 10: 0.18, 11: 0.14, 12: 0.04, 13: 0.06, 14: 0.15, 15: 0.15, 16: 0.13}
NO_SHOW_RATE = 0.04
LAST_CALL = time(17, 30)


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


@dataclass
class DayOptions:
    """How the multi-day simulation runs a day; the defaults are the queue benchmark's."""

    staff: dict[int, Actor] | None = None        # window id -> who acts there
    weights: dict[int, float] | None = None     # category id -> share of arrivals
    priority_share: float = 0.0                 # 绿色通道 tickets
    until: datetime | None = None               # stop before this moment (today)
    listener: object = None                     # on_start(...) -> minutes, on_finish(...)
    track_estimates: bool = True
    commit_every: int = 1
    last_call: time = LAST_CALL                 # windows call nobody after this


class QueueDay:
    """Runs one day; `arrivals` is the number of citizens across all categories."""

    def __init__(self, day: date, arrivals: int, seed: int = 7, service_minutes=None,
                 options: DayOptions | None = None, rng: random.Random | None = None):
        self.day, self.arrivals = day, arrivals
        self.options = options or DayOptions()
        self.rng = rng or random.Random(seed)
        self.zone = clock.hall_zone()
        self.steps: list[_Step] = []
        self.counter = 0
        self.estimates: dict[int, tuple[datetime, int | None]] = {}
        self.result = DayResult()
        self.categories = db.session.scalars(select(Category).where(Category.is_active.is_(True))).all()
        self.service_minutes = service_minutes or {
            c.id: self.rng.uniform(5, 14) for c in self.categories}
        self.windows = [w for w in db.session.scalars(select(Window).order_by(Window.no))
                        if w.categories]
        self.serves = {w.id: {c.id for c in w.categories} for w in self.windows}
        self.idle: set[int] = set()
        self.actor = None if self.options.staff else self._system_staff()

    def _system_staff(self) -> Actor:
        user = db.session.scalar(select(User).where(User.role == "manager"))
        if user is None:
            raise RuntimeError("the simulation needs a manager account to act at windows")
        return Actor.of(user)

    def staff_at(self, window: Window) -> Actor:
        """Who acts at a window today."""
        return self.options.staff.get(window.id) if self.options.staff else self.actor

    def at(self, hour: int, minute: float) -> datetime:
        """A local time of the simulated day, as an aware UTC moment."""
        local = datetime.combine(self.day, time(hour), self.zone) + timedelta(minutes=minute)
        return local.astimezone(UTC)

    def _push(self, at: datetime, kind: str, payload=None) -> None:
        self.counter += 1
        heapq.heappush(self.steps, _Step(at, self.counter, kind, payload))

    def schedule(self, at: datetime, task: Callable[[datetime], None]) -> None:
        """Run task(now) at a moment of the day, in order with the queue's own steps."""
        self._push(at, "task", task)

    def run(self) -> DayResult:
        self._open_windows()
        self._plan_arrivals()
        done = 0
        while self.steps:
            step = heapq.heappop(self.steps)
            if self.options.until is not None and step.at > self.options.until:
                break
            clock.freeze(step.at)
            getattr(self, "_" + step.kind)(step.at, step.payload)
            done += 1
            if done % self.options.commit_every == 0:
                db.session.commit()
        db.session.commit()
        clock.freeze(None)
        return self.result

    def _open_windows(self) -> None:
        opening = self.at(9, 0)
        for window in self.windows:
            if window.status != "open":
                if self.options.staff:
                    from hall.windows.services import set_status
                    set_status(window, "open", self.staff_at(window), opening)
                else:
                    window.status = "open"
            self._push(opening, "free", window)

    def _plan_arrivals(self) -> None:
        weights = self.options.weights
        for hour, share in HOURLY_SHARE.items():
            for _ in range(round(self.arrivals * share)):
                at = self._at_random(hour)
                if weights:
                    category = self.rng.choices(self.categories,
                                                [weights.get(c.id, 0) for c in self.categories])[0]
                    priority = self.rng.random() < self.options.priority_share
                    self._push(at, "arrive", (category, priority))
                else:
                    self._push(at, "arrive", (self.rng.choice(self.categories), False))

    def _at_random(self, hour: int) -> datetime:
        return self.at(hour, self.rng.uniform(0, 60))

    def _task(self, now: datetime, task) -> None:
        task(now)

    def _arrive(self, now: datetime, payload) -> None:
        category, priority = payload
        # Simulated citizens arrive by the simulation's own hourly model, which may differ
        # from the hall's configured hours: the hours are the kiosk's rule, not theirs.
        ticket = tickets.issue_ticket(category, now, priority=priority, check_hours=False)
        self.joined(ticket, now)

    def joined(self, ticket: Ticket, now: datetime) -> None:
        """A ticket issued at `now` (at the kiosk, or by an appointment's check-in) joins the
        day: counted, its estimate kept, and an idle window that serves it wakes up."""
        estimate = None
        if self.options.track_estimates:
            ahead = tickets.ahead_of(ticket)
            estimate = estimates.Snapshot(ticket.day, now).estimate(ticket.category_id, ahead)
        self.estimates[ticket.id] = (now, estimate)
        self.result.issued += 1
        for window in self.windows:
            if window.id in self.idle and ticket.category_id in self.serves[window.id]:
                self.idle.discard(window.id)
                self._push(now, "free", window)

    def _free(self, now: datetime, window: Window) -> None:
        if clock.local(now).time() > self.options.last_call:
            return
        staff = self.staff_at(window)
        ticket = tickets.call_next(window, staff, now)
        if ticket is None:
            self.idle.add(window.id)
            return
        self._note_wait(ticket, now)
        if self.rng.random() < NO_SHOW_RATE:
            self._push(now + timedelta(minutes=1), "no_show", (window, ticket))
            return
        tickets.start(ticket, staff, now)
        minutes = self._service_minutes(ticket, window, now)
        self._push(now + timedelta(minutes=minutes), "finish", (window, ticket))

    def _note_wait(self, ticket, now: datetime) -> None:
        issued_at, estimate = self.estimates.get(ticket.id, (None, None))
        if issued_at is not None and ticket.requeues == 0:
            waited = (now - issued_at).total_seconds() / 60
            self.result.waits.append(waited)
            if estimate is not None:
                self.result.errors.append(abs(estimate - waited))

    def _service_minutes(self, ticket, window: Window, now: datetime) -> float:
        listener = self.options.listener
        chosen = listener.on_start(self, ticket, window, now) if listener else None
        if chosen is not None:
            return chosen
        mean = self.service_minutes[ticket.category_id]
        return max(1.0, self.rng.lognormvariate(0, 0.4) * mean)

    def _finish(self, now: datetime, payload) -> None:
        window, ticket = payload
        tickets.finish(ticket, self.staff_at(window), now)
        self.result.served += 1
        if self.options.listener:
            self.options.listener.on_finish(self, ticket, window, now)
        self._push(now, "free", window)

    def _no_show(self, now: datetime, payload) -> None:
        window, ticket = payload
        tickets.no_show(ticket, self.staff_at(window), now)
        self.result.no_shows += 1
        self._push(now, "free", window)

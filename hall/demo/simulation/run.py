"""The multi-day simulation: one QueueDay per working day, cases and ratings across days."""
import random
import time as timer
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select

from hall.calendar.services import load_calendar
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.demo.simulation import staff as staffing
from hall.demo.simulation.agenda import Agenda, Workdays
from hall.demo.simulation.appointments import Appointments
from hall.demo.simulation.casework import DEFAULT_MINUTES, SERVICE_MINUTES, Casework, open_cases
from hall.demo.simulation.feedback import Feedback
from hall.demo.simulation.queue_day import DayOptions, QueueDay
from hall.queue.models import Category, Ticket

# Arrivals by weekday against the mean: Mondays are the busiest, Fridays the quietest.
WEEKDAY_LOAD = (1.15, 1.05, 1.0, 0.95, 0.85, 1.0, 1.0)
PRIORITY_SHARE = 0.02
COMMIT_EVERY = 200
LAST_CALL = time(18, 30)    # the windows serve everyone who took a ticket before closing


@dataclass
class DayLine:
    day: date
    issued: int
    served: int
    no_shows: int
    cases: int
    ratings: int
    seconds: float
    live: bool = False
    complaints: int | None = None

    def __str__(self) -> str:
        label = "（今天，截至当前时间）" if self.live else ""
        filed = f"，投诉建议 {self.complaints}" if self.complaints is not None else ""
        return (f"{self.day:%Y-%m-%d}{label}：取号 {self.issued}，办结 {self.served}，"
                f"过号 {self.no_shows}，受理办件 {self.cases}，评价 {self.ratings}{filed}"
                f"（用时 {self.seconds:.1f} 秒）")


@dataclass
class Summary:
    days: list[DayLine] = field(default_factory=list)
    staff_seated: int = 0
    open_cases: int = 0

    def __str__(self) -> str:
        issued = sum(d.issued for d in self.days)
        cases = sum(d.cases for d in self.days)
        ratings = sum(d.ratings for d in self.days)
        return (f"共模拟 {len(self.days)} 天：取号 {issued}，受理办件 {cases}，评价 {ratings}；"
                f"在办办件 {self.open_cases}")


def plan_days(days: Workdays, count: int, start: date | None, today: date) -> list[date]:
    """The working days to simulate: `count` ending yesterday (or from `start`, never
    reaching today), then today when it is a working day right after them."""
    past = days.before(today, count) if start is None else days.from_day(start, count, today)
    if days.is_open(today) and (not past or days.add(past[-1], 1) == today):
        past.append(today)
    return past


def check_hall(chosen: list[date]) -> None:
    """The demo hall must be there, and the chosen days still empty."""
    if not db.session.scalar(select(func.count()).select_from(Category)):
        raise DomainError("数据库中还没有大厅数据，请先运行 flask --app hall demo")
    if not staffing.serving_windows():
        raise DomainError("没有承担排队业务的窗口，无法模拟")
    if chosen and db.session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.day >= chosen[0], Ticket.day <= chosen[-1])):
        raise DomainError(f"{chosen[0]:%Y-%m-%d} 至 {chosen[-1]:%Y-%m-%d} 已有取号记录，未重复模拟")


def category_weights() -> tuple[dict[int, float], dict[int, float]]:
    """Arrivals per category in proportion to the window time that serves it, divided by
    its service time, so every window is about as busy; and the mean minutes per category."""
    capacity: dict[int, float] = {}
    for window in staffing.serving_windows():
        for category in window.categories:
            capacity[category.id] = capacity.get(category.id, 0) + 1 / len(window.categories)
    minutes = {c.id: float(SERVICE_MINUTES.get(c.code, DEFAULT_MINUTES))
               for c in db.session.scalars(select(Category))}
    return {cid: share / minutes[cid] for cid, share in capacity.items()}, minutes


class Simulation:
    """Runs the chosen days in order; the clock is frozen at each step and released after."""

    def __init__(self, seed: int, arrivals: int, progress: Callable[[str], None] | None):
        self.rng = random.Random(seed)
        self.arrivals, self.progress = arrivals, progress or (lambda line: None)
        self.days = Workdays(load_calendar())
        self.agenda = Agenda(self.rng)
        self.feedback = Feedback(self.rng, self.agenda, self.days, staffing.manager())
        self.casework = Casework(self.rng, self.agenda, self.days, self.feedback)
        self.appointments = Appointments(self.rng) if Appointments.available() else None

    def run(self, chosen: list[date], now: datetime) -> Summary:
        if chosen:      # the staff join before the first simulated day opens
            opening = datetime.combine(chosen[0], time(8, 30), clock.hall_zone())
            clock.freeze(min(now, opening.astimezone(UTC)))
        summary = Summary(staff_seated=staffing.seat_staff())
        db.session.commit()
        clock.freeze(None)
        self.weights, self.minutes = category_weights()
        today = clock.local(now).date()
        for day in chosen:
            line = self.run_day(day, now if day == today else None)
            summary.days.append(line)
            self.progress(str(line))
        summary.open_cases = open_cases()
        if self.appointments:
            self.progress(str(self.appointments))
        return summary

    def run_day(self, day: date, until: datetime | None) -> DayLine:
        began = timer.monotonic()
        self.casework.staff = staffing.roster(self.rng)
        cases, rated, filed = self.casework.accepted, self.feedback.rated, self._filed()
        options = DayOptions(staff=self.casework.staff, weights=self.weights,
                             priority_share=PRIORITY_SHARE, until=until,
                             listener=self.casework, track_estimates=False,
                             commit_every=COMMIT_EVERY, last_call=LAST_CALL)
        load = self.arrivals * WEEKDAY_LOAD[day.weekday()] * self.rng.uniform(0.92, 1.08)
        queue_day = QueueDay(day, round(load), service_minutes=self.minutes, options=options,
                             rng=self.rng)
        self.agenda.start(queue_day)
        if self.appointments:
            self.appointments.plan(queue_day)
        try:
            result = queue_day.run()
        finally:
            self.agenda.stop()
        return DayLine(day, result.issued, result.served, result.no_shows,
                       self.casework.accepted - cases, self.feedback.rated - rated,
                       timer.monotonic() - began, live=until is not None,
                       complaints=None if filed is None else self._filed() - filed)

    def _filed(self) -> int | None:
        complaints = self.feedback.complaints
        return complaints.filed if complaints else None


def simulate(days: int, *, start: date | None = None, seed: int = 7, arrivals: int = 1000,
             progress: Callable[[str], None] | None = None) -> Summary:
    """Fill the database with `days` working days of activity, plus today up to now.
    Commits as it goes; the clock is left as it was found."""
    frozen = clock._frozen          # a test may have frozen it; put it back afterwards
    now = clock.now()
    try:
        today = clock.local(now).date()
        if start is not None and start > today:
            raise DomainError(f"开始日期 {start:%Y-%m-%d} 晚于今天，只能模拟今天及以前的日子")
        chosen = plan_days(Workdays(load_calendar()), days, start, today)
        check_hall(chosen)
        return Simulation(seed, arrivals, progress).run(chosen, now)
    finally:
        clock.freeze(frozen)

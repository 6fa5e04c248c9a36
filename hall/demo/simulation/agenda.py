"""What the simulation has to do on later days, and the working days it runs on."""
import random
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from hall.calendar.workdays import Calendar, CalendarMissing
from hall.core import clock

ONE_DAY = timedelta(days=1)
Task = Callable[[datetime], None]


class Workdays:
    """The hall's calendar, falling back to Monday-Friday for years it has no schedule for
    (only to choose simulated days: deadlines still come from the real calendar)."""

    def __init__(self, calendar: Calendar):
        self.calendar = calendar

    def is_open(self, day: date) -> bool:
        try:
            return self.calendar.is_workday(day)
        except CalendarMissing:
            return day.weekday() < 5

    def add(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n=0: the day itself)."""
        for _ in range(n):
            day += ONE_DAY
            while not self.is_open(day):
                day += ONE_DAY
        return day

    def between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end."""
        count = 0
        while start < end:
            start += ONE_DAY
            count += self.is_open(start)
        return count

    def before(self, day: date, n: int) -> list[date]:
        """The n working days before `day`, oldest first."""
        found = []
        while len(found) < n:
            day -= ONE_DAY
            if self.is_open(day):
                found.append(day)
        return found[::-1]

    def from_day(self, day: date, n: int, stop: date) -> list[date]:
        """Up to n working days from `day` on, all before `stop`."""
        found = []
        while len(found) < n and day < stop:
            if self.is_open(day):
                found.append(day)
            day += ONE_DAY
        return found


class Agenda:
    """Tasks for later days; the running day takes its own share into its step heap."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.later: dict[date, list[tuple[datetime, int, Task]]] = defaultdict(list)
        self.day = None          # the QueueDay now running
        self.count = 0

    def start(self, queue_day) -> None:
        self.day = queue_day
        for at, _, task in sorted(self.later.pop(queue_day.day, []), key=lambda t: t[:2]):
            queue_day.schedule(at, task)

    def stop(self) -> None:
        self.day = None

    def add(self, at: datetime, task: Task, now: datetime) -> None:
        """Run task(at) at a moment no earlier than now."""
        at = max(at, now + timedelta(seconds=30))
        if self.day is not None and clock.local(at).date() == self.day.day:
            self.day.schedule(at, task)
            return
        self.count += 1
        self.later[clock.local(at).date()].append((at, self.count, task))

    def on(self, day: date, task: Task, now: datetime) -> None:
        """Run a task at a random office hour of a (working) day."""
        self.add(self.office_moment(day), task, now)

    def office_moment(self, day: date) -> datetime:
        minutes = self.rng.uniform(5, 8 * 60 + 15)    # 9:05 to 17:20
        local = datetime.combine(day, time(9), clock.hall_zone()) + timedelta(minutes=minutes)
        return local.astimezone(UTC)

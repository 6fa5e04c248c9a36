"""Working-day arithmetic for the dashboard benchmark's generator: the hall's calendar as a
sorted list of working days, so adding and counting them is a bisection, not a walk."""
from bisect import bisect_right
from datetime import date, timedelta

from hall.calendar.workdays import CalendarMissing
from hall.demo.simulation.agenda import Workdays


class Calendar:
    """Working-day arithmetic on the hall's calendar, by index into its working days."""

    def __init__(self, calendar, first: date, last: date):
        self.real, self.days = calendar, Workdays(calendar)
        span = (last - first).days + 1
        self.open = [d for d in (first + timedelta(days=i) for i in range(span))
                     if self.days.is_open(d)]
        self._add, self._yellow = {}, {}

    def add(self, day: date, n: int) -> date | None:
        """The n-th working day after `day`; None when a year has no schedule."""
        return self.add_or_missing(day, n)[0]

    def add_or_missing(self, day: date, n: int) -> tuple[date | None, int | None]:
        """(the n-th working day after `day`, None) or (None, the year with no schedule)."""
        key = (day, n)
        if key not in self._add:
            try:
                self._add[key] = (self.real.add_workdays(day, n), None)
            except CalendarMissing as missing:
                self._add[key] = (None, missing.year)
        return self._add[key]

    def loose(self, day: date, n: int) -> date:
        """The n-th working day after `day`, Monday-Friday where the schedule is missing
        (for planning only: deadlines come from add())."""
        if n == 0:
            return day
        return self.open[bisect_right(self.open, day) + n - 1]

    def between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end."""
        return max(0, bisect_right(self.open, end) - bisect_right(self.open, start))

    def yellow_from(self, due: date, threshold: int) -> date:
        """First day with at most `threshold` working days left (hall/cases/deadlines.py)."""
        key = (due, threshold)
        if key not in self._yellow:
            day, remaining = due, 0
            while True:
                step = remaining + (1 if self.days.is_open(day) else 0)
                if step > threshold:
                    break
                day, remaining = day - timedelta(days=1), step
            self._yellow[key] = day
        return self._yellow[key]

"""The working-day calendar: pure functions over plain dates (no Flask, no database).

Working days follow the State Council's schedule: Monday to Friday unless a statutory holiday,
Saturday and Sunday only when declared a make-up working day (调休上班). A time limit of N
working days ends on the N-th working day *after* the start day; the start day never counts
(行政许可法 §82, 民法典 §201). A day in a year the hall has no schedule for raises
CalendarMissing, unless the calendar was given an `estimate`: then that year counts as
provisional, with the estimate's holidays, no make-up days, and every answer that passed
through it is marked provisional by the caller (`reaches_estimate`).
"""
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


class CalendarMissing(Exception):
    """The hall has no holiday schedule for `year`."""

    def __init__(self, year: int):
        super().__init__(f"{year}年节假日安排未录入")
        self.year = year


@dataclass(frozen=True)
class Calendar:
    """Holidays, make-up working days, and the years whose schedule is known."""

    holidays: frozenset[date] = frozenset()
    makeup_days: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    # The holidays of a year with no schedule (calendar.statutory.holiday_dates), or None.
    estimate: Callable[[int], frozenset[date]] | None = None

    @classmethod
    def of(cls, holidays=(), makeup_days=(), years=()) -> "Calendar":
        """A calendar from any iterables of dates and years."""
        return cls(frozenset(holidays), frozenset(makeup_days), frozenset(years))

    def with_estimate(self, estimate: Callable[[int], frozenset[date]]) -> "Calendar":
        """The same calendar, counting unknown years on `estimate`'s holidays."""
        return replace(self, estimate=estimate)

    def covers(self, day: date) -> bool:
        """Whether the schedule of the day's year is known."""
        return day.year in self.years

    def reaches_estimate(self, start: date, end: date) -> bool:
        """Whether a day d with start < d <= end lies in a year with no schedule."""
        if end <= start:
            return False
        return any(year not in self.years for year in range((start + ONE_DAY).year, end.year + 1))

    def is_workday(self, day: date) -> bool:
        """Mon-Fri unless a holiday; Sat and Sun only when a make-up working day."""
        if not self.covers(day):
            return self._estimated_workday(day)
        if day.weekday() >= 5:
            return day in self.makeup_days
        return day not in self.holidays

    def _estimated_workday(self, day: date) -> bool:
        """Mon-Fri unless an estimated holiday; raises CalendarMissing without an estimate."""
        if self.estimate is None:
            raise CalendarMissing(day.year)
        return day.weekday() < 5 and day not in self.estimate(day.year)

    def next_workday(self, day: date) -> date:
        """The first working day after `day` (the day itself never counts)."""
        day += ONE_DAY
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start`; n=0 returns `start` itself."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        for _ in range(n):
            day = self.next_workday(day)
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """How many working days d have start < d <= end (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_workday(day)
        return count

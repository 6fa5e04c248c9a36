"""The statutory holidays of a year, for a provisional calendar (no Flask, no database).

国务院《全国年节及纪念日放假办法》as amended in 2024 (in force from 2025) gives every citizen
元旦 1 day, 春节 4 days (除夕 to 正月初三), 清明 1 day, 劳动节 2 days (1–2 May), 端午 1 day,
中秋 1 day and 国庆 3 days (1–3 October). The lunar dates and the 清明 solar term come from
lunar-python (docs/rules.md says why that library).

What the State Council adds each November cannot be known before: which weekends become
working days (调休) and where a holiday that falls on a weekend is made up (补假). A
provisional year therefore has no make-up working days, and a holiday on a Saturday or
Sunday simply stays a rest day.
"""
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar

FIRST_YEAR, LAST_YEAR = 1901, 2199   # well inside lunar-python's tables


def _lunar(year: int, month: int, day: int) -> date:
    """The Gregorian date of a lunar date of lunar year `year`."""
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    """The day of the 清明 solar term in `year` (4 or 5 April, Beijing time)."""
    solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _spring_festival(year: int) -> dict[date, str]:
    """除夕 and 正月初一 to 初三: 除夕 is the day before the lunar new year."""
    first = _lunar(year, 1, 1)
    return {first + timedelta(days=n): "春节" for n in range(-1, 3)}


def statutory_holidays(year: int) -> dict[date, str]:
    """Every statutory holiday of `year` with its name; 中秋 may fall within 国庆."""
    return dict(_holidays(year))


@lru_cache(maxsize=64)
def _holidays(year: int) -> tuple[tuple[date, str], ...]:
    """Computed once per year: lunar-python takes about a millisecond per date."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year must be within {FIRST_YEAR}–{LAST_YEAR}")
    days = {date(year, 1, 1): "元旦", **_spring_festival(year), _qingming(year): "清明节",
            date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节",
            _lunar(year, 5, 5): "端午节", _lunar(year, 8, 15): "中秋节"}
    days.update({date(year, 10, n): "国庆节" for n in (1, 2, 3)})
    return tuple(sorted(days.items()))


@lru_cache(maxsize=64)
def holiday_dates(year: int) -> frozenset[date]:
    """The statutory holidays of `year` as a set, for workdays.Calendar's estimate."""
    return frozenset(day for day, _ in _holidays(year))


def holiday_summary(year: int) -> list[tuple[str, date, date]]:
    """(name, first day, last day) of each holiday in date order: the manager's overview."""
    runs: list[tuple[str, date, date]] = []
    for day, name in _holidays(year):
        if runs and runs[-1][0] == name and runs[-1][2] + timedelta(days=1) == day:
            runs[-1] = (name, runs[-1][1], day)
        else:
            runs.append((name, day, day))
    return runs

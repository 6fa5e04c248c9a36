"""Opening hours, ticketing hours and their verdicts: pure functions (no Flask, no database).

A day's plan comes, in this order, from: a special day the manager set (延时服务, 周末不打烊,
临时闭厅); the working-day calendar (a statutory holiday is closed unless the hall opens on
holidays; a 调休 make-up day works with Monday's hours); the weekly schedule. Times are
minutes since local midnight, 0 to 1440, so "24:00" closes at the end of the day.

Ticketing runs in each session: the first one may start earlier (ticketing_from, e.g. 08:30
for a 09:00 opening), and a category may stop a number of minutes before each session ends
(不动产 30 minutes before). Between sessions (the lunch break) no ticket is issued.
"""
import re
from dataclasses import dataclass, field
from datetime import date

from hall.calendar.workdays import Calendar, CalendarMissing

DAY_MINUTES = 24 * 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_LABELS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
MAX_SESSIONS = 4


class HoursError(ValueError):
    """Hours written wrongly; the message is Chinese and shown as is."""


@dataclass(frozen=True, order=True)
class Session:
    """One opening session of a day, [start, end) in minutes since midnight."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{format_minutes(self.start)}-{format_minutes(self.end)}"


def parse_minutes(text: str) -> int:
    """'08:30' -> 510; '24:00' is the end of the day."""
    match = _TIME.match(text.strip())
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise HoursError(f"时间“{text.strip()}”格式不正确，须为 HH:MM，例如 09:00")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_sessions(text: str) -> tuple[Session, ...]:
    """'09:00-12:00,13:30-17:30' -> sessions in order; '' or 'closed' -> none (closed)."""
    text = text.strip().replace("，", ",").replace("–", "-").replace("—", "-")
    if text in ("", "closed", "休息", "不办公"):
        return ()
    sessions = []
    for part in text.split(","):
        start, sep, end = part.strip().partition("-")
        if not sep:
            raise HoursError(f"时段“{part.strip()}”格式不正确，须为 开始-结束，例如 09:00-12:00")
        session = Session(parse_minutes(start), parse_minutes(end))
        if session.end <= session.start:
            raise HoursError(f"时段 {session} 的结束时间须晚于开始时间")
        sessions.append(session)
    return _checked(sorted(sessions))


def _checked(sessions: list[Session]) -> tuple[Session, ...]:
    if len(sessions) > MAX_SESSIONS:
        raise HoursError(f"每天最多 {MAX_SESSIONS} 个办公时段")
    for before, after in zip(sessions, sessions[1:]):
        if after.start < before.end:
            raise HoursError(f"时段 {before} 与 {after} 重叠")
    return tuple(sessions)


def format_sessions(sessions) -> str:
    return ",".join(str(s) for s in sessions)


def parse_weekdays(text: str) -> list[int]:
    """'mon-fri' -> [0..4]; 'sat,sun', 'mon-sun', 'wed' also work."""
    days: set[int] = set()
    for part in text.strip().lower().split(","):
        first, sep, last = part.strip().partition("-")
        if first not in WEEKDAYS or (sep and last not in WEEKDAYS):
            raise HoursError(f"星期“{part.strip()}”不正确，请用 mon tue wed thu fri sat sun，"
                             "例如 mon-fri")
        start = WEEKDAYS.index(first)
        end = WEEKDAYS.index(last) if sep else start
        if end < start:
            raise HoursError(f"星期范围“{part.strip()}”须从前往后写，例如 mon-fri")
        days.update(range(start, end + 1))
    return sorted(days)


@dataclass(frozen=True)
class DayHours:
    """How a weekday or a special day is open: sessions, and when ticketing starts."""

    sessions: tuple[Session, ...] = ()
    ticketing_from: int | None = None   # minutes; None: at the first session's start

    def __post_init__(self):
        if self.ticketing_from is not None and self.sessions and \
                self.ticketing_from > self.sessions[0].start:
            raise HoursError(f"开始取号时间 {format_minutes(self.ticketing_from)} "
                             f"不能晚于开门时间 {format_minutes(self.sessions[0].start)}")


@dataclass(frozen=True)
class Special(DayHours):
    """A day that differs from its weekday: 延时服务, 周末不打烊, 临时闭厅."""

    label: str = ""


@dataclass(frozen=True)
class HoursConfig:
    """Everything that decides a day's hours."""

    week: tuple[DayHours, ...]                     # Monday first, seven of them
    specials: dict = field(default_factory=dict)   # {date: Special}
    calendar: Calendar = Calendar()
    holidays_open: bool = False


@dataclass(frozen=True)
class DayPlan:
    """One date's hours and why they are so."""

    day: date
    sessions: tuple[Session, ...]
    ticketing_from: int | None
    reason: str            # 工作日, 周末, a holiday's name, 调休上班, a special day's label

    @property
    def is_open(self) -> bool:
        return bool(self.sessions)

    @property
    def ticketing_start(self) -> int | None:
        if not self.sessions:
            return None
        first = self.sessions[0].start
        return first if self.ticketing_from is None else min(self.ticketing_from, first)

    @property
    def closing(self) -> int | None:
        return self.sessions[-1].end if self.sessions else None

    def ticketing_periods(self, stop_minutes: int = 0) -> list[Session]:
        """When a category's tickets are issued: each session, the first from ticketing
        start, each ending stop_minutes before the session does."""
        periods = []
        for n, session in enumerate(self.sessions):
            start = self.ticketing_start if n == 0 else session.start
            end = session.end - stop_minutes
            if end > start:
                periods.append(Session(start, end))
        return periods

    def stop_at(self, stop_minutes: int = 0) -> int | None:
        """When a category's ticketing ends for the day."""
        periods = self.ticketing_periods(stop_minutes)
        return periods[-1].end if periods else None


def plan_for(day: date, config: HoursConfig, holiday_names: dict | None = None) -> DayPlan:
    """The hours of a date: special day, else calendar, else weekday."""
    special = config.specials.get(day)
    if special is not None:
        return DayPlan(day, special.sessions, special.ticketing_from, special.label or "特殊安排")
    weekday = config.week[day.weekday()]
    kind = _calendar_kind(day, config.calendar)
    names = holiday_names or {}
    if kind == "holiday" and not config.holidays_open:
        return DayPlan(day, (), None, names.get(day) or "法定节假日")
    if kind == "makeup":
        monday = config.week[0]
        return DayPlan(day, monday.sessions, monday.ticketing_from, "调休上班")
    reason = "周末" if day.weekday() >= 5 else "工作日"
    return DayPlan(day, weekday.sessions, weekday.ticketing_from, reason)


def _calendar_kind(day: date, calendar: Calendar) -> str | None:
    """'holiday', 'makeup' or None; a year without a schedule follows the plain week."""
    try:
        is_workday = calendar.is_workday(day)
    except CalendarMissing:
        return None
    if day.weekday() >= 5:
        return "makeup" if is_workday else None
    return None if is_workday else "holiday"


@dataclass(frozen=True)
class Verdict:
    """Whether a ticket may be issued now, and what the kiosk says if not."""

    allowed: bool
    message: str = ""
    opens_at: int | None = None   # minutes: when ticketing starts (later today)


def ticketing_verdict(plan: DayPlan, minute: int, stop_minutes: int = 0) -> Verdict:
    """Open, not yet open (with the time it starts), or over for today."""
    if not plan.is_open:
        return Verdict(False, f"今日（{plan.reason}）大厅不办公，暂停取号")
    periods = plan.ticketing_periods(stop_minutes)
    for period in periods:
        if period.start <= minute < period.end:
            return Verdict(True)
        if minute < period.start:
            at = format_minutes(period.start)
            return Verdict(False, f"现在不是取号时间，{at} 开始取号", opens_at=period.start)
    return Verdict(False, "今日取号已结束，请于下一个工作日办公时间前来")


def minutes_of(moment) -> int:
    """Minutes since local midnight of a local datetime."""
    return moment.hour * 60 + moment.minute


def elapsed_for_work(plan: DayPlan, minute: int, work: float) -> float:
    """Minutes from `minute` until `work` minutes of service are done, the windows working
    only in the day's sessions (a wait that runs into the lunch break waits it out).

    A closed day (only green-channel staff at work) and work that runs past closing are
    counted as plain minutes beyond what the sessions hold: an estimate, not a promise.
    """
    if not plan.sessions:
        return work
    at, left = float(minute), float(work)
    for session in plan.sessions:
        at = max(at, session.start)
        if at >= session.end:
            continue
        if left <= session.end - at:
            return at + left - minute
        left -= session.end - at
        at = session.end
    return max(at, minute) + left - minute

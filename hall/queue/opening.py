"""Each category's ticketing on a day: open or not now, when it stops, its quota, how many
numbers it has given out. The kiosk, GET /api/v1/hours and the rules page read it."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from hall.core import clock
from hall.core.extensions import db
from hall.hours import rules
from hall.hours import services as hours
from hall.queue.models import Category, TicketCounter

QUOTA_MESSAGE = "今日号已取完"


@dataclass(frozen=True)
class CategoryTicketing:
    """One category's ticketing state at a moment."""

    category: Category
    quota: int           # 0: no quota
    stop_minutes: int
    stop_at: int | None  # minutes since midnight; None on a closed day
    issued: int
    verdict: rules.Verdict

    @property
    def quota_left(self) -> int | None:
        return None if not self.quota else max(0, self.quota - self.issued)

    @property
    def is_sold_out(self) -> bool:
        return self.quota_left == 0

    @property
    def can_issue(self) -> bool:
        return self.verdict.allowed and not self.is_sold_out

    @property
    def notice(self) -> str:
        """What the kiosk says instead of the wait, when it issues nothing."""
        if self.is_sold_out:
            return f"{QUOTA_MESSAGE}（每日限 {self.quota} 号）"
        return "" if self.verdict.allowed else self.verdict.message


def issued_on(day: date) -> dict[int, int]:
    """Numbers given out per category id on a day (green channel included)."""
    rows = db.session.execute(select(TicketCounter.category_id, TicketCounter.last_seq)
                              .where(TicketCounter.day == day))
    return dict(rows.all())


def ticketing_states(categories, now: datetime) -> dict[int, CategoryTicketing]:
    """{category id: state} at a moment of its hall day."""
    local = clock.local(now)
    plan, minute = hours.plan_for(local.date()), rules.minutes_of(local)
    issued = issued_on(local.date())
    states = {}
    for category in categories:
        quota, stop = hours.rule_of(category.id)
        states[category.id] = CategoryTicketing(
            category, quota, stop, plan.stop_at(stop), issued.get(category.id, 0),
            rules.ticketing_verdict(plan, minute, stop))
    return states


def hall_notice(states: dict[int, CategoryTicketing], now: datetime) -> str:
    """The kiosk's notice when no category issues a ticket now, else ''."""
    if not states or any(state.can_issue for state in states.values()):
        return ""
    plan = hours.plan_for(clock.local(now).date())
    verdict = rules.ticketing_verdict(plan, rules.minutes_of(clock.local(now)))
    if verdict.allowed:   # open, but every category has stopped or is sold out
        return "今日取号已结束，请于下一个工作日办公时间前来"
    return verdict.message


def moment(day: date, minutes: int | None) -> str | None:
    """Minutes since midnight of a hall day as ISO 8601 with offset (24:00: next midnight)."""
    if minutes is None:
        return None
    start = datetime.combine(day, time.min, clock.hall_zone())
    return (start + timedelta(minutes=minutes)).isoformat()


def active_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.is_active.is_(True))
                                   .order_by(Category.sort_order, Category.code)))


def day_hours(day: date) -> dict:
    """GET /api/v1/hours: the hall's hours and each category's ticketing on a date."""
    plan = hours.plan_for(day)
    issued = issued_on(day)
    categories = []
    for category in active_categories():
        quota, stop = hours.rule_of(category.id)
        categories.append({"code": category.code, "name": category.name,
                           "stop_at": moment(day, plan.stop_at(stop)),
                           "quota": quota or None, "issued": issued.get(category.id, 0)})
    return {"date": day.isoformat(), "open": plan.is_open, "reason": plan.reason,
            "sessions": [{"start": moment(day, s.start), "end": moment(day, s.end)}
                         for s in plan.sessions],
            "ticketing": {"start": moment(day, plan.ticketing_start),
                          "end": moment(day, plan.closing)},
            "categories": categories}


def kiosk_context(categories, now: datetime) -> dict:
    """What the kiosk's home page needs to say about the hours."""
    states = ticketing_states(categories, now)
    plan = hours.plan_for(clock.local(now).date())
    start = plan.ticketing_start
    early = start is not None and plan.sessions and start < plan.sessions[0].start
    return {"ticketing": states, "hours_notice": hall_notice(states, now), "hours_today": plan,
            "hours_today_text": "、".join(f"{rules.format_minutes(s.start)}–"
                                         f"{rules.format_minutes(s.end)}" for s in plan.sessions),
            "hours_today_ticketing": rules.format_minutes(start) if early else ""}

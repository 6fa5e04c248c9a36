"""Provisional deadlines recounted once the State Council's schedule is loaded (docs/rules.md §3).

A deadline that ran into a year with no schedule was counted on the statutory holidays and
marked 暂定. When a year arrives (sync, CSV import, confirmation by hand, or the nightly
`flask cases check-overdue`), every open case that waited is recounted on the real calendar.
Each case whose promised deadline changed, or became final, gets an audit entry and a public
timeline line (the citizen's progress page shows the new date); the manager gets the list. A
case whose 法定 date alone reached the year (its promise was firm) is audited, nothing more.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select

from hall.calendar.services import load_calendar
from hall.calendar.signals import years_loaded
from hall.cases import deadlines
from hall.cases.models import OPEN_STATUSES, Case, CaseEvent
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.core.journal import record
from hall.events.services import publish

OPEN = OPEN_STATUSES
PROVISIONAL_NOTE = "暂定，以国务院公布的节假日安排为准"


def due_text(day: date | None, provisional: bool = False) -> str:
    """2027年01月12日, with （暂定） when provisional; 待定 when there is no date."""
    if day is None:
        return "待定"
    return f"{day:%Y年%m月%d日}" + ("（暂定）" if provisional else "")


@dataclass(frozen=True)
class DueChange:
    """One case's deadline before and after the recount."""

    case_no: str
    item: str
    old_due: date | None
    old_provisional: bool
    new_due: date | None
    new_provisional: bool

    @property
    def moved(self) -> bool:
        return self.old_due != self.new_due

    @property
    def line(self) -> str:
        verb = "改为" if self.moved else "确定为" if not self.new_provisional else "仍为"
        return (f"{self.case_no}  {self.item}  {due_text(self.old_due, self.old_provisional)}"
                f" {verb} {due_text(self.new_due, self.new_provisional)}")


@dataclass
class RecountReport:
    """What a recount changed, for the calendar page's message and the command line."""

    changes: list[DueChange] = field(default_factory=list)

    @property
    def moved(self) -> list[DueChange]:
        return [change for change in self.changes if change.moved]

    @property
    def summary(self) -> str:
        if not self.changes:
            return "没有需要重算的暂定办理期限"
        return (f"已按新录入的节假日安排重算 {len(self.changes)} 件办件的办理期限："
                f"{len(self.moved)} 件到期日改变，{len(self.changes) - len(self.moved)} 件日期不变")

    @property
    def lines(self) -> list[str]:
        return [change.line for change in self.changes]


def waiting_cases() -> list[Case]:
    """Open cases whose deadline is provisional or waits for a year's schedule."""
    return list(db.session.scalars(
        select(Case).where(Case.status.in_(OPEN),
                           or_(Case.due_provisional.is_(True),
                               Case.calendar_missing_year.is_not(None)))
        .order_by(Case.id)))


def recount_provisional(actor: Actor, now: datetime) -> RecountReport:
    """Recount every waiting deadline on the calendar as loaded now; flushes, never commits."""
    calendar, report = load_calendar(provisional=True), RecountReport()
    for case in waiting_cases():
        old_due = (case.due_date, case.due_provisional)
        before = _recount_state(case)
        deadlines.recompute(case, calendar)
        if old_due != (case.due_date, case.due_provisional):
            change = DueChange(case.case_no, case.item.name, *old_due,
                               case.due_date, case.due_provisional)
            _tell_the_citizen(now, case, change, actor)
            report.changes.append(change)
        if before != _recount_state(case):
            _journal(actor, now, case, before)
    db.session.flush()
    return report


def _recount_state(case: Case) -> dict:
    """What a recount may change, for the audit log."""
    return {**case.audit_dict(), "legal_due_date": case.legal_due_date,
            "calendar_missing_year": case.calendar_missing_year}


def timeline_title(change: DueChange) -> str:
    """The citizen's line: the new date first, then what it replaced."""
    new = due_text(change.new_due, change.new_provisional)
    if not change.moved:
        return f"办理期限已按国务院公布的节假日安排确定为{new}"
    return (f"办理期限按国务院公布的节假日安排调整为{new}"
            f"（原{due_text(change.old_due, change.old_provisional)}）")


def _tell_the_citizen(now: datetime, case: Case, change: DueChange, actor: Actor) -> None:
    """A public timeline line: the progress page shows the new date."""
    note = PROVISIONAL_NOTE if change.new_provisional else ""
    case.events.append(CaseEvent(at=now, kind="due_recounted", title=timeline_title(change)[:100],
                                 note=note, actor=actor.username[:40], public=True))


def _journal(actor: Actor, now: datetime, case: Case, before: dict) -> None:
    """Audit entry and event for one recounted case."""
    db.session.flush()
    record(actor, "case.due_recounted", case, before=before, after=_recount_state(case),
           label=case.case_no)
    publish("case.changed", {"case_no": case.case_no, "status": case.status,
                             "window": case.window_id}, now)


def recent_recounts(limit: int = 200) -> list[tuple[CaseEvent, Case]]:
    """The latest recount lines with their cases, newest first, for the manager's list."""
    rows = db.session.execute(
        select(CaseEvent, Case).join(Case, CaseEvent.case_id == Case.id)
        .where(CaseEvent.kind == "due_recounted")
        .order_by(CaseEvent.id.desc()).limit(limit))
    return [tuple(row) for row in rows]


@years_loaded.connect
def _on_years_loaded(actor: Actor, now: datetime, **_) -> RecountReport:
    """The calendar grew: recount in the loader's transaction."""
    return recount_provisional(actor, now)

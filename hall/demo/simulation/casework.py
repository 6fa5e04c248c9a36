"""Cases in the simulation: accepted at the window while a ticket is served, then worked on
over the following working days through hall/cases/services.py.

About half of the services lead to a case for one of the window's items (none after the
hall's closing time: the windows then only finish the line). 即办件 close on the
spot; 承诺件 close over the next working days (most on time, many early, a few late with
their 超期说明), some after a pause for 补正 or one of the item's special steps. A few
applications are refused (不予受理) or get a 一次性告知书 and come back with the rest later;
a few are 容缺受理 and hand in the late material before closing.
"""
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from hall.cases import services as cases
from hall.cases.models import OPEN_STATUSES, Case
from hall.core import clock
from hall.core.extensions import db
from hall.demo.simulation import people
from hall.demo.simulation.agenda import Agenda, Workdays
from hall.items.models import Item
from hall.queue.models import Category

CASE_SHARE = 0.5
# Mean service minutes by category code; a case adds time for its materials.
SERVICE_MINUTES = {"enterprise": 11, "construction": 14, "social": 7, "civil": 8, "police": 6,
                   "realestate": 12, "health": 8, "rural": 9, "fee": 3}
DEFAULT_MINUTES = 9
REFUSALS = ("申请事项不属于本机关职权范围，已告知向有关行政机关申请",
            "申请人不具备申请资格", "申请事项依法不需要取得行政许可")
OVERDUE = ("现场勘验因天气原因推迟，经协调后办结", "需会同相关部门联合审查，协调耗时较长",
           "系统故障导致审批流转延误，已整改", "申请人多次联系不上，延误办理")
REJECTIONS = ("经审查不符合法定条件，依法不予许可", "现场核查与申请材料不符")
# (share, outcome) of 承诺件 once their clock runs; the rest close on their due day.
OUTCOMES = ((0.02, "withdrawn"), (0.03, "rejected"), (0.06, "late"), (0.55, "early"))


@dataclass
class Plan:
    outcome: str
    pause: str | None = None
    pause_days: int = 0
    paused: bool = False


class Casework:
    """The QueueDay listener: cases at the window, their later steps, and the feedback."""

    def __init__(self, rng: random.Random, agenda: Agenda, days: Workdays, feedback):
        self.rng, self.agenda, self.days, self.feedback = rng, agenda, days, feedback
        self.staff: dict[int, object] = {}      # window id -> who acts there today
        self.plans: dict[int, Plan] = {}
        self.pending: dict[int, int] = {}        # ticket id -> 即办件 to close at finish
        self.items: dict[tuple[int, int], list[int]] = {}
        self.accepted = 0

    # --- at the window ------------------------------------------------------------------

    def on_start(self, queue_day, ticket, window, now: datetime) -> float:
        """Service begins: maybe accept a case; returns the service's minutes."""
        code = db.session.get(Category, ticket.category_id).code
        minutes = self.rng.lognormvariate(0, 0.4) * SERVICE_MINUTES.get(code, DEFAULT_MINUTES)
        choices = self._window_items(window, ticket.category_id)
        if choices and self.rng.random() < CASE_SHARE and self._before_closing(now, 0):
            item = db.session.get(Item, self.rng.choice(choices))
            minutes += 2 + 0.5 * len(item.materials)
            case = self._open(queue_day.staff_at(window), window, ticket, item, now)
            self._after_acceptance(case, now, now + timedelta(minutes=minutes))
        return max(1.0, minutes)

    def on_finish(self, queue_day, ticket, window, now: datetime) -> None:
        case_id = self.pending.pop(ticket.id, None)
        if case_id is not None:
            self._close(db.session.get(Case, case_id), now, "approved")
        self.feedback.ticket_finished(ticket, window, now)

    def _window_items(self, window, category_id: int) -> list[int]:
        """The items of the ticket's category that the window's departments handle."""
        key = (window.id, category_id)
        if key not in self.items:
            category = db.session.get(Category, category_id)
            departments = {d.id for d in window.departments}
            ids = [i.id for i in category.items if i.is_published]
            own = [i.id for i in category.items if i.is_published and i.department_id in departments]
            self.items[key] = own or ids
        return self.items[key]

    def _open(self, staff, window, ticket, item: Item, now: datetime) -> Case:
        applicant = people.applicant(self.rng, item.code)
        handed = {m.id for m in item.materials if m.required or self.rng.random() < 0.5}
        roll = self.rng.random()
        common = dict(item=item, applicant=applicant, window=window, ticket_id=ticket.id)
        if roll < 0.02:
            return cases.refuse(staff, now, reason=self.rng.choice(REFUSALS), **common)
        missing = [m for m in item.materials if m.required and not m.deferrable]
        if roll < 0.07 and missing:
            dropped = {m.id for m in self.rng.sample(missing, min(len(missing), 2))}
            return cases.accept(staff, now, handed_in=handed - dropped, **common)
        late = [m for m in item.materials if m.required and m.deferrable]
        if roll < 0.15 and late and item.promised_days >= 3:
            promise = self.days.add(clock.local(now).date(),
                                    self.rng.randint(1, item.promised_days - 1))
            return cases.accept(staff, now, handed_in=handed - {m.id for m in late},
                                promise_date=promise, **common)
        return cases.accept(staff, now, handed_in=handed, **common)

    def _after_acceptance(self, case: Case, now: datetime, finish: datetime) -> None:
        self.accepted += 1
        if case.status == "awaiting_supplement":
            if self.rng.random() < 0.7:
                day = self.days.add(clock.local(now).date(), self.rng.randint(1, 5))
                self.agenda.on(day, self._task(case.id, self._supplied), now)
        elif case.status == "in_progress" and case.kind == "immediate":
            if self._before_closing(finish):
                self.pending[case.ticket_id] = case.id
            else:
                self._close(case, now, "approved")
        elif case.status == "in_progress":
            self._plan(case, now)

    @staticmethod
    def _before_closing(moment: datetime, margin: int = 1) -> bool:
        """Whether a moment (less a margin of minutes) is still within opening hours."""
        from hall.cases.deadlines import after_closing_time
        return not after_closing_time(moment + timedelta(minutes=margin))

    # --- later working days ---------------------------------------------------------------

    def _task(self, case_id: int, step):
        """A task for the agenda: run step(case, now) on the case as it is then."""
        def run(now: datetime) -> None:
            step(db.session.get(Case, case_id), now)
        return run

    def _staff(self, case: Case):
        return self.staff[case.window_id]

    def _supplied(self, case: Case, now: datetime) -> None:
        """The applicant brings what the 一次性告知书 listed; the clock starts."""
        wanted = {m.id for m in case.missing_materials}
        cases.receive_materials(self._staff(case), now, case, wanted)
        if case.kind == "immediate":
            self._close(case, now, "approved")
        else:
            self._plan(case, now)

    def _plan(self, case: Case, now: datetime) -> None:
        roll, outcome = self.rng.random(), "due"
        for share, name in OUTCOMES:
            if roll < share:
                outcome = name
                break
            roll -= share
        plan = Plan(outcome)
        steps = case.item.special_steps
        if self.rng.random() < 0.10:
            plan.pause, plan.pause_days = "supplement", self.rng.randint(1, 5)
        elif steps and self.rng.random() < 0.3:
            plan.pause, plan.pause_days = self.rng.choice(steps), self.rng.randint(2, 8)
        self.plans[case.id] = plan
        self._advance(case, now)

    def _advance(self, case: Case, now: datetime) -> None:
        """Schedule the case's next step: late materials, a pause, or the close."""
        plan, today = self.plans[case.id], clock.local(now).date()
        if case.deferred_materials:
            last = max(case.deferred_until or today, self.days.add(today, 1))
            day = self.days.add(today, self.rng.randint(1, max(1, self.days.between(today, last))))
            self.agenda.on(day, self._task(case.id, self._late_materials), now)
        elif plan.pause and not plan.paused:
            room = self.days.between(today, self._due(case)) - 1
            day = self.days.add(today, self.rng.randint(1, max(1, room)))
            self.agenda.on(day, self._task(case.id, self._suspend), now)
        else:
            self.agenda.on(self._close_day(case, plan.outcome, today),
                           self._task(case.id, self._finish), now)

    def _due(self, case: Case):
        return case.due_date or self.days.add(case.clock_start_on, case.promised_days)

    def _close_day(self, case: Case, outcome: str, today):
        due = self._due(case)
        room = self.days.between(today, due)
        if outcome == "late":
            return self.days.add(due, self.rng.randint(1, 5))
        if outcome == "due" or room <= 1:
            return max(due, self.days.add(today, 1))
        return self.days.add(today, self.rng.randint(1, room - 1))

    def _late_materials(self, case: Case, now: datetime) -> None:
        wanted = {m.id for m in case.deferred_materials}
        cases.receive_materials(self._staff(case), now, case, wanted)
        self._advance(case, now)

    def _suspend(self, case: Case, now: datetime) -> None:
        plan = self.plans[case.id]
        plan.paused = True
        note = "已出具补正材料通知书" if plan.pause == "supplement" else "已安排，期间暂停计时"
        cases.suspend(self._staff(case), now, case, plan.pause, note)
        day = self.days.add(clock.local(now).date(), plan.pause_days)
        self.agenda.on(day, self._task(case.id, self._resume), now)

    def _resume(self, case: Case, now: datetime) -> None:
        cases.resume(self._staff(case), now, case)
        self._advance(case, now)

    def _finish(self, case: Case, now: datetime) -> None:
        outcome = self.plans.pop(case.id).outcome
        result = outcome if outcome in ("withdrawn", "rejected") else "approved"
        self._close(case, now, result)

    def _close(self, case: Case, now: datetime, result: str) -> None:
        from hall.cases.deadlines import warning_now
        if result == "approved" and self.rng.random() < 0.02 and case.kind == "immediate":
            result = "rejected"
        note = self.rng.choice(REJECTIONS) if result == "rejected" else ""
        overdue = self.rng.choice(OVERDUE) if warning_now(case, now) == "red" else ""
        cases.close(self._staff(case), now, case, result, note, overdue)
        self.feedback.case_closed(case, now)


def open_cases() -> int:
    return db.session.scalar(select(db.func.count()).select_from(Case).where(
        Case.status.in_(OPEN_STATUSES)))

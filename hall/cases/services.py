"""Operations on cases: accept, notify, refuse, supplement, suspend, resume, extend, close.

Each takes the Actor (who, from where) and `now`, validates, changes the case, writes the timeline and
the audit entry, publishes `case.changed`, and flushes. The caller commits.
"""
import secrets
from datetime import date, datetime

from sqlalchemy import select, update

from hall.calendar.services import load_calendar
from hall.cases import deadlines, notices
from hall.cases.models import (
    OPEN_STATUSES,
    PAUSE_REASONS,
    RESULTS,
    Case,
    CaseCounter,
    CaseEvent,
    CaseMaterial,
    CasePause,
)
from hall.core import clock
from hall.core.actor import Actor
from hall.core.counters import bump
from hall.core.errors import Conflict, DomainError, Forbidden
from hall.core.extensions import db
from hall.core.journal import record
from hall.core.roles import Permission
from hall.core.validators import (
    credit_code_problem,
    id_number_problem,
    normalize_id_number,
    phone_problem,
)
from hall.events.services import publish
from hall.items.models import Item
from hall.queue.models import Ticket
from hall.queue.tickets import ACTIVE
from hall.settings import services as settings
from hall.web.input_guard import within_limit
from hall.windows.models import Window

NOTE_MAX = 2000


def new_case_no(now: datetime) -> str:
    """Region code + local date + a 4-digit daily sequence: 620524 20261201 0001."""
    day = clock.local(now).date()
    seq = bump(CaseCounter, day=day)
    return f"{settings.get('region_code')}{day:%Y%m%d}{seq:04d}"


def check_applicant(data: dict) -> dict:
    """The applicant cleaned, or a DomainError naming every bad field in Chinese."""
    kind = data.get("type")
    fields = {}
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 100:
        fields["name"] = "请填写申请人姓名或单位名称"
    phone = str(data.get("phone") or "").strip()
    if phone_problem(phone):
        fields["phone"] = phone_problem(phone)
    if kind == "person":
        id_number = normalize_id_number(str(data.get("id_number") or ""))
        if id_number_problem(id_number):
            fields["id_number"] = id_number_problem(id_number)
        clean = {"type": "person", "name": name, "id_number": id_number, "phone": phone}
    elif kind == "org":
        credit = str(data.get("credit_code") or "").strip().upper()
        if credit_code_problem(credit):
            fields["credit_code"] = credit_code_problem(credit)
        contact = str(data.get("contact") or "").strip()
        if not contact or len(contact) > 40:
            fields["contact"] = "请填写经办人姓名"
        clean = {"type": "org", "name": name, "credit_code": credit, "contact": contact,
                 "phone": phone}
    else:
        fields["type"] = "申请人类型须为个人或单位"
        clean = {}
    if fields:
        raise DomainError(next(iter(fields.values())), code="invalid", fields=fields)
    return clean


def _timeline(case: Case, now: datetime, kind: str, title: str, actor: str,
              note: str = "", public: bool = True) -> None:
    case.events.append(CaseEvent(at=now, kind=kind, title=title, note=note, actor=actor,
                                 public=public))


def _journal(actor: Actor, action: str, case: Case, now: datetime, before=None) -> None:
    db.session.flush()
    record(actor, action, case, before=before, after=case.audit_dict(), label=case.case_no)
    publish("case.changed", {"case_no": case.case_no, "status": case.status,
                             "window": case.window_id}, now)


def _copy_materials(case: Case, item: Item, handed_in: set[int]) -> None:
    for position, material in enumerate(item.materials, start=1):
        case.materials.append(CaseMaterial(
            material_id=material.id, position=position, name=material.name,
            form=material.form_label, copies=material.copies,
            requirements=material.requirements, required=material.required,
            deferrable=material.deferrable, received=material.id in handed_in))


def accept(actor: Actor, now: datetime, *, item: Item, applicant: dict, handed_in: set[int],
           window: Window, ticket_id: int | None = None, promise_date: date | None = None) -> Case:
    """受理 when every required material is here (or may come later under 容缺);
    otherwise record the application and issue one 一次性告知书 listing every missing one."""
    check_operates(window, actor)
    if not item.is_published:
        raise DomainError("该事项未公开，不能受理", fields={"item": "该事项未公开"})
    clean = check_applicant(applicant)
    unknown = handed_in - {m.id for m in item.materials}
    if unknown:
        raise DomainError("材料与事项不符", fields={"materials": "材料与事项不符"})
    case = _new_case(actor, now, item, clean, window, ticket_id)
    _copy_materials(case, item, handed_in)
    missing = case.missing_materials
    if missing and all(m.deferrable for m in missing) and promise_date is not None:
        _start_clock(case, now, actor.username)
        _defer(case, missing, promise_date)
    elif missing:
        case.status = "awaiting_supplement"
        _timeline(case, now, "notice", "出具一次性告知书", actor.username,
                  "需补正：" + "、".join(m.name for m in missing))
        db.session.flush()
        notices.tell_supplement(case, now, "notice")
    else:
        _start_clock(case, now, actor.username)
    _journal(actor, "case.accept", case, now)
    return case


OTHER_TICKET = "只能关联本窗口当前叫号或正在办理的号码"


def check_ticket(window: Window, ticket_id: int | None) -> None:
    """A case starts only from the ticket this window has called or is serving.

    Read after new_case_no has taken the counter's lock (SQLite: the write lock) and with
    FOR UPDATE (PostgreSQL), so a transfer or finish at the same moment waits or is seen.
    """
    if ticket_id is None:
        return
    row = db.session.execute(select(Ticket.window_id, Ticket.status)
                             .where(Ticket.id == ticket_id).with_for_update()).first()
    if row is None or row.window_id != window.id or row.status not in ACTIVE:
        raise DomainError(OTHER_TICKET, code="not_your_ticket", fields={"ticket_id": OTHER_TICKET})


def attribute_ticket(ticket_id: int | None, item: Item) -> None:
    """A ticket's first case decides the item and the department the reports count it for
    (rule 1 of hall/queue/attribution.py); later cases from the same ticket move neither."""
    if ticket_id is None:
        return
    earlier = db.session.scalar(select(Case.id).where(Case.ticket_id == ticket_id).limit(1))
    if earlier is None:
        db.session.execute(update(Ticket).where(Ticket.id == ticket_id)
                           .values(department_id=item.department_id, item_id=item.id))


def _new_case(actor: Actor, now, item: Item, clean: dict, window: Window, ticket_id) -> Case:
    case_no = new_case_no(now)
    check_ticket(window, ticket_id)
    attribute_ticket(ticket_id, item)
    case = Case(case_no=case_no, query_code=f"{secrets.randbelow(10**6):06d}",
                token=secrets.token_urlsafe(16), item=item, item_id=item.id, kind=item.kind,
                promised_days=item.promised_days, legal_days=item.legal_days,
                applicant_type=clean["type"], applicant_name=clean["name"],
                id_number=clean.get("id_number", ""), credit_code=clean.get("credit_code", ""),
                contact=clean.get("contact", ""), phone=clean["phone"], window_id=window.id,
                staff_id=actor.user_id, ticket_id=ticket_id, created_at=now, paused_workdays=0,
                extension_days=0)
    db.session.add(case)
    return case


def _start_clock(case: Case, now: datetime, actor: str) -> None:
    case.status = "in_progress"
    case.accepted_at = now
    case.clock_start_on = clock.local(now).date()
    deadlines.recompute(case)
    note = f"承诺 {case.promised_days} 个工作日" if case.kind == "promised" else "即办件，当日办结"
    _timeline(case, now, "accepted", "受理", actor, note)


def _defer(case: Case, missing: list[CaseMaterial], promise_date: date) -> None:
    """容缺受理: the applicant promises a date no later than the deadline."""
    if case.due_date is not None and promise_date > case.due_date:
        raise DomainError(f"容缺材料承诺补交日期不能晚于办理期限 {case.due_date:%Y-%m-%d}",
                          fields={"promise_date": "承诺日期晚于办理期限"})
    if promise_date < case.clock_start_on:
        raise DomainError("承诺补交日期不能早于受理日期", fields={"promise_date": "日期不正确"})
    for material in missing:
        material.deferred = True
    case.deferred_until = promise_date
    case.events[-1].note += f"；容缺受理，承诺 {promise_date:%Y-%m-%d} 前补交：" + "、".join(
        m.name for m in missing)


def refuse(actor: Actor, now: datetime, *, item: Item, applicant: dict, window: Window, reason: str,
           ticket_id: int | None = None) -> Case:
    """不予受理 with its reason; the case is recorded so the notice can be printed."""
    check_operates(window, actor)
    reason = within_limit(reason, NOTE_MAX, "reason", "不予受理的理由")
    if not reason:
        raise DomainError("请填写不予受理的理由", fields={"reason": "请填写不予受理的理由"})
    case = _new_case(actor, now, item, check_applicant(applicant), window, ticket_id)
    case.status, case.refusal_reason = "not_accepted", reason
    _timeline(case, now, "refused", "不予受理", actor.username, reason)
    _journal(actor, "case.refuse", case, now)
    return case


def check_operates(window: Window, actor: Actor) -> None:
    if actor.user is None or not window.can_operate(actor.user):
        raise Forbidden("您不是该窗口的工作人员", code="not_your_window")


def _own(case: Case, actor: Actor) -> None:
    window = db.session.get(Window, case.window_id) if case.window_id else None
    user = actor.user
    if user is not None and (user.can(Permission.MANAGE_HALL)
                             or (window is not None and window.can_operate(user))):
        return
    raise Forbidden("只能处理本窗口的办件", code="not_your_case")


def receive_materials(actor: Actor, now: datetime, case: Case, material_ids: set[int]) -> Case:
    """Materials arrive: a notified application is accepted once all required ones are in;
    容缺 materials are ticked off."""
    _own(case, actor)
    before = case.audit_dict()
    for material in case.materials:
        if material.id in material_ids and not material.received:
            material.received, material.received_at = True, now
    arrived = [m.name for m in case.materials if m.id in material_ids]
    if not arrived:
        raise DomainError("请勾选收到的材料", fields={"materials": "请勾选收到的材料"})
    _timeline(case, now, "materials", "收到补正材料", actor.username, "、".join(arrived))
    if case.status == "awaiting_supplement" and not case.missing_materials:
        _start_clock(case, now, actor.username)
    _journal(actor, "case.materials", case, now, before)
    return case


def suspend(actor: Actor, now: datetime, case: Case, reason: str, note: str = "") -> Case:
    """Stop the clock for 补正 or one of the item's special steps; the colour freezes."""
    _own(case, actor)
    if case.status != "in_progress":
        raise Conflict("只有办理中的办件可以暂停计时", code="invalid_state")
    allowed = {"supplement", *case.item.special_steps}
    if reason not in allowed:
        names = "、".join(PAUSE_REASONS[r] for r in sorted(allowed) if r in PAUSE_REASONS)
        raise DomainError(f"该事项可暂停计时的情形：{names}", fields={"reason": "暂停原因不正确"})
    note = within_limit(note, NOTE_MAX, "note", "说明")
    before = case.audit_dict()
    case.frozen_warning = deadlines.warning_now(case, now)
    case.status = "suspended"
    case.pauses.append(CasePause(reason=reason, note=note, started_at=now,
                                 started_on=clock.local(now).date()))
    _timeline(case, now, "suspended", f"暂停计时：{PAUSE_REASONS[reason]}", actor.username, note)
    _journal(actor, "case.suspend", case, now, before)
    if reason == "supplement":
        notices.tell_supplement(case, now, f"pause-{len(case.pauses)}")
    return case


def resume(actor: Actor, now: datetime, case: Case, note: str = "") -> Case:
    """Restart the clock; the paused working days move the deadline later."""
    _own(case, actor)
    pause = case.open_pause
    if case.status != "suspended" or pause is None:
        raise Conflict("该办件没有暂停计时", code="invalid_state")
    note = within_limit(note, NOTE_MAX, "note", "说明")
    before = case.audit_dict()
    calendar = load_calendar(provisional=True)
    pause.ended_at, pause.ended_on = now, clock.local(now).date()
    pause.workdays = calendar.workdays_between(pause.started_on, pause.ended_on)
    if pause.reason == "supplement" and settings.get("supplement_restarts_clock"):
        case.clock_start_on, case.paused_workdays = pause.ended_on, 0
    else:
        case.paused_workdays += pause.workdays
    case.status, case.frozen_warning = "in_progress", None
    deadlines.recompute(case, calendar)
    due = f"，办理期限顺延至 {case.due_date:%Y-%m-%d}" if case.due_date else ""
    due += "（暂定）" if case.due_provisional else ""
    _timeline(case, now, "resumed", "恢复计时", actor.username,
              f"暂停 {pause.workdays} 个工作日{due}" + (f"；{note}" if note else ""))
    _journal(actor, "case.resume", case, now, before)
    return case


def extend(actor: Actor, now: datetime, case: Case, days: int, approver: str, reason: str) -> Case:
    """延期 with an approver and a reason, never beyond the 法定时限."""
    _own(case, actor)
    if case.status not in OPEN_STATUSES or case.kind != "promised":
        raise Conflict("只有办理中的承诺件可以延期", code="invalid_state")
    approver = within_limit(approver, 40, "approver", "批准人")
    reason = within_limit(reason, 500, "reason", "延期理由")
    if not approver or not reason:
        raise DomainError("请填写批准人和延期理由",
                          fields={"approver": "请填写批准人", "reason": "请填写延期理由"})
    room = case.legal_days - case.promised_days - case.extension_days
    if days < 1 or days > room:
        raise DomainError(f"延期后不能超过法定时限，最多还可延期 {max(room, 0)} 个工作日",
                          fields={"days": f"最多 {max(room, 0)} 个工作日"})
    before = case.audit_dict()
    case.extension_days += days
    deadlines.recompute(case)
    _timeline(case, now, "extended", f"延期 {days} 个工作日", actor.username,
              f"批准人：{approver}；理由：{reason}")
    _journal(actor, "case.extend", case, now, before)
    return case


def close(actor: Actor, now: datetime, case: Case, result: str, note: str = "",
          overdue_reason: str = "") -> Case:
    """办结, 不予许可 or withdrawn; an overdue case needs its 超期说明."""
    _own(case, actor)
    if case.status != "in_progress":
        raise Conflict("暂停计时的办件请先恢复计时再办结" if case.status == "suspended"
                       else "该办件不在办理中", code="invalid_state")
    if result not in RESULTS:
        raise DomainError("办理结果不正确", fields={"result": "办理结果不正确"})
    note = within_limit(note, NOTE_MAX, "note", "办理意见")
    overdue_reason = within_limit(overdue_reason, NOTE_MAX, "overdue_reason", "超期说明")
    if result == "rejected" and not note:
        raise DomainError("不予许可须写明理由", fields={"note": "请写明不予许可的理由"})
    if result == "approved" and case.deferred_materials:
        raise Conflict("容缺材料尚未补齐，不能办结", code="deferred_missing")
    overdue = deadlines.warning_now(case, now) == "red"
    if overdue and not overdue_reason:
        raise DomainError("该办件已超期，须填写超期说明",
                          fields={"overdue_reason": "请填写超期说明"})
    before = case.audit_dict()
    _record_close(case, now, result, note, overdue_reason if overdue else "", overdue)
    _timeline(case, now, "closed", RESULTS[result], actor.username, note)
    _journal(actor, "case.close", case, now, before)
    notices.tell_closed(case, now)
    return case


def _record_close(case: Case, now: datetime, result: str, note: str, overdue_reason: str,
                  overdue: bool) -> None:
    closed_on = clock.local(now).date()
    case.status, case.result, case.result_note = "closed", result, note
    case.closed_at, case.closed_on = now, closed_on
    case.overdue_reason = overdue_reason
    case.workdays_used = deadlines.workdays_used(case, closed_on)
    case.closed_on_time = not overdue
    case.closed_early = (not overdue and case.kind == "promised" and case.due_date is not None
                         and closed_on < case.due_date)


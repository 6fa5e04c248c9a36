"""The cases' part of /api/v1: accept, follow, pause, extend, close; public progress."""
import secrets
import time
from datetime import date

from flask import g, request, url_for
from sqlalchemy import select

from hall.auth.people import person
from hall.cases import queries, services
from hall.cases.models import PAUSE_REASONS, RESULTS, Case
from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError, NotFound
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.items.models import Item
from hall.settings.links import public_url
from hall.web import idempotency, ratelimit
from hall.web.access import public
from hall.web.api import api_actor, bp, spec, token_required
from hall.web.helpers import client_address
from hall.web.input_guard import parse_day
from hall.web.responses import error, json_body
from hall.windows.models import Window, window_by_no, windows_of

STAFF = Permission.SERVE_WINDOW | Permission.MANAGE_HALL


def case_dict(case: Case, warning: str | None = None) -> dict:
    """The full case for staff (unmasked), as docs/api.md describes it."""
    return {
        "case_no": case.case_no, "query_code": case.query_code, "item": case.item.code,
        "item_name": case.item.name, "kind": case.kind, "status": case.status,
        "result": case.result,
        "applicant": {"type": case.applicant_type, "name": case.applicant_name,
                      "id_number": case.id_number or None, "credit_code": case.credit_code or None,
                      "contact": case.contact or None, "phone": case.phone},
        "accepted_at": clock.local(case.accepted_at).isoformat() if case.accepted_at else None,
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "legal_due_date": case.legal_due_date.isoformat() if case.legal_due_date else None,
        "calendar_missing_year": case.calendar_missing_year,
        "provisional": case.due_provisional,
        "warning": warning or services.deadlines.warning_now(case, clock.now()),
        "missing": [{"id": m.material_id, "name": m.name, "requirements": m.requirements}
                    for m in case.missing_materials],
        "deferred_until": case.deferred_until.isoformat() if case.deferred_until else None,
        "notice_url": url_for("cases.notice", case_no=case.case_no, _external=True)
        if case.status == "awaiting_supplement" else None,
        "receipt_url": url_for("cases.receipt", case_no=case.case_no, _external=True),
        "progress_url": public_url("progress.phone", token=case.token),   # for the QR code
        "timeline": [{"at": clock.local(e.at).isoformat(), "kind": e.kind, "title": e.title,
                      "note": e.note, "actor": e.actor, "actor_name": person(e.actor)}
                     for e in case.events],
    }


def _window(no) -> Window:
    if not isinstance(no, int):
        raise DomainError("请指定窗口号", fields={"window": "请指定窗口号"})
    window = window_by_no(no)
    if window is None:
        raise DomainError(f"{no}号窗口不存在", fields={"window": "窗口不存在"})
    return window


def _item(code) -> Item:
    item = db.session.scalar(select(Item).where(Item.code == str(code or "")))
    if item is None:
        raise DomainError("没有这个事项", fields={"item": "没有这个事项"})
    return item


def _date(text, field: str) -> date | None:
    """A date from the body or the query string, bounded (input_guard.parse_day)."""
    return parse_day(text, field)


def _ticket_id(value) -> int | None:
    """The called ticket the case starts from, if any; it must exist."""
    from hall.queue.models import Ticket
    if value is None:
        return None
    if not isinstance(value, int) or db.session.get(Ticket, value) is None:
        raise DomainError("没有这个号码", fields={"ticket_id": "没有这个号码"})
    return value


def _materials(value) -> set[int]:
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise DomainError("materials 须为材料编号列表", fields={"materials": "须为材料编号列表"})
    return set(value)


@bp.post("/cases")
@token_required(STAFF)
def accept_case():
    data, now = json_body(), clock.now()
    held = idempotency.api_claim("case", data, now, owner=f"user:{g.api_user.id}")
    if held.repeated:
        return case_dict(_case_for(held.first.resource)), held.first.status
    applicant = data.get("applicant") if isinstance(data.get("applicant"), dict) else {}
    case = services.accept(
        api_actor(), now, item=_item(data.get("item")), applicant=applicant,
        handed_in=_materials(data.get("materials", [])), window=_window(data.get("window")),
        ticket_id=_ticket_id(data.get("ticket_id")),
        promise_date=_date(data.get("promise_date"), "promise_date"))
    idempotency.complete(held, case.case_no, 201)
    return case_dict(case), 201


def _case_for(case_no: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.case_no == case_no[:24]))
    if case is None:
        raise NotFound("未找到该办件")
    if not g.api_user.can(Permission.MANAGE_HALL) and case.window_id not in {
            w.id for w in windows_of(g.api_user)}:
        raise NotFound("未找到该办件")
    return case


@bp.get("/cases/<case_no>")
@token_required(STAFF)
def get_case(case_no: str):
    return case_dict(_case_for(case_no))


@bp.post("/cases/<case_no>/suspend")
@token_required(STAFF)
def suspend_case(case_no: str):
    data = json_body()
    case = services.suspend(api_actor(), clock.now(), _case_for(case_no), str(data.get("reason", "")),
                            str(data.get("note", "")))
    return case_dict(case)


@bp.post("/cases/<case_no>/resume")
@token_required(STAFF)
def resume_case(case_no: str):
    data = json_body() if request.get_data() else {}     # the body is optional
    case = services.resume(api_actor(), clock.now(), _case_for(case_no),
                           str(data.get("note", "")))
    return case_dict(case)


@bp.post("/cases/<case_no>/extend")
@token_required(STAFF)
def extend_case(case_no: str):
    data = json_body()
    days = data.get("days")
    if not isinstance(days, int):
        raise DomainError("延期天数须为整数", fields={"days": "须为整数"})
    case = services.extend(api_actor(), clock.now(), _case_for(case_no), days,
                           str(data.get("approver", "")), str(data.get("reason", "")))
    return case_dict(case)


@bp.post("/cases/<case_no>/close")
@token_required(STAFF)
def close_case(case_no: str):
    data = json_body()
    case = services.close(api_actor(), clock.now(), _case_for(case_no), str(data.get("result", "")),
                          str(data.get("note", "")), str(data.get("overdue_reason", "")))
    return case_dict(case)


@bp.get("/cases")
@token_required(STAFF)
def list_cases():
    args = request.args
    windows = None if g.api_user.can(Permission.MANAGE_HALL) else [
        w.id for w in windows_of(g.api_user)]
    if args.get("window"):
        wanted_window = window_by_no(args.get("window", type=int))
        wanted = wanted_window.id if wanted_window else None
        windows = [w for w in (windows if windows is not None else [wanted]) if w == wanted]
    rows = queries.case_list(clock.now(), windows=windows, warning=args.get("warning", ""),
                             status=args.get("status", ""), item=args.get("item", ""),
                             start=_date(args.get("from"), "from"), end=_date(args.get("to"), "to"))
    return {"cases": [case_dict(case, warning) for case, warning, _ in rows]}


LOOKUP_LIMIT, LOOKUP_WINDOW = 10, 900
SLOW_AFTER, SLOW_SECONDS = 5, 1.0


def progress_lookup(case_no: str, code: str, address: str):
    """The case for a number and query code, or None, with the address's verdict.

    Counted before the case is read and committed at once, so concurrent guesses each get
    their own count; a look-up that finds its case is taken back, so only wrong pairs use
    the allowance.
    """
    verdict = ratelimit.hit(f"progress:{address}", LOOKUP_LIMIT, LOOKUP_WINDOW, clock.now())
    keep_counted()
    if not verdict.allowed:
        return None, verdict
    if verdict.count > SLOW_AFTER:
        time.sleep(SLOW_SECONDS)     # guessing gets slower before it is refused (no tx held)
    case = db.session.scalar(select(Case).where(Case.case_no == case_no[:24]))
    if case is None or not secrets.compare_digest(case.query_code, code[:8]):
        return None, verdict
    ratelimit.refund(verdict)
    db.session.commit()
    return case, verdict


@bp.get("/progress")
@public
def progress():
    case, verdict = progress_lookup(request.args.get("case_no", ""),
                                    request.args.get("code", ""), client_address())
    if not verdict.allowed:
        return ratelimit.too_many(verdict.retry_after)
    if case is None:
        return error(404, "not_found", "未查询到办件，请核对办件编号和查询码")
    return queries.public_view(case)


_STAFF = [{"bearer": []}]
_CASE_NO = {"name": "case_no", "in": "path", "required": True, "schema": {"type": "string"}}
_TEXT = {"type": "string"}
_APPLICANT = {"type": "object", "required": ["type", "name", "phone"], "properties": {
    "type": {"type": "string", "enum": ["person", "org"]}, "name": _TEXT, "id_number": _TEXT,
    "credit_code": _TEXT, "contact": _TEXT, "phone": _TEXT}}
_ACCEPT = {"type": "object", "required": ["item", "applicant", "window"], "properties": {
    "item": _TEXT, "applicant": _APPLICANT, "window": {"type": "integer"},
    "materials": {"type": "array", "items": {"type": "integer"}},
    "ticket_id": {"type": "integer", "nullable": True},
    "promise_date": {"type": "string", "format": "date", "nullable": True}}}


def _case_action(summary: str, body: dict, required: bool = True) -> dict:
    return {"post": {
        "summary": summary, "tags": ["cases"], "security": _STAFF, "parameters": [_CASE_NO],
        "requestBody": {**spec.json_body({"type": "object", **body}), "required": required},
        "responses": {"200": spec.json_response("办件"),
                      **spec.error_responses(400, 401, 403, 404, 409)}}}


spec.add_paths({
    "/api/v1/cases/{case_no}/suspend": _case_action("暂停计时（补正、特殊环节）", {
        "required": ["reason"], "properties": {"reason": {"type": "string", "enum": list(
            PAUSE_REASONS)}, "note": _TEXT}}),
    "/api/v1/cases/{case_no}/resume": _case_action("恢复计时", {"properties": {"note": _TEXT}},
                                                   required=False),
    "/api/v1/cases/{case_no}/extend": _case_action("延期（不超过法定时限）", {
        "required": ["days", "approver", "reason"], "properties": {
            "days": {"type": "integer"}, "approver": _TEXT, "reason": _TEXT}}),
    "/api/v1/cases/{case_no}/close": _case_action("办结、不予许可或撤回", {
        "required": ["result"], "properties": {
            "result": {"type": "string", "enum": list(RESULTS)}, "note": _TEXT,
            "overdue_reason": _TEXT}}),
})
spec.add_paths({
    "/api/v1/cases": {
        "post": {"summary": "受理办件（可带 Idempotency-Key，重复提交不重复受理）", "tags": ["cases"],
                 "security": [{"bearer": []}],
                 "parameters": [idempotency.HEADER_PARAMETER],
                 "requestBody": spec.json_body(_ACCEPT),
                 "responses": {"201": spec.json_response("办件"),
                               **spec.error_responses(400, 401, 403, 422)}},
        "get": {"summary": "办件列表", "tags": ["cases"], "security": [{"bearer": []}],
                "parameters": [
                    {"name": "warning", "in": "query",
                     "schema": {"type": "string", "enum": ["green", "yellow", "red"]}},
                    {"name": "status", "in": "query", "schema": _TEXT},
                    {"name": "window", "in": "query", "schema": {"type": "integer"}},
                    {"name": "item", "in": "query", "schema": _TEXT},
                    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}],
                "responses": {"200": spec.json_response("办件"),
                              **spec.error_responses(400, 401, 403)}}},
    "/api/v1/cases/{case_no}": {"get": {
        "summary": "办件详情（含全部过程）", "tags": ["cases"], "security": [{"bearer": []}],
        "description": "provisional 为 true 时 due_date 为暂定期限（calendar_missing_year "
                       "年的节假日安排未录入，按法定节假日推算）。",
        "parameters": [{"name": "case_no", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": spec.json_response("办件"), **spec.error_responses(401, 404)}}},
    "/api/v1/progress": {"get": {
        "summary": "公众查询办件进度（脱敏）", "tags": ["cases"],
        "description": "provisional 为 true 时，due_date 按法定节假日推算（该年节假日安排未录入），"
                       "为暂定期限，以国务院公布的节假日安排为准；录入后重算并记入 timeline。",
        "parameters": [{"name": "case_no", "in": "query", "schema": {"type": "string"}},
                       {"name": "code", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": spec.json_response("进度"), **spec.error_responses(404, 429)}}},
})

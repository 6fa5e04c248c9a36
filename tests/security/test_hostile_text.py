"""Emoji, rare CJK, bidi and combining marks, control characters and over-long input typed
into every page form that stores text.

Printable text is stored and read back exactly; control characters are cleaned away (the
policy of hall.web.input_guard); ten times a field's limit is refused with a Chinese message
and nothing changes - never a 500, never a value cut short. The pages that show the text
are those of tests/web/test_injection.py, built here with the Unicode text instead.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from hall.auth.models import User
from hall.cases import services as cases
from hall.cases.models import Case, CaseEvent, CasePause
from hall.complaints.models import Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.items.models import Department, Item, Material
from hall.queue import tickets
from hall.queue.models import Category, Kiosk, Ticket
from hall.ratings import services as ratings
from hall.ratings.models import FollowUp, Rating
from hall.settings import services as settings
from hall.windows.models import Window
from tests.security.hostile import (
    CLEANED,
    CONTROLS,
    LONG_TEXT,
    UNICODE,
    fitted,
    load_calendar,
    too_long,
)
from tests.web.test_injection import hall_with_text, public_pages, staff_pages

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}


def last(model, *where):
    """The newest row of a model (fresh from the database), or None."""
    db.session.expire_all()
    return db.session.scalars(select(model).where(*where).order_by(model.id.desc())).first()


def column(model, *where) -> Callable:
    """Reads a field of the newest matching row; None while there is none."""
    return lambda targets, name: getattr(last(model, *where), name, None)


@dataclass(frozen=True)
class Form:
    """A page form: who posts it where, a valid submission, and where its text lands."""

    role: str
    url: Callable
    data: Callable
    stored: Callable
    text: dict                                   # free text field -> limit (None: Text)
    coded: dict = field(default_factory=dict)    # fields with a pattern -> limit


def _case_form(**data) -> dict:
    return {"applicant_type": "person", "name": "王小明", "id_number": PERSON["id_number"],
            "phone": PERSON["phone"], "action": "accept", **data}


def _extension(targets, name):
    note = getattr(last(CaseEvent, CaseEvent.kind == "extended"), "note", None)
    return note and note.split("批准人：")[1].split("；理由：")[name == "reason"]


FORMS = {
    "department": Form("admin", lambda h: "/admin/departments/new",
                       lambda h: {"code": "HOSTILE", "name": "民政局", "sort_order": "1"},
                       column(Department, Department.code == "HOSTILE"), {"name": 60},
                       {"code": 20, "phone": 30}),
    "item": Form("admin", lambda h: "/admin/items/new", lambda h: {
        "code": "HOSTILE-1", "name": "婚姻登记", "type": "licensing",
        "department_id": str(h.item.department_id), "legal_basis": "条例",
        "conditions": "条件", "procedure": "受理", "legal_days": "20", "promised_days": "5",
        "visits": "1", "charges_fee": "y", "fee_basis": "依据", "fee_standard": "9 元",
        "place": "一楼", "consult_phone": "0938-8211234", "complaint_phone": "12345"},
        column(Item, Item.code == "HOSTILE-1"),
        {"name": 120, "legal_basis": None, "conditions": None, "procedure": None,
         "fee_basis": 2000, "fee_standard": 2000, "place": 200, "online_url": 200},
        {"code": 40, "consult_phone": 30}),
    "material": Form("admin", lambda h: f"/admin/items/{h.item.id}/materials/new",
                     lambda h: {"name": "户口簿", "form": "original", "copies": "1"},
                     column(Material),
                     {"name": 200, "requirements": 2000}),
    "category": Form("admin", lambda h: "/admin/categories/new",
                     lambda h: {"code": "hostile", "name": "婚姻", "prefix": "H"},
                     column(Category, Category.code == "hostile"),
                     {"name": 40, "description": 200}, {"code": 20}),
    "window": Form("admin", lambda h: "/admin/windows/new", lambda h: {
        "no": "9", "name": "窗口", "kind": "comprehensive", "status": "open",
        "staff_a_id": "0", "staff_b_id": "0"}, column(Window, Window.no == 9), {"name": 60}),
    "user": Form("admin", lambda h: "/admin/users/new", lambda h: {
        "username": "hostile", "name": "陈八", "role": "staff", "password": "Init-Pass-2026",
        "is_enabled": "y"}, column(User, User.username == "hostile"),
        {"name": 40, "staff_no": 20}, {"username": 40}),
    "settings": Form("admin", lambda h: "/admin/settings/", lambda h: {
        "hall_name": "政务服务中心", "region_code": "620123", "open_time": "08:30",
        "close_time": "18:00", "idle_minutes": "20", "lockout_minutes": "30"},
        lambda h, name: settings.get(name),
        {"hall_name": 60, "hall_address": 200, "hall_phone": 30}, {"public_base_url": 200}),
    "rules": Form("manager", lambda h: "/admin/settings/rules", lambda h: {
        "noshow_requeue_behind": "3", "call_template": "请{number}号到{window}号窗口办理",
        "default_service_minutes": "10", "green_channel_minutes": "30",
        "warning_yellow_ratio": "0.2", "warning_yellow_min": "1", "followup_callback_days": "2",
        "followup_fix_days": "10", "alert_wait_minutes": "30", "alert_paused_minutes": "20",
        "alert_idle_minutes": "15"}, lambda h, name: settings.get(name), {},
        {"call_template": 60}),
    "kiosk": Form("admin", lambda h: "/admin/kiosks/", lambda h: {},
                  column(Kiosk), {"name": 60}),
    "acceptance": Form("staff", lambda h: "/cases/new?window=3",
                       lambda h: _case_form(item=h.item.code),
                       column(Case, Case.applicant_type.is_not(None)), {"applicant_name": 100}),
    "acceptance_org": Form("staff", lambda h: "/cases/new?window=3", lambda h: _case_form(
        item=h.item.code, applicant_type="org", credit_code="91350100M000100Y43"),
        column(Case, Case.applicant_type == "org"), {"contact": 40}),
    "refusal": Form("staff", lambda h: "/cases/new?window=3",
                    lambda h: _case_form(item=h.item.code, action="refuse"),
                    column(Case, Case.status == "not_accepted"), {"refusal_reason": 2000}),
    "suspension": Form("staff", lambda h: f"/cases/{h.case.case_no}/suspend",
                       lambda h: {"reason": "supplement"}, column(CasePause), {"note": 2000}),
    "closing": Form("staff", lambda h: f"/cases/{h.case.case_no}/close",
                    lambda h: {"result": "approved"}, column(Case, Case.status == "closed"),
                    {"result_note": 2000}),
    "extension": Form("staff", lambda h: f"/cases/{h.case.case_no}/extend",
                      lambda h: {"days": "1", "approver": "张局长", "reason": "情况复杂"},
                      _extension, {"approver": 40, "reason": 500}),
    "rating": Form("public", lambda h: f"/t/{h.done.token}/rate",
                   lambda h: {"level": "5"}, column(Rating), {"comment": 500}),
    "follow_up": Form("manager", lambda h: f"/followups/{h.follow_up.id}/callback",
                      lambda h: {}, column(FollowUp, FollowUp.callback_at.is_not(None)),
                      {"callback_note": 2000}),
    "complaint": Form("public", lambda h: "/complaints/new",
                      lambda h: {"kind": "suggestion", "content": "建议"},
                      column(Complaint), {"content": 500, "name": 20}),
}
# Form fields whose names differ from the columns they fill.
POSTED_AS = {"applicant_name": "name", "refusal_reason": "reason", "result_note": "note",
             "callback_note": "note"}
TEXT_CASES = [(form, name) for form, spec in FORMS.items() for name in spec.text]
LONG_CASES = [(form, name) for form, spec in FORMS.items()
              for name, limit in {**spec.text, **spec.coded}.items() if limit]


@dataclass(frozen=True)
class FormTargets:
    item: Item
    case: Case              # in progress at window 3
    done: Ticket            # finished at window 3, not yet rated
    staff: User             # window 3's staff member
    follow_up: FollowUp     # of the 差评 another finished ticket was given


@pytest.fixture
def form_targets(make, freeze_time) -> FormTargets:
    """What the forms act on: an item, staff at window 3, a case, a ticket, a 差评."""
    freeze_time("2026-12-01 10:00")
    load_calendar()
    staff = make.user(role="staff")
    item = make.item(code="62052400MZ-XK-0001", promised_days=5, legal_days=20)
    category = make.category(code="civil", prefix="A", items=[item])
    window = make.window(no=3, categories=[category], staff_a_id=staff.id)
    case = cases.accept(Actor.of(staff), clock.now(), item=item, applicant=PERSON, handed_in=set(),
                        window=window)
    done, rated = (tickets.issue_ticket(category, clock.now()) for _ in range(2))
    for _ in (done, rated):
        tickets.finish(tickets.call_next(window, Actor.of(staff), clock.now()), Actor.of(staff), clock.now())
    bad = ratings.rate_ticket(rated.token, 1, "", [], "qr", clock.now())
    db.session.commit()
    follow_up = db.session.scalar(select(FollowUp).where(FollowUp.rating_id == bad.id))
    return FormTargets(item=item, case=case, done=done, staff=staff, follow_up=follow_up)


@pytest.fixture
def submit(client, auth, form_targets):
    """Posts one form with one field set, as the form's user; returns the page shown."""
    def post(form: str, name: str, value: str):
        spec = FORMS[form]
        if spec.role == "staff":
            auth.login(form_targets.staff.username)
        elif spec.role != "public":
            auth.login_as(spec.role)
        data = {**spec.data(form_targets), POSTED_AS.get(name, name): value}
        return client.post(spec.url(form_targets), data=data, follow_redirects=True)
    return post


@pytest.mark.parametrize("form, name", TEXT_CASES)
def test_printable_unicode_is_kept_exactly(submit, form_targets, form, name):
    value = fitted(FORMS[form].text[name])
    response = submit(form, name, value)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    assert FORMS[form].stored(form_targets, name) == value


@pytest.mark.parametrize("form, name", TEXT_CASES)
def test_control_characters_are_cleaned_away(submit, form_targets, form, name):
    assert submit(form, name, CONTROLS).status_code == 200
    assert FORMS[form].stored(form_targets, name) == CLEANED


@pytest.mark.parametrize("form, name", LONG_CASES)
def test_ten_times_the_limit_is_refused_in_chinese(submit, form_targets, form, name):
    before = FORMS[form].stored(form_targets, name)
    limit = {**FORMS[form].text, **FORMS[form].coded}[name]
    response = submit(form, name, too_long(limit))
    assert response.status_code in (200, 400)
    assert re.search(r"不能超过|1 到 \d+ 个字", response.get_data(as_text=True))
    assert FORMS[form].stored(form_targets, name) == before


@pytest.mark.parametrize("name", [n for n, limit in FORMS["item"].text.items() if not limit])
def test_long_text_without_a_limit_is_kept_whole(submit, form_targets, name):
    assert submit("item", name, LONG_TEXT).status_code == 200
    assert FORMS["item"].stored(form_targets, name) == LONG_TEXT


@pytest.fixture
def unicode_hall(make, freeze_time):
    return hall_with_text(make, freeze_time, UNICODE, UNICODE[:20])


def test_public_pages_show_the_unicode_text(client, unicode_hall):
    for page in public_pages(unicode_hall):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "\ufffd" not in response.get_data(as_text=True), page
    assert UNICODE in client.get(f"/guide/items/{unicode_hall.item.code}").get_data(
        as_text=True)


@pytest.mark.parametrize("role", ["admin", "staff", "manager"])
def test_staff_pages_show_the_unicode_text(client, auth, unicode_hall, role):
    if role == "staff":
        auth.login(unicode_hall.staff.username)
    else:
        auth.login_as(role)
    pages = staff_pages(unicode_hall, role)
    shown = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        if UNICODE[:20] in response.get_data(as_text=True):     # names hold only 40
            shown.add(page)
    assert set(pages) - shown <= {"/staff", "/followups"}

"""Hostile input through the JSON API: every stored string field, and the crafted requests
the fuzzer's findings turned into (huge ids, NUL, lone surrogates, bodies that are not
objects, wrong content types, deep nesting, numbers beyond any column).

Printable Unicode is stored and answered back exactly; control characters and lone
surrogates are refused with 400 `invalid_text` (hall.web.input_guard); ten times a field's
limit is refused with a Chinese message; in each refusal nothing changes.
"""
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from hall.auth.models import User
from hall.cases import services as cases
from hall.cases.models import Case, CaseEvent
from hall.complaints.models import Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.items.models import Item
from hall.queue import tickets
from hall.queue.models import Ticket
from hall.ratings.models import Rating
from tests.factories import PASSWORD
from tests.security.hostile import CONTROLS, fitted, load_calendar, too_long

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
ORG = {"type": "org", "name": "某某有限公司", "credit_code": "91350100M000100Y43",
       "contact": "李四", "phone": "0938-6521234"}
HUGE = 99999999999999


@dataclass(frozen=True)
class ApiTargets:
    item: Item
    case: Case                  # in progress at window 3
    done: Ticket                # finished at window 3, not yet rated
    staff: User                 # window 3's staff member
    headers: dict[str, str]     # the staff member's bearer token


@pytest.fixture
def api_targets(app, make, freeze_time) -> ApiTargets:
    """Window 3 with its staff, an item, a case in progress, a finished ticket; a token."""
    freeze_time("2026-12-01 10:00")
    load_calendar()
    staff = make.user(role="staff")
    item = make.item(code="62052400MZ-XK-0001", promised_days=5)
    category = make.category(code="civil", prefix="A", items=[item])
    window = make.window(no=3, categories=[category], staff_a_id=staff.id)
    case = cases.accept(Actor.of(staff), clock.now(), item=item, applicant=PERSON, handed_in=set(),
                        window=window)
    done = tickets.issue_ticket(category, clock.now())
    tickets.finish(tickets.call_next(window, Actor.of(staff), clock.now()), Actor.of(staff), clock.now())
    db.session.commit()
    token = app.test_client().post("/api/v1/auth/token", json={
        "username": staff.username, "password": PASSWORD}).json["token"]
    return ApiTargets(item=item, case=case, done=done, staff=staff,
                      headers={"Authorization": "Bearer " + token})


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _note(targets: ApiTargets) -> str | None:
    """The note of the case's latest timeline line (None before any beyond acceptance)."""
    db.session.expire_all()
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == targets.case.id)
                               .order_by(CaseEvent.id.desc())).first()
    return event.note if event.kind in ("suspended", "closed") else None


def _newest(model, name: str, *where: Callable):
    """Reads a field of the newest row that matches (each `where` takes the targets)."""
    def read(targets: ApiTargets):
        db.session.expire_all()
        row = db.session.scalars(select(model).where(*(w(targets) for w in where))
                                 .order_by(model.id.desc())).first()
        return getattr(row, name, None)
    return read


def _new_case(targets: ApiTargets):
    return Case.id != targets.case.id


@dataclass(frozen=True)
class Field:
    """A stored string field of a JSON request: where it goes and how it is read back."""

    url: Callable
    body: Callable          # (targets, value) -> request body
    stored: Callable        # targets -> the value as stored (None while nothing is)
    limit: int


def _case_body(applicant: dict, key: str):
    return lambda h, v: {"item": h.item.code, "window": 3, "materials": [],
                         "applicant": {**applicant, key: v}}


FIELDS = {
    "applicant name": Field(lambda h: "/api/v1/cases", _case_body(PERSON, "name"),
                            _newest(Case, "applicant_name", _new_case), 100),
    "applicant contact": Field(lambda h: "/api/v1/cases", _case_body(ORG, "contact"),
                               _newest(Case, "contact", _new_case), 40),
    "suspension note": Field(lambda h: f"/api/v1/cases/{h.case.case_no}/suspend",
                             lambda h, v: {"reason": "supplement", "note": v}, _note, 2000),
    "closing note": Field(lambda h: f"/api/v1/cases/{h.case.case_no}/close",
                          lambda h, v: {"result": "approved", "note": v}, _note, 2000),
    "rating comment": Field(lambda h: "/api/v1/ratings", lambda h, v: {
        "ticket_token": h.done.token, "level": 5, "comment": v},
        _newest(Rating, "comment"), 500),
    "complaint content": Field(lambda h: "/api/v1/complaints",
                               lambda h, v: {"kind": "suggestion", "content": v},
                               _newest(Complaint, "content"), 500),
    "complaint name": Field(lambda h: "/api/v1/complaints",
                            lambda h, v: {"kind": "suggestion", "content": "建议", "name": v},
                            _newest(Complaint, "name"), 20),
}


def post(client, targets: ApiTargets, name: str, value: str):
    spec = FIELDS[name]
    return client.post(spec.url(targets), json=spec.body(targets, value), headers=targets.headers)


@pytest.mark.parametrize("name", FIELDS)
def test_printable_unicode_is_answered_back_exactly(client, api_targets, name):
    value = fitted(FIELDS[name].limit)
    response = post(client, api_targets, name, value)
    assert response.status_code in (200, 201), response.json
    assert FIELDS[name].stored(api_targets) == value
    if "applicant" in name:
        case = client.get(f"/api/v1/cases/{response.json['case_no']}", headers=api_targets.headers)
        assert value in case.json["applicant"].values()


@pytest.mark.parametrize("name", FIELDS)
@pytest.mark.parametrize("value", [CONTROLS, "正常\ud800文字"], ids=["controls", "surrogate"])
def test_control_characters_and_lone_surrogates_are_refused(client, api_targets, name, value):
    spec = FIELDS[name]
    # "\ud800" stays an escape, as a device sends it
    raw = json.dumps(spec.body(api_targets, value))
    response = client.post(spec.url(api_targets), data=raw, content_type="application/json",
                           headers=api_targets.headers)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_text"
    assert response.json["error"]["message"].startswith("提交的内容含有")
    assert spec.stored(api_targets) is None


@pytest.mark.parametrize("name", FIELDS)
def test_ten_times_the_limit_is_refused_in_chinese(client, api_targets, name):
    response = post(client, api_targets, name, too_long(FIELDS[name].limit))
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json["error"]["message"])
    assert FIELDS[name].stored(api_targets) is None


@pytest.mark.parametrize("url", [
    f"/api/v1/tickets/{HUGE}/recall", f"/api/v1/tickets/{HUGE * 10**6}/start",
    f"/api/v1/windows/{HUGE}/call-next", f"/api/v1/tickets/{HUGE}/transfer",
    f"/api/v1/tickets/{2**31}/finish", f"/api/v1/windows/{2**31}/status"])
def test_ids_beyond_any_column_are_not_found(client, api_targets, url):
    response = client.post(url, json={"window": 3}, headers=api_targets.headers)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("body", [{"window": HUGE * 10**6}, {"window": -HUGE * 10**6},
                                  {"category": "civil", "extra": [1, {"x": 10**30}]}])
def test_numbers_beyond_any_column_are_refused(client, api_targets, body):
    response = client.post(f"/api/v1/tickets/{api_targets.done.id}/transfer", json=body,
                           headers=api_targets.headers)
    assert response.status_code == 400 and response.json["error"]["message"] == "数值超出允许范围"


@pytest.mark.parametrize("path", ["/api/v1/tickets/%00", "/api/v1/items/A%01B",
                                  "/api/v1/items?q=%00", "/api/v1/progress?case_no=1&code=%1f"])
def test_nul_and_controls_in_the_url_are_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_text"


POSTS = ["/api/v1/tickets", "/api/v1/ratings", "/api/v1/complaints", "/api/v1/cases",
         "/api/v1/auth/token", "/api/v1/auth/password", "/api/v1/windows/3/status"]


@pytest.mark.parametrize("url", POSTS)
@pytest.mark.parametrize("raw", ["[]", '"A"', "1", "null", "true", "[" * 50_000 + "]" * 50_000,
                                 b"\xff\xfe{", "{\"category\": NaN", ""],
                         ids=["list", "string", "number", "null", "bool", "deep", "not-utf8",
                              "broken", "empty"])
def test_bodies_that_are_not_json_objects_are_refused(client, api_targets, url, raw):
    before = count(Case) + count(Rating) + count(Complaint)
    response = client.post(url, data=raw, content_type="application/json",
                           headers=api_targets.headers)
    assert response.status_code == 400, response.json
    assert count(Case) + count(Rating) + count(Complaint) == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/xml"])
def test_json_sent_under_another_content_type_is_refused(client, api_targets, content_type):
    response = client.post("/api/v1/tickets", data='{"category": "civil"}',
                           content_type=content_type)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("body", ['{"ticket_token": "x", "level": NaN}',
                                  '{"ticket_token": "x", "level": Infinity}',
                                  '{"ticket_token": "x", "level": 1e400}'])
def test_numbers_json_does_not_know_are_refused(client, api_targets, body):
    response = client.post("/api/v1/ratings", data=body, content_type="application/json")
    assert response.status_code == 400 and count(Rating) == 0


@pytest.mark.parametrize("last_id", [str(HUGE * 10**6), "-5", "abc", "١٢", ""])
def test_the_event_stream_takes_any_last_event_id(client, api_targets, last_id):
    response = client.get("/api/v1/events", headers={"Last-Event-ID": last_id}, buffered=False)
    assert response.status_code == 200
    assert next(iter(response.response)).startswith(b"retry:")
    response.close()


@pytest.mark.parametrize("url, role", [
    (f"/cases/new?window={HUGE}&ticket={HUGE}", "staff"), (f"/public/cases?page={HUGE}", None),
    (f"/audit/?page={HUGE}", "auditor"), (f"/api/v1/cases?window={HUGE}", None)])
def test_huge_numbers_in_page_queries_are_harmless(client, auth, api_targets, url, role):
    if role == "staff":
        auth.login(api_targets.staff.username)
    elif role:
        auth.login_as(role)
    assert client.get(url, headers=api_targets.headers).status_code == 200

"""One submission, one result: form tokens and Idempotency-Key on cases, ratings, complaints."""
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hall.auth.models import User
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases.models import Case
from hall.complaints.models import Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.items.models import Item
from hall.queue import tickets
from hall.queue.models import Ticket
from hall.ratings.models import Rating
from hall.web import idempotency
from hall.web.idempotency import Submission
from tests.factories import PASSWORD, TEST_ACTOR

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
COMPLAINT = {"kind": "complaint", "content": "3号窗口等候时间过长", "name": "李四",
             "phone": "13800001234"}
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


@dataclass(frozen=True)
class FinishedTicketHall:
    staff: User         # window 7's staff member
    item: Item
    done: Ticket        # served at window 7, ready to be rated


@pytest.fixture
def finished_ticket_hall(make, freeze_time) -> FinishedTicketHall:
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff")
    category = make.category(code="civil", name="社会事务", prefix="A")
    window = make.window(no=7, categories=[category], staff_a_id=staff.id)
    item = make.item(code="62052400SCJ-XK-0099", promised_days=5, legal_days=20)
    make.material(item, name="申请书")
    done = tickets.issue_ticket(category, clock.now())
    tickets.finish(tickets.call_next(window, Actor.of(staff), clock.now()), Actor.of(staff), clock.now())
    db.session.commit()
    return FinishedTicketHall(staff=staff, item=item, done=done)


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def bearer(client, user) -> dict:
    token = client.post("/api/v1/auth/token", json={"username": user.username,
                                                     "password": PASSWORD}).json["token"]
    return {"Authorization": "Bearer " + token}


# -- the mechanism ---------------------------------------------------------------------------

def test_a_key_is_claimed_once_and_then_names_the_first_result(app, finished_ticket_hall):
    now = clock.now()
    first = idempotency.claim("case", "k-1", now, fingerprint="f")
    assert first.id is not None and not first.repeated
    idempotency.complete(first, "CASE-1", 201)
    db.session.commit()
    again = idempotency.claim("case", "k-1", now, fingerprint="f")
    assert again.repeated and (again.first.resource, again.first.status) == ("CASE-1", 201)
    assert not idempotency.claim("rating", "k-1", now, fingerprint="f").repeated   # own scope
    assert not idempotency.claim("case", "k-1", now, owner="user:2", fingerprint="f").repeated
    with pytest.raises(DomainError) as reused:
        idempotency.claim("case", "k-1", now, fingerprint="other")
    assert reused.value.status == 422 and reused.value.code == "idempotency_key_reused"
    assert idempotency.claim("case", "", now) is idempotency.NO_KEY


def test_a_failed_attempt_leaves_the_key_free_and_keys_are_stored_hashed(app, finished_ticket_hall):
    held = idempotency.claim("complaint", "secret-key", clock.now())
    db.session.rollback()                      # the action failed: nothing kept
    assert count(Submission) == 0
    held = idempotency.claim("complaint", "secret-key", clock.now())
    idempotency.complete(held, 5, 201)
    db.session.commit()
    row = db.session.scalar(select(Submission))
    assert "secret-key" not in (row.key_hash + row.fingerprint + row.resource)
    released = idempotency.claim("complaint", "other-key", clock.now())
    idempotency.release(released)
    db.session.commit()
    assert count(Submission) == 1


def test_housekeeping_forgets_keys_after_a_week(app, finished_ticket_hall, runner, freeze_time):
    idempotency.complete(idempotency.claim("case", "old", clock.now()), "X", 201)
    db.session.commit()
    freeze_time("2026-12-07 09:00")
    idempotency.complete(idempotency.claim("case", "new", clock.now()), "Y", 201)
    db.session.commit()
    freeze_time("2026-12-08 11:00")
    result = runner.invoke(args=["housekeeping"])
    assert result.exit_code == 0 and "1 个过期的防重复提交标识" in result.output
    assert db.session.scalars(select(Submission.resource)).all() == ["Y"]


# -- the API: Idempotency-Key ------------------------------------------------------------------

def test_a_repeated_case_post_returns_the_first_case_and_creates_nothing(client,
                                                                         finished_ticket_hall):
    headers = bearer(client, finished_ticket_hall.staff)
    body = {"item": finished_ticket_hall.item.code, "applicant": PERSON, "window": 7,
            "materials": []}
    keyed = {**headers, "Idempotency-Key": "0b6f6a1e-acceptance-1"}
    first = client.post("/api/v1/cases", json=body, headers=keyed)
    again = client.post("/api/v1/cases", json=body, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and count(Case) == 1
    other = client.post("/api/v1/cases", json=body,
                        headers={**headers, "Idempotency-Key": "0b6f6a1e-acceptance-2"})
    assert other.status_code == 201 and other.json["case_no"] != first.json["case_no"]
    changed = client.post("/api/v1/cases", json={**body, "materials": [1]}, headers=keyed)
    assert changed.status_code == 422
    assert changed.json["error"]["code"] == "idempotency_key_reused"
    assert "不同的提交" in changed.json["error"]["message"]
    unkeyed = [client.post("/api/v1/cases", json=body, headers=headers) for _ in range(2)]
    assert [r.status_code for r in unkeyed] == [201, 201] and count(Case) == 4


@pytest.mark.parametrize("key", ["", "x" * 201, "带中文", "a b", "tab\tkey"])
def test_a_malformed_key_is_400_in_chinese(client, finished_ticket_hall, key):
    response = client.post("/api/v1/complaints", json=COMPLAINT,
                           headers={"Idempotency-Key": key.encode().decode("latin-1")})
    assert response.status_code == 400
    assert response.json["error"]["message"] == idempotency.BAD_KEY
    assert count(Complaint) == 0


def test_a_refused_case_keeps_its_key_free_for_the_corrected_one(client, finished_ticket_hall):
    keyed = {**bearer(client, finished_ticket_hall.staff), "Idempotency-Key": "retry-after-fix"}
    body = {"item": finished_ticket_hall.item.code, "window": 7, "materials": []}
    bad = client.post("/api/v1/cases", json={**body, "applicant": {**PERSON, "id_number": "1"}},
                      headers=keyed)
    assert bad.status_code == 400 and count(Case) == 0
    # A key names one request: the corrected body is another request, with its own key.
    good = client.post("/api/v1/cases", json={**body, "applicant": PERSON}, headers=keyed)
    assert good.status_code == 201 and count(Case) == 1


def test_a_repeated_complaint_returns_the_first_and_stores_one(client, finished_ticket_hall):
    keyed = {"Idempotency-Key": "complaint-42"}
    first = client.post("/api/v1/complaints", json=COMPLAINT, headers=keyed)
    again = client.post("/api/v1/complaints", json=COMPLAINT, headers=keyed)
    assert first.status_code == again.status_code == 201 and again.json == first.json
    assert count(Complaint) == 1
    other = client.post("/api/v1/complaints", json=COMPLAINT, headers={"Idempotency-Key": "43"})
    assert other.status_code == 201 and count(Complaint) == 2


def test_a_repeated_rating_answers_201_again_instead_of_409(client, finished_ticket_hall):
    body = {"ticket_token": finished_ticket_hall.done.token, "level": 5, "comment": "很好"}
    keyed = {"Idempotency-Key": "rating-1"}
    first = client.post("/api/v1/ratings", json=body, headers=keyed)
    again = client.post("/api/v1/ratings", json=body, headers=keyed)
    assert first.status_code == again.status_code == 201 and again.json == first.json
    other = client.post("/api/v1/ratings", json=body, headers={"Idempotency-Key": "rating-2"})
    assert other.status_code == 409 and other.json["error"]["code"] == "already_rated"
    assert count(Rating) == 1


def test_the_header_is_in_the_openapi_description(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/cases", "/api/v1/ratings", "/api/v1/complaints"):
        names = [p["name"] for p in paths[path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
        assert "422" in paths[path]["post"]["responses"]


# -- pages: the one-time token ---------------------------------------------------------------

def form_token(client, url: str) -> str:
    found = TOKEN.findall(client.get(url).get_data(as_text=True))
    assert len(found) == 1, url
    return found[0]


def test_the_acceptance_form_posted_twice_makes_one_case(client, finished_ticket_hall, auth):
    auth.login(finished_ticket_hall.staff.username)
    url = f"/cases/new?window=7&item={finished_ticket_hall.item.code}"
    token = form_token(client, url)
    assert token != form_token(client, url)            # a fresh token for every form shown
    form = {"window": "7", "item": finished_ticket_hall.item.code, "applicant_type": "person",
            "name": "王小明", "id_number": "11010519491231002X", "phone": "13912345678",
            "action": "accept", "submission_token": token}
    first = client.post("/cases/new", data=form)
    again = client.post("/cases/new", data=form)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"] and count(Case) == 1
    other = client.post("/cases/new", data={**form, "submission_token": form_token(client, url)})
    assert other.headers["Location"] != first.headers["Location"] and count(Case) == 2


def test_a_refused_form_is_shown_again_with_the_same_token(client, finished_ticket_hall, auth):
    auth.login(finished_ticket_hall.staff.username)
    token = form_token(client, f"/cases/new?window=7&item={finished_ticket_hall.item.code}")
    form = {"window": "7", "item": finished_ticket_hall.item.code, "applicant_type": "person",
            "name": "王小明", "id_number": "123", "phone": "13912345678", "action": "accept",
            "submission_token": token}
    refused = client.post("/cases/new", data=form)
    assert refused.status_code == 400 and TOKEN.findall(refused.get_data(as_text=True)) == [token]
    fixed = client.post("/cases/new", data={**form, "id_number": "11010519491231002X"})
    assert fixed.status_code == 302 and count(Case) == 1
    stale = client.post("/cases/new", data={**form, "submission_token": "坏" * 3})
    assert stale.status_code == 400 and "表单已失效" in stale.get_data(as_text=True)


def test_the_complaint_form_posted_twice_stores_one_and_thanks_twice(client, finished_ticket_hall):
    token = form_token(client, "/complaints/new")
    form = {**COMPLAINT, "submission_token": token}
    first = client.post("/complaints/new", data=form)
    thanks = client.get("/complaints/thanks").get_data(as_text=True)
    assert first.status_code == 302 and "已收到您的投诉" in thanks
    again = client.post("/complaints/new", data=form)
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert "已收到您的投诉" in client.get("/complaints/thanks").get_data(as_text=True)
    assert count(Complaint) == 1
    client.post("/complaints/new", data={**form, "submission_token": form_token(
        client, "/kiosk/complaints")})
    assert count(Complaint) == 2


def test_the_phone_rating_posted_twice_thanks_twice_and_rates_once(client, finished_ticket_hall):
    url = f"/t/{finished_ticket_hall.done.token}/rate"
    form = {"level": "5", "comment": "", "submission_token": form_token(client, url)}
    first = client.post(url, data=form)
    again = client.post(url, data=form)
    assert first.status_code == again.status_code == 200
    assert "感谢您的评价！" in first.get_data(as_text=True)
    assert "感谢您的评价！" in again.get_data(as_text=True)
    assert count(Rating) == 1
    # Another form (another tab) for the same service: already rated, as before.
    late = client.post(url, data={**form, "submission_token": "another-tab-token"})
    assert late.status_code == 200 and "您已评价" in late.get_data(as_text=True)
    assert count(Rating) == 1


def test_old_keys_do_not_block_new_forms(app, finished_ticket_hall, freeze_time):
    held = idempotency.claim("case", "k", clock.now())
    idempotency.complete(held, "A", 303)
    db.session.commit()
    freeze_time(clock.local(clock.now() + timedelta(days=idempotency.KEEP_DAYS + 1)))
    assert idempotency.purge(clock.now()) == 1
    assert not idempotency.claim("case", "k", clock.now()).repeated

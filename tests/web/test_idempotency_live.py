"""Five identical posts at the same instant, through gunicorn: one record, five same answers."""
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from hall.calendar.services import sync_from_chinesecalendar
from hall.cases.models import Case
from hall.complaints.models import Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets
from hall.ratings.models import Rating
from tests.factories import PASSWORD, TEST_ACTOR
from tests.live import call, gunicorn

pytestmark = pytest.mark.slow

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
COMPLAINT = {"kind": "complaint", "content": "3号窗口等候时间过长", "name": "李四",
             "phone": "13800001234"}
COPIES = 5


@dataclass(frozen=True)
class TwoFinishedTicketsHall:
    staff: str          # username of window 7's staff member
    item: str           # code of the item accepted at window 7
    done: list[str]     # tokens of the two tickets served there, ready to be rated


@pytest.fixture
def two_finished_tickets_hall(make) -> TwoFinishedTicketsHall:
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff")
    category = make.category(code="civil", name="社会事务", prefix="A")
    window = make.window(no=7, categories=[category], staff_a_id=staff.id)
    item = make.item(code="62052400SCJ-XK-0099", promised_days=5, legal_days=20)
    make.material(item, name="申请书")
    done = [tickets.issue_ticket(category, clock.now()) for _ in range(2)]
    for ticket in done:
        called = tickets.call_next(window, Actor.of(staff), clock.now())
        assert called.id == ticket.id
        tickets.finish(called, Actor.of(staff), clock.now())
    db.session.commit()
    return TwoFinishedTicketsHall(staff=staff.username, item=item.code,
                                  done=[t.token for t in done])


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def together(job, copies: int = COPIES) -> list:
    """`job(n)` run by `copies` threads released at the same instant."""
    start = threading.Barrier(copies)

    def run(n):
        start.wait()
        return job(n)
    with ThreadPoolExecutor(copies) as pool:
        return list(pool.map(run, range(copies)))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, CSRF and the form's hidden fields, as a browser keeps them."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def open(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(), answer.headers.get("Location", "")

    def hidden(self, path: str) -> dict:
        """The hidden csrf_token and submission_token of the form at `path`."""
        status, page, _ = self.open(path)
        assert status == 200, page
        found = {}
        for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", page):
            name = re.search(r'name="(csrf_token|submission_token)"', tag)
            if name:
                found[name.group(1)] = re.search(r'value="([^"]*)"', tag).group(1)
        assert set(found) == {"csrf_token", "submission_token"}, found
        return found

    def login(self, username: str) -> None:
        status, page, _ = self.open("/login")
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', page)
        status, page, _ = self.open("/login", {"username": username, "password": PASSWORD,
                                               "csrf_token": csrf.group(1)})
        assert status == 302, page


def bearer(base: str, username: str) -> dict:
    status, body = call(base, "POST", "/api/v1/auth/token",
                        {"username": username, "password": PASSWORD})
    assert status == 200, body
    return {"Authorization": "Bearer " + body["token"]}


def test_five_identical_acceptances_make_one_case(app, two_finished_tickets_hall, database_url):
    body = {"item": two_finished_tickets_hall.item, "applicant": PERSON, "window": 7,
            "materials": []}
    with gunicorn(database_url, workers=4) as base:
        keyed = {**bearer(base, two_finished_tickets_hall.staff),
                 "Idempotency-Key": "acceptance-7-0001"}
        answers = together(lambda n: call(base, "POST", "/api/v1/cases", body, keyed))
        assert count(Case) == 1
        browser = Browser(base)
        browser.login(two_finished_tickets_hall.staff)
        path = f"/cases/new?window=7&item={two_finished_tickets_hall.item}"
        form = {**browser.hidden(path), "window": "7", "item": two_finished_tickets_hall.item,
                "applicant_type": "person", "name": "王小明",
                "id_number": "11010519491231002X", "phone": "13912345678", "action": "accept"}
        pages = together(lambda n: browser.open("/cases/new", form))
        assert count(Case) == 2
        different = together(lambda n: browser.open("/cases/new", {
            **form, **browser.hidden(path)}))
    assert {status for status, _ in answers} == {201}
    assert len({repr(sorted(body.items())) for _, body in answers}) == 1
    assert [status for status, _, _ in pages] == [302] * COPIES
    assert len({location for _, _, location in pages}) == 1
    assert [status for status, _, _ in different] == [302] * COPIES
    assert len({location for _, _, location in different}) == COPIES
    assert count(Case) == 2 + COPIES


def test_five_identical_complaints_store_one(app, two_finished_tickets_hall, database_url):
    with gunicorn(database_url, workers=4) as base:
        answers = together(lambda n: call(base, "POST", "/api/v1/complaints", COMPLAINT,
                                          {"Idempotency-Key": "complaint-0001"}))
        assert count(Complaint) == 1
        browser = Browser(base)
        form = {**browser.hidden("/complaints/new"), **COMPLAINT}
        pages = together(lambda n: browser.open("/complaints/new", form))
        assert count(Complaint) == 2
        keys = together(lambda n: call(base, "POST", "/api/v1/complaints", COMPLAINT,
                                       {"Idempotency-Key": f"complaint-1{n:03d}"}))
    assert [status for status, _ in answers] == [201] * COPIES
    assert len({body["id"] for _, body in answers}) == 1
    assert [status for status, _, _ in pages] == [302] * COPIES
    assert len({body["id"] for _, body in keys}) == COPIES
    assert count(Complaint) == 2 + COPIES


def test_five_identical_ratings_rate_once_and_all_answer_well(app, two_finished_tickets_hall,
                                                              database_url):
    api_token, page_token = two_finished_tickets_hall.done
    body = {"ticket_token": api_token, "level": 2, "reasons": ["等候时间长"]}
    with gunicorn(database_url, workers=4) as base:
        answers = together(lambda n: call(base, "POST", "/api/v1/ratings", body,
                                          {"Idempotency-Key": "rating-0001"}))
        browser = Browser(base)
        path = f"/t/{page_token}/rate"
        form = {**browser.hidden(path), "level": "5", "comment": ""}
        pages = together(lambda n: browser.open(path, form))
    assert [status for status, _ in answers] == [201] * COPIES
    assert len({body["id"] for _, body in answers}) == 1
    assert [status for status, _, _ in pages] == [200] * COPIES
    assert all("感谢您的评价！" in page for _, page, _ in pages)     # not "您已评价" for four
    assert count(Rating) == 2

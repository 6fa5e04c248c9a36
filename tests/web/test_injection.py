"""Script payloads typed into text fields stay inert on every page that shows them."""
from dataclasses import dataclass

import pytest

from hall.auth.models import User
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.cases.models import Case
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.items.models import Item
from hall.queue import tickets
from hall.queue.models import Ticket
from hall.windows.models import Window
from tests.factories import TEST_ACTOR

PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']
RAW_MARKERS = ["<script>alert(1)", "<img src=x onerror"]


@pytest.fixture
def poisoned(make, freeze_time):
    """Every kind of record with a payload in its text fields."""
    return hall_with_text(make, freeze_time, " ".join(PAYLOADS), PAYLOADS[0])


@dataclass(frozen=True)
class TextHall:
    """One record of every kind whose text fields carry the same text."""

    item: Item
    window: Window
    ticket: Ticket
    case: Case
    staff: User


def hall_with_text(make, freeze_time, text: str, short: str) -> TextHall:
    """A hall whose text fields carry `text` (`short` where a column holds only 40)."""
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    department = make.department(name="部门" + text)
    item = make.item(department=department, name="事项" + text, legal_basis=text,
                     conditions=text, procedure=text, place=text)
    material = make.material(item, name="材料" + text, requirements=text)
    category = make.category(name="类别" + short[:20], description=text, items=[item])
    staff = make.user(role="staff", name="员工" + short)
    window = make.window(name="窗口" + text, categories=[category], staff_a_id=staff.id)
    ticket = tickets.issue_ticket(category, clock.now())
    applicant = {"type": "org", "name": "单位" + text, "credit_code": "91350100M000100Y43",
                 "contact": "联系人", "phone": "0938-6521234"}
    case = cases.accept(Actor.of(staff), clock.now(), item=item, applicant=applicant,
                        handed_in={material.id}, window=window)
    cases.suspend(Actor.of(staff), clock.now(), case, "supplement", note=text)
    db.session.commit()
    return TextHall(item=item, window=window, ticket=ticket, case=case, staff=staff)


def public_pages(hall: TextHall) -> list[str]:
    """Every public page that shows what the hall's records hold."""
    item, case, ticket = hall.item, hall.case, hall.ticket
    return ["/kiosk", "/guide/", f"/guide/?q={item.name[:4]}",
            f"/guide/?department={item.department.code}", f"/guide/items/{item.code}",
            f"/guide/items/{item.code}/print", f"/t/{ticket.token}", f"/p/{case.token}",
            "/public/cases", "/display", f"/windows/{hall.window.no}/screen"]


def staff_pages(hall: TextHall, role: str) -> list[str]:
    """The pages of one role that show what the hall's records hold."""
    case_no = hall.case.case_no
    return {
        "admin": ["/admin/departments", "/admin/items", f"/admin/items/{hall.item.id}",
                  "/admin/categories/", "/admin/windows/", "/admin/users/", "/staff"],
        "staff": ["/cases/", f"/cases/{case_no}", f"/cases/{case_no}/receipt",
                  f"/windows/{hall.window.no}", "/staff"],
        "auditor": ["/audit/"],
        "manager": ["/cases/", f"/cases/{case_no}", "/followups", "/staff"],
    }[role]


def assert_inert(html: str, page: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, page


def test_the_payload_really_reaches_the_page_escaped(client, poisoned):
    html = client.get(f"/guide/items/{poisoned.item.code}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_public_pages_escape_every_payload(client, poisoned):
    for page in public_pages(poisoned):
        response = client.get(page)
        assert response.status_code == 200, page
        assert_inert(response.get_data(as_text=True), page)


def test_public_json_carries_payloads_as_data_only(client, poisoned):
    body = client.get(f"/api/v1/items/{poisoned.item.code}").get_data(as_text=True)
    assert "\\u003cscript" in body or "<script>" in body     # JSON, not HTML: shown via textContent
    assert client.get(f"/api/v1/items/{poisoned.item.code}").mimetype == "application/json"


@pytest.mark.parametrize("role", ["admin", "staff", "auditor", "manager"])
def test_staff_pages_escape_every_payload(client, poisoned, auth, role):
    if role == "staff":
        auth.login(poisoned.staff.username)
    else:
        auth.login_as(role)
    for page in staff_pages(poisoned, role):
        response = client.get(page)
        assert response.status_code == 200, page
        assert_inert(response.get_data(as_text=True), page)

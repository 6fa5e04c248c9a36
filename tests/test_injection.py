"""Script payloads typed into text fields stay inert on every page that shows them."""
import pytest

from hall import clock
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.extensions import db
from hall.queue import tickets
from tests.factories import TEST_ACTOR

PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']
RAW_MARKERS = ["<script>alert(1)", "<img src=x onerror"]


@pytest.fixture
def poisoned(make, freeze_time):
    """Every kind of record with a payload in its text fields."""
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    bad = " ".join(PAYLOADS)
    department = make.department(name="部门" + bad)
    item = make.item(department=department, name="事项" + bad, legal_basis=bad, conditions=bad,
                     procedure=bad, place=bad)
    material = make.material(item, name="材料" + bad, requirements=bad)
    category = make.category(name="类别" + PAYLOADS[0][:20], description=bad, items=[item])
    staff = make.user(role="staff", name="员工" + PAYLOADS[0])     # the column holds 40
    window = make.window(name="窗口" + bad, categories=[category], staff_a_id=staff.id)
    ticket = tickets.issue_ticket(category, clock.now())
    applicant = {"type": "org", "name": "单位" + bad, "credit_code": "91350100M000100Y43",
                 "contact": "联系人", "phone": "0938-6521234"}
    case = cases.accept(staff, clock.now(), item=item, applicant=applicant,
                        handed_in={material.id}, window=window)
    cases.suspend(staff, clock.now(), case, "supplement", note=bad)
    db.session.commit()
    return {"item": item, "window": window, "ticket": ticket, "case": case, "staff": staff}


def assert_inert(html: str, page: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, page


def test_the_payload_really_reaches_the_page_escaped(client, poisoned):
    html = client.get(f"/guide/items/{poisoned['item'].code}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_public_pages_escape_every_payload(client, poisoned):
    item, case, ticket = poisoned["item"], poisoned["case"], poisoned["ticket"]
    pages = ["/kiosk", "/guide/", f"/guide/?q={item.name[:4]}",
             f"/guide/?department={item.department.code}", f"/guide/items/{item.code}",
             f"/guide/items/{item.code}/print", f"/t/{ticket.token}", f"/p/{case.token}",
             "/public/cases", "/display", f"/windows/{poisoned['window'].no}/screen"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_inert(response.get_data(as_text=True), page)


def test_public_json_carries_payloads_as_data_only(client, poisoned):
    body = client.get(f"/api/v1/items/{poisoned['item'].code}").get_data(as_text=True)
    assert "\\u003cscript" in body or "<script>" in body     # JSON, not HTML: shown via textContent
    assert client.get(f"/api/v1/items/{poisoned['item'].code}").mimetype == "application/json"


@pytest.mark.parametrize("role", ["admin", "staff", "auditor", "manager"])
def test_staff_pages_escape_every_payload(client, poisoned, auth, role):
    if role == "staff":
        auth.login(poisoned["staff"].username)
    else:
        auth.login_as(role)
    case_no = poisoned["case"].case_no
    pages = {
        "admin": ["/admin/departments", "/admin/items", f"/admin/items/{poisoned['item'].id}",
                  "/admin/categories/", "/admin/windows/", "/admin/users/", "/staff"],
        "staff": ["/cases/", f"/cases/{case_no}", f"/cases/{case_no}/receipt",
                  f"/windows/{poisoned['window'].no}", "/staff"],
        "auditor": ["/audit/"],
        "manager": ["/cases/", f"/cases/{case_no}", "/followups", "/staff"],
    }[role]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_inert(response.get_data(as_text=True), page)

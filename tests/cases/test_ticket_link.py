"""A case is linked only to the window's own current ticket (page and API)."""
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from hall.auth.models import User
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services
from hall.cases.models import Case, CaseCounter
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.items.models import Item
from hall.queue import tickets
from hall.queue.models import Category, Ticket
from hall.windows.models import Window
from tests.factories import PASSWORD, TEST_ACTOR

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
REFUSED = "只能关联本窗口当前叫号或正在办理的号码"


@dataclass(frozen=True)
class SharedLineHall:
    staff: User             # window 7's staff member
    w7: Window
    item: Item
    own: Ticket             # called at window 7
    other: Ticket           # being served at window 8
    category: Category      # the line of both windows, one ticket still waiting


@pytest.fixture
def shared_line_hall(make, freeze_time) -> SharedLineHall:
    """Windows 7 and 8 on one line, each with its own staff, each serving one ticket."""
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    category = make.category(code="market", name="市场监管", prefix="M")
    mine, theirs = make.user(role="staff"), make.user(role="staff")
    w7 = make.window(no=7, categories=[category], staff_a_id=mine.id)
    w8 = make.window(no=8, categories=[category], staff_a_id=theirs.id)
    item = make.item(code="62052400SCJ-XK-0099", promised_days=5, legal_days=20)
    make.material(item, name="申请书")
    for _ in range(3):
        tickets.issue_ticket(category, clock.now())
    at_7 = tickets.call_next(w7, Actor.of(mine), clock.now())
    at_8 = tickets.call_next(w8, Actor.of(theirs), clock.now())
    tickets.start(at_8, Actor.of(theirs), clock.now())
    db.session.commit()
    return SharedLineHall(staff=mine, w7=w7, item=item, own=at_7, other=at_8,
                          category=category)


def stored() -> tuple[int, int]:
    """Cases, and numbers drawn from the case counter (a refused one gives its number back)."""
    cases = db.session.scalar(select(func.count()).select_from(Case))
    drawn = db.session.scalar(select(func.coalesce(func.sum(CaseCounter.last_seq), 0)))
    return cases, drawn


def accept_with(floor: SharedLineHall, ticket_id):
    return services.accept(Actor.of(floor.staff), clock.now(), item=floor.item, applicant=PERSON,
                           handed_in=set(), window=floor.w7, ticket_id=ticket_id)


def test_the_service_accepts_the_windows_own_current_ticket_only(shared_line_hall):
    case = accept_with(shared_line_hall, shared_line_hall.own.id)
    assert case.ticket_id == shared_line_hall.own.id
    db.session.commit()
    with pytest.raises(DomainError, match=REFUSED) as refused:
        accept_with(shared_line_hall, shared_line_hall.other.id)
    assert refused.value.fields == {"ticket_id": REFUSED}
    db.session.rollback()
    assert stored() == (1, 1)


def test_a_finished_or_waiting_ticket_is_not_current(shared_line_hall):
    waiting = db.session.scalar(select(Ticket).where(Ticket.status == "waiting"))
    tickets.finish(shared_line_hall.own, Actor.of(shared_line_hall.staff), clock.now())
    db.session.commit()
    for ticket in (shared_line_hall.own, waiting):
        with pytest.raises(DomainError, match=REFUSED):
            accept_with(shared_line_hall, ticket.id)
        db.session.rollback()
    with pytest.raises(DomainError, match=REFUSED):
        services.refuse(Actor.of(shared_line_hall.staff), clock.now(), item=shared_line_hall.item,
                        applicant=PERSON, window=shared_line_hall.w7, reason="不属于本机关职权范围",
                        ticket_id=shared_line_hall.other.id)
    db.session.rollback()
    assert stored() == (0, 0)


def test_the_api_refuses_another_windows_ticket_in_chinese(client, shared_line_hall):
    token = client.post("/api/v1/auth/token", json={"username": shared_line_hall.staff.username,
                                                     "password": PASSWORD}).json["token"]
    body = {"item": shared_line_hall.item.code, "applicant": PERSON, "window": 7, "materials": []}
    headers = {"Authorization": "Bearer " + token}
    refused = client.post("/api/v1/cases", json={**body, "ticket_id": shared_line_hall.other.id},
                          headers=headers)
    assert refused.status_code == 400
    assert refused.json["error"]["fields"] == {"ticket_id": REFUSED}
    assert stored() == (0, 0)
    accepted = client.post("/api/v1/cases", json={**body, "ticket_id": shared_line_hall.own.id},
                           headers=headers)
    assert accepted.status_code == 201
    assert db.session.scalar(select(Case.ticket_id)) == shared_line_hall.own.id


def test_the_page_refuses_another_windows_ticket_in_chinese(client, shared_line_hall, auth):
    auth.login(shared_line_hall.staff.username)
    form = {"window": "7", "item": shared_line_hall.item.code, "applicant_type": "person",
            "name": "王小明", "id_number": "11010519491231002X", "phone": "13912345678",
            "action": "accept"}
    refused = client.post("/cases/new", data={**form, "ticket": str(shared_line_hall.other.id)})
    assert refused.status_code == 400
    assert REFUSED in refused.get_data(as_text=True)
    assert stored() == (0, 0)
    accepted = client.post("/cases/new", data={**form, "ticket": str(shared_line_hall.own.id)})
    assert accepted.status_code == 302
    assert db.session.scalar(select(Case.ticket_id)) == shared_line_hall.own.id

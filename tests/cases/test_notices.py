"""The applicant's SMS: 补正 needed (the notice, or the clock stopped for it) and 办结."""
from sqlalchemy import select

from hall.cases import services
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.notify.models import OutboxMessage
from tests.cases.test_services import ORG, PERSON, accept, three_material_desk  # noqa: F401


def messages(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_a_one_time_notice_tells_the_applicant_what_to_bring(three_material_desk):
    case = accept(three_material_desk, handed=(1,))
    db.session.commit()
    told = messages("case_supplement")
    assert case.status == "awaiting_supplement" and len(told) == 1
    assert told[0].phone == PERSON["phone"] and case.case_no in told[0].text
    assert "需要补正材料" in told[0].text and PERSON["name"] not in told[0].text


def test_stopping_the_clock_for_supplement_tells_once_per_stop(three_material_desk):
    desk = three_material_desk
    case = accept(desk)
    staff = Actor.of(desk.staff)
    services.suspend(staff, clock.now(), case, "supplement", "缺少签字页")
    services.resume(staff, clock.now(), case)
    services.suspend(staff, clock.now(), case, "supplement", "仍缺签字页")
    db.session.commit()
    assert len(messages("case_supplement")) == 2


def test_closing_tells_the_applicant_but_a_withdrawal_does_not(three_material_desk):
    desk = three_material_desk
    approved, withdrawn = accept(desk), accept(desk)
    services.close(Actor.of(desk.staff), clock.now(), approved, "approved")
    services.close(Actor.of(desk.staff), clock.now(), withdrawn, "withdrawn")
    db.session.commit()
    told = messages("case_closed")
    assert len(told) == 1 and approved.case_no in told[0].text and "已办结" in told[0].text


def test_a_landline_gets_no_sms(three_material_desk):
    case = accept(three_material_desk, applicant=ORG)
    services.close(Actor.of(three_material_desk.staff), clock.now(), case, "approved")
    db.session.commit()
    assert messages("case_closed") == []

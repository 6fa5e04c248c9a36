"""Cases and the legal clock on the 2026 calendar (dates worked out by hand, see comments)."""
from dataclasses import dataclass
from datetime import date

import pytest

from hall.auth.models import User
from hall.calendar.models import CalendarYear
from hall.calendar.services import load_calendar, sync_from_chinesecalendar
from hall.cases import deadlines, queries, services
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError, Forbidden
from hall.core.extensions import db
from hall.items.models import Item, Material
from hall.windows.models import Window
from tests.factories import TEST_ACTOR

PERSON = {"type": "person", "name": "张三丰", "id_number": "11010519491231002X",
          "phone": "13812345678"}
ORG = {"type": "org", "name": "安宁县青禾农业有限公司", "credit_code": "91350100M000100Y43",
       "contact": "李四", "phone": "0938-6521234"}


@dataclass(frozen=True)
class ThreeMaterialDesk:
    staff: User
    window: Window
    item: Item
    materials: list[Material]   # 申请表 (required), 营业执照 (deferrable), 委托书 (optional)


@pytest.fixture
def three_material_desk(make, freeze_time) -> ThreeMaterialDesk:
    freeze_time("2026-12-01 10:00")          # a Tuesday
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff")
    window = make.window(no=7, staff_a_id=staff.id)
    item = make.item(promised_days=5, legal_days=20)
    forms = [make.material(item, name="申请表", required=True),
             make.material(item, name="营业执照", required=True, deferrable=True),
             make.material(item, name="委托书", required=False)]
    return ThreeMaterialDesk(staff=staff, window=window, item=item, materials=forms)


def accept(desk: ThreeMaterialDesk, handed=(0, 1), **extra):
    ids = {desk.materials[i].id for i in handed}
    return services.accept(Actor.of(desk.staff), clock.now(), item=extra.pop("item", desk.item),
                           applicant=extra.pop("applicant", PERSON), handed_in=ids,
                           window=desk.window, **extra)


def test_deadline_is_the_nth_working_day_after_acceptance(three_material_desk):
    case = accept(three_material_desk)
    # Tue 12-01 accepted; Wed 2, Thu 3, Fri 4, Mon 7, Tue 8 -> 5th working day is 12-08.
    assert case.status == "in_progress" and case.due_date == date(2026, 12, 8)
    # 20 working days: 2,3,4 | 7-11 | 14-18 | 21-25 | 28, 29 -> 12-29.
    assert case.legal_due_date == date(2026, 12, 29)
    # One working day left (<= max(1, 20% of 5)) from Mon 12-07.
    assert case.yellow_from == date(2026, 12, 7)
    assert len(case.case_no) == 18 and case.case_no.endswith("202612010001")
    assert len(case.query_code) == 6


def test_national_day_and_its_make_up_saturday(three_material_desk, freeze_time):
    freeze_time("2026-09-30 15:00")
    case = accept(three_material_desk)
    # 10-01..10-07 off; Thu 8 (1), Fri 9 (2), make-up Sat 10 (3), Mon 12 (4), Tue 13 (5).
    assert case.due_date == date(2026, 10, 13)


def test_a_deadline_can_fall_on_a_make_up_sunday(three_material_desk, freeze_time, make):
    freeze_time("2026-09-17 10:00")           # Thursday
    item = make.item(promised_days=2, legal_days=20)
    case = accept(three_material_desk, handed=(), item=item)
    assert case.status == "in_progress"
    # Fri 18 (1), make-up Sun 20 (2): the deadline stays on that Sunday.
    assert case.due_date == date(2026, 9, 20)


def test_the_warning_turns_yellow_then_red_with_escalation(three_material_desk, freeze_time):
    case = accept(three_material_desk)
    assert deadlines.warning_now(case, clock.now()) == "green"
    freeze_time("2026-12-07 09:00")
    assert deadlines.warning_now(case, clock.now()) == "yellow"
    freeze_time("2026-12-09 09:00")
    assert deadlines.warning_now(case, clock.now()) == "red"
    freeze_time("2026-12-30 09:00")
    rows = queries.case_list(clock.now())
    assert rows[0].warning == "red" and rows[0].escalated


def test_an_immediate_case_open_after_closing_time_is_red(three_material_desk, freeze_time, make):
    item = make.item(promised_days=0, legal_days=0)
    case = accept(three_material_desk, handed=(), item=item)
    assert case.kind == "immediate" and case.due_date == date(2026, 12, 1)
    assert deadlines.warning_now(case, clock.now()) == "green"
    freeze_time("2026-12-01 17:31")
    assert deadlines.warning_now(case, clock.now()) == "red"


def test_pauses_move_the_deadline_by_the_paused_working_days(three_material_desk, freeze_time):
    case = accept(three_material_desk)
    freeze_time("2026-12-02 11:00")
    services.suspend(Actor.of(three_material_desk.staff), clock.now(), case, "supplement", "缺少签字页")
    freeze_time("2026-12-07 09:00")            # yellow by the old deadline, but paused
    assert deadlines.warning_now(case, clock.now()) == "green"
    freeze_time("2026-12-04 16:00")
    services.resume(Actor.of(three_material_desk.staff), clock.now(), case)
    # Paused Thu 3 and Fri 4 (2 working days): 5 + 2 = 7th working day after 12-01 = 12-10.
    assert case.paused_workdays == 2 and case.due_date == date(2026, 12, 10)
    assert case.pauses[0].workdays == 2 and case.pauses[0].ended_on == date(2026, 12, 4)


def test_only_the_items_special_steps_may_pause(three_material_desk):
    case = accept(three_material_desk)
    with pytest.raises(DomainError, match="可暂停计时的情形"):
        services.suspend(Actor.of(three_material_desk.staff), clock.now(), case, "hearing")
    with pytest.raises(Conflict):
        services.resume(Actor.of(three_material_desk.staff), clock.now(), case)


def test_extension_never_goes_beyond_the_legal_limit(three_material_desk):
    case = accept(three_material_desk)
    with pytest.raises(DomainError, match="最多还可延期 15"):
        services.extend(Actor.of(three_material_desk.staff), clock.now(), case, 16, "王局长", "需现场核查")
    with pytest.raises(DomainError):
        services.extend(Actor.of(three_material_desk.staff), clock.now(), case, 3, "", "")
    services.extend(Actor.of(three_material_desk.staff), clock.now(), case, 15, "王局长", "需现场核查")
    assert case.due_date == case.legal_due_date == date(2026, 12, 29)


def test_a_year_without_calendar_gets_a_provisional_deadline(three_material_desk, freeze_time):
    db.session.execute(db.delete(CalendarYear).where(CalendarYear.year == 2027))
    freeze_time("2026-12-28 10:00")
    case = accept(three_material_desk)
    # 12/29-12/31 = 3, 1/1 元旦 (statutory), 1/2-1/3 weekend, 1/4 Mon = 4, 1/5 Tue = 5.
    assert case.due_date == date(2027, 1, 5) and case.due_provisional
    assert case.calendar_missing_year == 2027
    assert deadlines.warning_now(case, clock.now()) == "green"


def test_a_calendar_without_estimate_still_leaves_the_deadline_empty(three_material_desk,
                                                                     freeze_time):
    db.session.execute(db.delete(CalendarYear).where(CalendarYear.year == 2027))
    freeze_time("2026-12-28 10:00")
    case = accept(three_material_desk)
    deadlines.recompute(case, load_calendar())
    assert case.due_date is None and case.calendar_missing_year == 2027
    assert not case.due_provisional
    assert deadlines.warning_now(case, clock.now()) == "unknown"


def test_missing_materials_get_one_notice_and_no_clock(three_material_desk):
    case = accept(three_material_desk, handed=())
    assert case.status == "awaiting_supplement" and case.accepted_at is None
    assert [m.name for m in case.missing_materials] == ["申请表", "营业执照"]
    services.receive_materials(Actor.of(three_material_desk.staff), clock.now(), case,
                               {m.id for m in case.missing_materials})
    assert case.status == "in_progress" and case.due_date == date(2026, 12, 8)


def test_deferrable_materials_allow_acceptance_with_a_promise(three_material_desk):
    case = accept(three_material_desk, handed=(0,), promise_date=date(2026, 12, 4))
    assert case.status == "in_progress" and case.deferred_until == date(2026, 12, 4)
    assert [m.name for m in case.deferred_materials] == ["营业执照"]
    with pytest.raises(Conflict, match="容缺材料尚未补齐"):
        services.close(Actor.of(three_material_desk.staff), clock.now(), case, "approved")
    with pytest.raises(DomainError, match="不能晚于办理期限"):
        accept(three_material_desk, handed=(0,), promise_date=date(2026, 12, 20))


def test_refusal_records_the_reason(three_material_desk):
    case = services.refuse(Actor.of(three_material_desk.staff), clock.now(), item=three_material_desk.item,
                           applicant=ORG, window=three_material_desk.window,
                           reason="不属于本部门职权范围")
    assert case.status == "not_accepted" and case.refusal_reason == "不属于本部门职权范围"
    with pytest.raises(DomainError):
        services.refuse(Actor.of(three_material_desk.staff), clock.now(), item=three_material_desk.item,
                        applicant=ORG, window=three_material_desk.window, reason=" ")


@pytest.mark.parametrize("field, value", [
    ("id_number", "110105194912310021"), ("id_number", "11010519491231002"),
    ("name", ""), ("phone", "12345"),
])
def test_bad_applicants_are_refused_and_nothing_is_stored(three_material_desk, field, value):
    from hall.cases.models import Case
    with pytest.raises(DomainError) as error:
        accept(three_material_desk, applicant={**PERSON, field: value})
    assert field in error.value.fields
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 0


def test_organisations_need_a_valid_credit_code(three_material_desk):
    assert accept(three_material_desk, applicant=ORG).applicant_name == ORG["name"]
    with pytest.raises(DomainError) as error:
        accept(three_material_desk, applicant={**ORG, "credit_code": "91350100M000100Y44"})
    assert "credit_code" in error.value.fields


def test_an_overdue_case_closes_only_with_an_explanation(three_material_desk, freeze_time):
    case = accept(three_material_desk)
    freeze_time("2026-12-09 10:00")
    with pytest.raises(DomainError, match="超期说明"):
        services.close(Actor.of(three_material_desk.staff), clock.now(), case, "approved")
    services.close(Actor.of(three_material_desk.staff), clock.now(), case, "approved",
                   overdue_reason="专家评审延误")
    assert case.closed_on_time is False and case.overdue_reason == "专家评审延误"
    # Working days 12-02..12-09 = 6 used against 5 promised.
    assert case.workdays_used == 6


def test_closing_early_is_counted(three_material_desk, freeze_time):
    case = accept(three_material_desk)
    freeze_time("2026-12-03 15:00")
    services.close(Actor.of(three_material_desk.staff), clock.now(), case, "approved", "准予许可")
    assert case.closed_on_time and case.closed_early and case.workdays_used == 2
    with pytest.raises(DomainError, match="不予许可须写明理由"):
        services.close(Actor.of(three_material_desk.staff), clock.now(), accept(three_material_desk),
                       "rejected")


def test_other_windows_staff_cannot_act(three_material_desk, make):
    case = accept(three_material_desk)
    stranger = make.user(role="staff")
    with pytest.raises(Forbidden):
        services.suspend(Actor.of(stranger), clock.now(), case, "supplement")


def test_figures_per_item_from_one_query(three_material_desk, freeze_time):
    on_time, late = accept(three_material_desk), accept(three_material_desk)
    freeze_time("2026-12-03 10:00")
    services.close(Actor.of(three_material_desk.staff), clock.now(), on_time, "approved")
    freeze_time("2026-12-10 10:00")
    services.close(Actor.of(three_material_desk.staff), clock.now(), late, "approved", overdue_reason="延误")
    accept(three_material_desk)
    whole = queries.figures()[0]
    assert (whole["accepted"], whole["closed"], whole["on_time"], whole["early"]) == (3, 2, 1, 1)
    assert whole["closed_rate"] == round(2 / 3, 4) and whole["on_time_rate"] == 0.5
    assert whole["days_used"] == (2 + 7) / 2          # 12-02..03 = 2; 12-02..10 = 7
    per_item = queries.figures(group_by=queries.GROUPS["item"])
    assert per_item[0]["key"] == three_material_desk.item.id and per_item[0]["accepted"] == 3

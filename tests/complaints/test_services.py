"""Complaint rules at the service level: checking, deadlines, the manager's actions, audit."""
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.calendar.services import import_csv
from hall.complaints import services
from hall.complaints.models import Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError, Forbidden
from hall.core.extensions import db
from hall.events.models import Event
from tests.complaints.conftest import COMPLAINT
from tests.factories import TEST_ACTOR


def count(model=Complaint) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_complaint_is_stored_with_its_reply_deadline(complaints_hall):
    # Received Friday 2026-12-04; 5 working days after (the day itself does not count):
    # Mon 12-07, Tue 12-08, Wed 12-09, Thu 12-10, Fri 12-11 -> 2026-12-11.
    complaint = complaints_hall.complaint()
    assert (complaint.kind, complaint.status, complaint.channel) == ("complaint", "open", "phone")
    assert complaint.window_id == complaints_hall.window.id and complaint.phone == "13912345678"
    assert complaint.reply_due == date(2026, 12, 11)
    assert complaint.calendar_missing_year is None and complaint.is_public


def test_the_deadline_skips_national_day_and_counts_the_make_up_saturday(complaints_hall,
                                                                         freeze_time):
    # Received Wednesday 2026-09-30. 10-01..10-07 are holidays; Thu 10-08 (1), Fri 10-09 (2),
    # Saturday 10-10 is a make-up working day (3), Sunday 10-11 is off, Mon 10-12 (4),
    # Tue 10-13 (5).
    freeze_time("2026-09-30 16:00")
    assert complaints_hall.complaint().reply_due == date(2026, 10, 13)


def test_the_reply_days_come_from_the_setting(complaints_hall):
    services.settings.update(TEST_ACTOR, {"complaint_reply_days": 1})
    assert complaints_hall.complaint().reply_due == date(2026, 12, 7)


def test_a_deadline_in_an_unloaded_year_is_flagged_then_filled_in(complaints_hall, freeze_time):
    # Received Monday 2026-12-28: 29, 30, 31 December count, then 2027 is not loaded.
    freeze_time("2026-12-28 10:00")
    complaint = complaints_hall.complaint()
    assert complaint.reply_due is None and complaint.calendar_missing_year == 2027
    assert services.fill_in_dues(clock.now()) == 0
    # 2027 arrives: 01-01 (Friday) is a holiday, so Mon 01-04 (4), Tue 01-05 (5).
    import_csv(TEST_ACTOR, clock.now(), "date,kind,name\n2027-01-01,holiday,元旦\n")
    assert services.fill_in_dues(clock.now()) == 1
    assert complaint.reply_due == date(2027, 1, 5) and complaint.calendar_missing_year is None


def test_overdue_means_unanswered_after_the_deadline(complaints_hall, freeze_time):
    complaint = complaints_hall.complaint()
    assert not complaint.is_overdue(date(2026, 12, 11))
    assert complaint.is_overdue(date(2026, 12, 14))
    freeze_time("2026-12-14 09:00")
    services.answer(Actor.of(complaints_hall.manager), complaint, "已核实并整改。", clock.now())
    assert not complaint.is_overdue(date(2026, 12, 14)) and complaint.answered_late


@pytest.mark.parametrize("fields, field", [
    ({"kind": "rant"}, "kind"), ({"kind": None}, "kind"),
    ({"content": ""}, "content"), ({"content": " \n\t "}, "content"),
    ({"content": "字" * 501}, "content"), ({"content": ["列表"]}, "content"),
    ({"phone": "12345"}, "phone"), ({"phone": "1391234567"}, "phone"),
    ({"name": ""}, "name"), ({"phone": ""}, "phone"), ({"name": "王" * 21}, "name"),
    ({"name": "110105194912310"}, "name"), ({"window": 99}, "window"),
    ({"window": "三"}, "window"), ({"department": "NOPE"}, "department"),
    ({"case_no": "ABC123"}, "case_no"), ({"case_no": "1" * 25}, "case_no"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(complaints_hall, fields, field):
    with pytest.raises(DomainError) as caught:
        services.check({**COMPLAINT, **fields})
    assert field in caught.value.fields and caught.value.status == 400
    assert all("\u4e00" <= ch <= "\u9fff" for ch in caught.value.fields[field][:1])
    assert count() == 0


def test_suggestions_and_praise_may_be_anonymous(complaints_hall):
    for kind in ("suggestion", "praise"):
        draft = services.check({"kind": kind, "content": "建议增加休息座椅"})
        assert (draft.name, draft.phone, draft.window_id) == ("", "", None)
    with pytest.raises(DomainError, match="联系电话"):
        services.check({"kind": "suggestion", "content": "好", "phone": "abc"})


def test_five_hundred_characters_are_fine_and_phones_are_normalized(complaints_hall):
    draft = services.check({**COMPLAINT, "content": "字" * 500, "phone": "+86 139-1234-5678"})
    assert len(draft.content) == 500 and draft.phone == "13912345678"
    landline = services.check({**COMPLAINT, "phone": "0938-6521234"})
    assert landline.phone == "0938-6521234"


def test_control_characters_and_bidi_overrides_are_stripped_but_emoji_kept(complaints_hall):
    draft = services.check({**COMPLAINT, "name": "王\x00小\u202e明\n",
                            "content": "第一行\x07\r\n第二行\u202e\x1b[31m\n\n\n\n第三行\t完",
                            "case_no": " 620524202612040001 "})
    assert draft.name == "王小明"
    assert draft.content == "第一行\n第二行[31m\n\n第三行 完"
    assert draft.case_no == "620524202612040001"
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert services.check({**COMPLAINT, "content": f"点赞{family}"}).content == f"点赞{family}"


def test_the_department_and_window_are_found_by_code_and_number(complaints_hall):
    draft = services.check({**COMPLAINT, "window": "3", "department": "MZ"})
    assert (draft.window_id, draft.department_id) == (complaints_hall.window.id,
                                                      complaints_hall.department.id)


def test_submitting_is_audited_masked_and_published(complaints_hall):
    complaint = complaints_hall.complaint()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "complaint.submitted"))
    assert entry.object_id == str(complaint.id) and entry.address == "203.0.113.9"
    assert "王小明" not in entry.after and "13912345678" not in entry.after
    assert "王*" in entry.after and "139****5678" in entry.after
    assert "等候时间太长" not in entry.after
    event = db.session.scalar(select(Event).where(Event.kind == "complaint.changed"))
    assert json.loads(event.payload) == {"id": complaint.id, "kind": "complaint",
                                         "status": "open", "action": "submitted"}


def test_the_manager_answers_resolves_and_reopens(complaints_hall, freeze_time):
    complaint = complaints_hall.complaint()
    with pytest.raises(Conflict, match="请先答复"):
        services.set_resolved(Actor.of(complaints_hall.manager), complaint, True, clock.now())
    with pytest.raises(DomainError, match="请填写答复内容"):
        services.answer(Actor.of(complaints_hall.manager), complaint, " \x00 ", clock.now())
    freeze_time("2026-12-07 09:00")
    services.answer(Actor.of(complaints_hall.manager), complaint, "已约谈窗口负责人，增开一个窗口。",
                    clock.now())
    assert complaint.status == "answered" and complaint.answered_at == clock.now()
    first_answer = complaint.answered_at
    freeze_time("2026-12-07 11:00")
    services.answer(Actor.of(complaints_hall.manager), complaint, "已约谈窗口负责人，增开两个窗口。",
                    clock.now())
    assert complaint.answered_at == first_answer and "两个" in complaint.answer
    services.set_resolved(Actor.of(complaints_hall.manager), complaint, True, clock.now())
    assert (complaint.status == "resolved"
            and complaint.resolved_by == complaints_hall.manager.username)
    with pytest.raises(Conflict):
        services.set_resolved(Actor.of(complaints_hall.manager), complaint, True, clock.now())
    services.set_resolved(Actor.of(complaints_hall.manager), complaint, False, clock.now())
    assert complaint.status == "answered" and complaint.resolved_at is None
    db.session.commit()
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "Complaint").order_by(AuditEntry.id)).all()
    assert actions == ["complaint.submitted", "complaint.answered", "complaint.answer_edited",
                       "complaint.resolved", "complaint.reopened"]
    assert count(Event) == 5


def test_withholding_needs_a_reason_which_is_kept(complaints_hall):
    complaint = complaints_hall.complaint()
    with pytest.raises(DomainError, match="理由"):
        services.set_public(Actor.of(complaints_hall.manager), complaint, False, "  ", clock.now())
    services.set_public(Actor.of(complaints_hall.manager), complaint, False, "含有他人隐私", clock.now())
    assert not complaint.is_public and complaint.withhold_reason == "含有他人隐私"
    with pytest.raises(Conflict):
        services.set_public(Actor.of(complaints_hall.manager), complaint, False, "再来一次", clock.now())
    services.set_public(Actor.of(complaints_hall.manager), complaint, True, "", clock.now())
    assert complaint.is_public and complaint.withhold_reason == ""


def test_only_the_manager_may_act(complaints_hall):
    complaint = complaints_hall.complaint()
    for operation, args in ((services.answer, ("答复",)), (services.set_resolved, (True,)),
                            (services.set_public, (False, "理由"))):
        with pytest.raises(Forbidden):
            operation(Actor.of(complaints_hall.staff), complaint, *args, clock.now())
    assert complaint.status == "open" and complaint.is_public


def test_complaint_rates_against_hand_worked_figures(complaints_hall, freeze_time):
    # December 2026, all received on Friday 12-04, due Friday 12-11:
    #   #1 complaint, answered 12-07 and resolved      -> answered, resolved
    #   #2 complaint, answered 12-14 (after 12-11)      -> answered late
    #   #3 suggestion, answered 12-08                   -> answered
    #   #4 suggestion, never answered                   -> overdue from 12-12
    #   #5 praise, never answered                       -> overdue from 12-12
    # One more, received 2026-11-30, is outside the period.
    # Received 5; answered 3 -> reply rate 0.6; resolved 1 -> resolution rate 0.2;
    # overdue on 12-15: #4 and #5 = 2; answered late: #2 = 1.
    freeze_time("2026-11-30 10:00")
    complaints_hall.complaint()
    freeze_time("2026-12-04 10:00")
    first, second, third = (complaints_hall.complaint(), complaints_hall.complaint(),
                            complaints_hall.complaint(kind="suggestion"))
    complaints_hall.complaint(kind="suggestion")
    complaints_hall.complaint(kind="praise")
    for day, complaint in (("2026-12-07", first), ("2026-12-14", second), ("2026-12-08", third)):
        freeze_time(f"{day} 10:00")
        services.answer(Actor.of(complaints_hall.manager), complaint, "已答复", clock.now())
    services.set_resolved(Actor.of(complaints_hall.manager), first, True, clock.now())
    db.session.commit()
    freeze_time("2026-12-15 10:00")
    rates = services.complaint_rates(date(2026, 12, 1), date(2027, 1, 1))
    assert {k: v for k, v in rates.items() if k != "by_kind"} == {
        "received": 5, "answered": 3, "resolved": 1, "overdue": 2, "answered_late": 1,
        "reply_rate": 0.6, "resolution_rate": 0.2}
    assert rates["by_kind"] == {"complaint": {"received": 2, "answered": 2, "resolved": 1},
                                "suggestion": {"received": 2, "answered": 1, "resolved": 0},
                                "praise": {"received": 1, "answered": 0, "resolved": 0}}
    # Seen from 12-11 (the deadline day itself), nothing is overdue yet.
    early = services.complaint_rates(date(2026, 12, 1), date(2027, 1, 1),
                                     now=clock.now().replace(day=11))
    assert early["overdue"] == 0


def test_complaint_rates_of_an_empty_period_have_no_rates(complaints_hall):
    rates = services.complaint_rates(clock.now(), clock.now())
    assert rates["received"] == 0 and rates["reply_rate"] is None
    assert rates["resolution_rate"] is None

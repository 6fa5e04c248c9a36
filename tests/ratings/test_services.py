"""Rating rules, follow-up deadlines and satisfaction figures, at the service level."""
from datetime import date

import pytest
from sqlalchemy import func, select

from hall.core import clock
from hall.core.errors import Conflict, DomainError, Forbidden, NotFound
from hall.core.extensions import db
from hall.ratings import services
from hall.ratings.models import FollowUp, Rating


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_finished_ticket_is_rated_once(ratings_hall):
    ticket = ratings_hall.ticket()
    rating = services.rate_ticket(ticket.token, 5, "很好", [], "qr", clock.now())
    db.session.commit()
    assert (rating.window_id, rating.staff_id) == (ratings_hall.window.id, ratings_hall.staff.id)
    assert rating.department_id == ratings_hall.department.id and rating.follow_up is None
    with pytest.raises(Conflict) as caught:
        services.rate_ticket(ticket.token, 1, "", [], "qr", clock.now())
    assert caught.value.status == 409
    db.session.rollback()
    assert count(Rating) == 1


def test_the_unique_constraint_stops_a_racing_second_rating(ratings_hall, monkeypatch):
    ticket = ratings_hall.ticket()
    services.rate_ticket(ticket.token, 4, "", [], "qr", clock.now())
    db.session.commit()
    monkeypatch.setattr(services, "rating_of", lambda subject: None)   # the check lost the race
    with pytest.raises(Conflict):
        services.rate_ticket(ticket.token, 3, "", [], "qr", clock.now())
    db.session.rollback()
    assert count(Rating) == 1


def test_only_finished_things_can_be_rated(ratings_hall):
    waiting = ratings_hall.ticket(finish=False)
    with pytest.raises(Conflict, match="办结后可以评价"):
        services.rate_ticket(waiting.token, 5, "", [], "qr", clock.now())
    open_case = ratings_hall.case(close=False)
    with pytest.raises(Conflict, match="办结后可以评价"):
        services.rate_case(open_case.case_no, open_case.query_code, 5, "", [], "qr", clock.now())
    db.session.rollback()
    assert count(Rating) == 0


def test_a_closed_case_is_rated_once_with_its_item_and_department(ratings_hall):
    case = ratings_hall.case()
    rating = services.rate_case(case.case_no, case.query_code, 4, "", [], "qr", clock.now())
    db.session.commit()
    assert (rating.item_id, rating.department_id) == (ratings_hall.item.id,
                                                      ratings_hall.department.id)
    with pytest.raises(Conflict):
        services.rate_case(case.case_no, case.query_code, 4, "", [], "qr", clock.now())


def test_a_wrong_query_code_looks_like_an_unknown_case(ratings_hall):
    case = ratings_hall.case()
    wrong_code = "000000" if case.query_code != "000000" else "111111"
    with pytest.raises(NotFound) as wrong:
        services.rate_case(case.case_no, wrong_code, 5, "", [], "qr", clock.now())
    with pytest.raises(NotFound) as unknown:
        services.rate_case("999999202612049999", case.query_code, 5, "", [], "qr", clock.now())
    assert (wrong.value.code, wrong.value.message) == (unknown.value.code, unknown.value.message)


@pytest.mark.parametrize("level, comment, reasons, field", [
    (0, "", [], "level"), (6, "", [], "level"), ("5", "", [], "level"), (True, "", [], "level"),
    (None, "", [], "level"), (3, "字" * 501, [], "comment"), (2, "", ["随便写的"], "reasons"),
])
def test_bad_input_is_refused_and_nothing_is_stored(ratings_hall, level, comment, reasons, field):
    ticket = ratings_hall.ticket()
    with pytest.raises(DomainError) as caught:
        services.rate_ticket(ticket.token, level, comment, reasons, "qr", clock.now())
    assert field in caught.value.fields and caught.value.status == 400
    db.session.rollback()
    assert count(Rating) == 0


def test_a_500_character_comment_is_fine(ratings_hall):
    ticket = ratings_hall.ticket()
    assert services.rate_ticket(ticket.token, 3, "字" * 500, [], "qr", clock.now()).id


def test_a_bad_rating_opens_a_follow_up_due_in_working_days(ratings_hall):
    # Rated Friday 2026-12-04. Call back: 1 working day after -> Monday 2026-12-07.
    # Fix: 15 working days after, counted by hand (no holidays in December 2026):
    #   Mon 12-07 .. Fri 12-11 = 1..5, Mon 12-14 .. Fri 12-18 = 6..10,
    #   Mon 12-21 .. Fri 12-25 = 11..15  -> Friday 2026-12-25.
    ticket = ratings_hall.ticket()
    rating = services.rate_ticket(ticket.token, 2, "等太久了", ["等候时间长"], "qr", clock.now())
    db.session.commit()
    follow_up = rating.follow_up
    assert follow_up.status == "open"
    assert follow_up.callback_due == date(2026, 12, 7)
    assert follow_up.fix_due == date(2026, 12, 25)
    assert follow_up.calendar_missing_year is None
    assert rating.reason_list == ["等候时间长"]


def test_a_satisfied_rating_opens_no_follow_up(ratings_hall):
    for level in (3, 4, 5):
        services.rate_ticket(ratings_hall.ticket().token, level, "", [], "qr", clock.now())
    assert count(FollowUp) == 0


def test_a_calendar_year_missing_leaves_the_dues_null(ratings_hall, freeze_time):
    # Rated Monday 2026-12-28: the call-back is Tuesday 12-29, but 15 working days run
    # into 2027, whose schedule is not loaded: that date stays null, never guessed.
    freeze_time("2026-12-28 10:00")
    rating = services.rate_ticket(ratings_hall.ticket().token, 1, "", [], "qr", clock.now())
    assert rating.follow_up.callback_due == date(2026, 12, 29)
    assert rating.follow_up.fix_due is None
    assert rating.follow_up.calendar_missing_year == 2027


def test_no_calendar_at_all_leaves_both_dues_null(make, freeze_time):
    from tests.ratings.conftest import RatingsHall
    freeze_time("2026-12-04 10:00")
    ratings_hall = RatingsHall.build(make)
    rating = services.rate_ticket(ratings_hall.ticket().token, 2, "", [], "qr", clock.now())
    assert (rating.follow_up.callback_due, rating.follow_up.fix_due) == (None, None)
    assert rating.follow_up.calendar_missing_year == 2026


def test_the_manager_records_call_back_then_result(ratings_hall, freeze_time):
    rating = services.rate_ticket(ratings_hall.ticket().token, 2, "", [], "qr", clock.now())
    follow_up = rating.follow_up
    with pytest.raises(Conflict, match="请先记录回访"):
        services.record_result(ratings_hall.manager, follow_up, "已整改", clock.now())
    with pytest.raises(DomainError):
        services.record_callback(ratings_hall.manager, follow_up, "  ", clock.now())
    with pytest.raises(Forbidden):
        services.record_callback(ratings_hall.staff, follow_up, "已回访", clock.now())
    freeze_time("2026-12-07 09:30")
    services.record_callback(ratings_hall.manager, follow_up, "已电话回访，群众反映等候久",
                             clock.now())
    assert (follow_up.status == "called_back"
            and follow_up.callback_by == ratings_hall.manager.username)
    services.record_result(ratings_hall.manager, follow_up, "增开窗口，已向群众说明", clock.now())
    db.session.commit()
    assert follow_up.status == "closed" and follow_up.result_at == clock.now()
    assert services.open_follow_ups() == []


def test_overdue_follow_ups_are_flagged(ratings_hall):
    follow_up = services.rate_ticket(ratings_hall.ticket().token, 1, "", [], "qr",
                                     clock.now()).follow_up
    assert not follow_up.callback_overdue(date(2026, 12, 7))
    assert follow_up.callback_overdue(date(2026, 12, 8))
    assert follow_up.fix_overdue(date(2026, 12, 26))
    assert not follow_up.fix_overdue(date(2026, 12, 25))


def test_the_audit_entry_carries_no_comment_text(ratings_hall):
    from hall.audit.models import AuditEntry
    services.rate_ticket(ratings_hall.ticket().token, 2, "王小明 13912345678 很不满意", [], "qr",
                         clock.now())
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "rating.created"))
    assert "13912345678" not in entry.after and "王小明" not in entry.after


def test_satisfaction_per_window_against_hand_figures(ratings_hall, make):
    # Window 3 gets 5, 4, 2, 1 -> count 4, satisfied 2 (5 and 4), 差评 2, average 12/4 = 3.00,
    # rate 2/4 = 0.5. Window 8 gets 5, 3, 4 -> count 3, satisfied 2, 差评 0,
    # average 12/3 = 4.00, rate 2/3 = 0.6667. The hall: 7 ratings, 4 satisfied, 2 差评,
    # average 24/7 = 3.43, rate 4/7 = 0.5714.
    other = make.window(no=8, name="税务窗口", categories=[ratings_hall.category],
                        staff_a_id=ratings_hall.staff.id)
    for level in (5, 4, 2, 1):
        services.rate_ticket(ratings_hall.ticket().token, level, "", [], "qr", clock.now())
    for level in (5, 3, 4):
        services.rate_ticket(ratings_hall.ticket(window=other).token, level, "", [], "qr",
                             clock.now())
    db.session.commit()
    rows = {row["key"]: row for row in services.satisfaction("window")}
    assert {k: (r["count"], r["satisfied"], r["bad"], r["average"], r["rate"])
            for k, r in rows.items()} == {ratings_hall.window.id: (4, 2, 2, 3.0, 0.5),
                                          other.id: (3, 2, 0, 4.0, 0.6667)}
    assert rows[ratings_hall.window.id]["label"] == "3号窗口 社会事务窗口"
    whole = services.satisfaction()[0]
    assert (whole["count"], whole["satisfied"], whole["bad"], whole["average"],
            whole["rate"]) == (7, 4, 2, 3.43, 0.5714)
    by_staff = services.satisfaction("staff")
    assert [(r["label"], r["count"]) for r in by_staff] == [("陈晓燕 MZ0301", 7)]
    by_department = {r["label"]: r["count"] for r in services.satisfaction("department")}
    assert by_department == {"民政局": 4, "未指定": 3}     # window 8 serves no one department


def test_satisfaction_within_a_period(ratings_hall, freeze_time):
    services.rate_ticket(ratings_hall.ticket().token, 5, "", [], "qr", clock.now())
    freeze_time("2026-12-07 10:00")
    start = clock.now()
    services.rate_ticket(ratings_hall.ticket().token, 1, "", [], "qr", clock.now())
    rows = services.satisfaction(start=start)
    assert (rows[0]["count"], rows[0]["bad"], rows[0]["rate"]) == (1, 1, 0.0)
    assert services.satisfaction(end=start)[0]["count"] == 1


def test_reasons_are_kept_only_for_a_bad_rating(ratings_hall):
    kept = services.rate_ticket(ratings_hall.ticket().token, 1, "", ["其他"], "qr", clock.now())
    dropped = services.rate_ticket(ratings_hall.ticket().token, 4, "", ["其他"], "qr", clock.now())
    assert (kept.reasons, dropped.reasons) == ("其他", "")

"""`flask simulate`: days of activity through the real services, on a small hall."""
from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select

from hall.audit.services import verify_chain
from hall.calendar.services import load_calendar, sync_from_chinesecalendar
from hall.cases.models import Case
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.demo.simulation import simulate
from hall.items.models import item_special_step
from hall.queue.models import Category, Ticket
from hall.ratings.models import FollowUp, Rating
from tests.factories import TEST_ACTOR, empty_tables

NOW = "2026-12-02 11:00"          # a Wednesday: Mon 11-30 and Tue 12-01 are the two days


def small_hall(make) -> None:
    """Two categories, three windows, an immediate item and two promised ones (容缺 in one)."""
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    department = make.department(code="SIM", name="县模拟局")
    quick = make.item(department, code="62052400SIM-GG-0001", name="即办证明",
                      promised_days=0, legal_days=0)
    slow = make.item(department, code="62052400SIM-XK-0001", name="经营许可",
                     promised_days=5, legal_days=20)
    short = make.item(department, code="62052400SIM-BA-0001", name="备案",
                      promised_days=2, legal_days=10)
    db.session.execute(item_special_step.insert().values(item_id=slow.id, step="site_survey"))
    for item in (quick, slow, short):
        make.material(item, name="申请表", required=True)
        make.material(item, name="身份证明", required=True)
        make.material(item, name="委托书", required=False)
    make.material(slow, name="场所证明", required=True, deferrable=True)
    first = make.category(items=[quick, slow], code="simple", name="综合业务", prefix="A")
    second = make.category(items=[slow, short], code="permit", name="许可业务", prefix="B")
    make.window(no=1, categories=[first], departments=[department])
    make.window(no=2, categories=[first, second], departments=[department])
    make.window(no=3, categories=[second], departments=[department])
    make.user(role="manager", username="manager")
    db.session.commit()


@pytest.fixture
def frozen_small_hall(make, freeze_time) -> None:
    """The small hall, on the Wednesday after the two days the tests simulate."""
    freeze_time(NOW)
    small_hall(make)


def run(**options):
    return simulate(options.pop("days", 2), seed=options.pop("seed", 11),
                    arrivals=options.pop("arrivals", 60), **options)


def check_numbering(days: set) -> None:
    """Every category's numbers of a day run 1, 2, 3… with no gap and no repeat."""
    sequences = defaultdict(list)
    for ticket in db.session.scalars(select(Ticket)):
        prefix = db.session.get(Category, ticket.issued_category_id).prefix
        assert ticket.number == f"{prefix}{ticket.seq:03d}"
        sequences[(ticket.day, prefix)].append(ticket.seq)
    for key, seqs in sequences.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), key
    assert {day for day, _ in sequences} == days


def check_deadlines() -> None:
    """Due dates are the N-th working day after the clock started, pauses added back."""
    calendar = load_calendar()
    cases = db.session.scalars(select(Case).where(Case.clock_start_on.is_not(None))).all()
    assert len(cases) > 20
    for case in cases:
        days = case.promised_days + case.extension_days + case.paused_workdays
        assert case.due_date == calendar.add_workdays(case.clock_start_on, days)
    plain = [c for c in cases if c.promised_days == 5 and c.paused_workdays == 0
             and c.clock_start_on == date(2026, 11, 30)]
    # Mon 11-30 + 5 working days: 12-01, 02, 03, 04, 07.
    assert plain and all(c.due_date == date(2026, 12, 7) for c in plain)


def check_closed_cases() -> list[Case]:
    closed = db.session.scalars(select(Case).where(Case.status == "closed")).all()
    for case in closed:
        assert case.clock_start_on <= case.closed_on
        if case.kind == "immediate":
            assert case.closed_on == case.clock_start_on
        assert bool(case.overdue_reason) == (not case.closed_on_time)
        assert case.result != "approved" or not case.deferred_materials
    return closed


def check_ratings() -> None:
    done = db.session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.status == "done"))
    rated = db.session.scalar(select(func.count()).select_from(Rating).where(
        Rating.ticket_id.is_not(None)))
    assert 0.4 * done < rated < 0.8 * done
    levels = list(db.session.scalars(select(Rating.level)))
    assert sum(level >= 4 for level in levels) > 0.75 * len(levels)
    bad = db.session.scalar(select(func.count()).select_from(Rating).where(Rating.level <= 2))
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == bad


def test_two_days_and_today_through_the_real_services(frozen_small_hall, runner):
    frozen = clock.now()
    summary = run()
    days = [line.day for line in summary.days]
    assert days == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]
    assert summary.days[-1].live and summary.days[0].issued > 40
    assert clock.now() == frozen                       # the clock is put back
    assert db.session.scalar(select(func.max(Ticket.issued_at))) <= frozen
    check_numbering(set(days))
    check_deadlines()
    assert {c.kind for c in check_closed_cases()} == {"immediate", "promised"}
    check_ratings()
    checked, bad, problem = verify_chain()
    assert bad is None and not problem and checked > 500
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_a_week_closes_promised_cases_early_on_time_and_late(frozen_small_hall):
    run(days=7, arrivals=25, seed=2)
    closed = check_closed_cases()
    promised = [c for c in closed if c.kind == "promised" and c.result == "approved"]
    assert any(c.closed_early for c in promised)
    assert any(c.closed_on == c.due_date for c in promised)
    assert any(c.overdue_reason for c in promised)
    assert db.session.scalar(select(func.count()).select_from(Case).where(
        Case.paused_workdays > 0)) > 0
    statuses = set(db.session.scalars(select(Case.status)))
    assert {"in_progress", "closed", "not_accepted", "awaiting_supplement"} <= statuses


def snapshot() -> dict:
    tickets = [(t.day, t.number, t.status, t.issued_at, t.called_at, t.finished_at)
               for t in db.session.scalars(select(Ticket).order_by(Ticket.day, Ticket.number))]
    cases = [(c.case_no, c.status, c.result, c.applicant_name, c.due_date, c.closed_on)
             for c in db.session.scalars(select(Case).order_by(Case.case_no))]
    ratings = [(r.level, r.channel, r.created_at)
               for r in db.session.scalars(select(Rating).order_by(Rating.created_at))]
    return {"tickets": tickets, "cases": cases, "ratings": ratings}


def test_the_same_seed_gives_the_same_days(frozen_small_hall, make):
    run(days=1, seed=5, arrivals=30)
    first = snapshot()
    empty_tables()
    small_hall(make)
    run(days=1, seed=5, arrivals=30)
    assert snapshot() == first
    empty_tables()
    small_hall(make)
    run(days=1, seed=6, arrivals=30)
    assert snapshot()["tickets"] != first["tickets"]


def test_days_already_simulated_are_refused(frozen_small_hall):
    run(days=1, arrivals=10)
    count = db.session.scalar(select(func.count()).select_from(Ticket))
    with pytest.raises(DomainError, match="已有取号记录"):
        run(days=1, arrivals=10)
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == count


def test_a_start_after_today_is_refused(frozen_small_hall):
    with pytest.raises(DomainError, match="晚于今天"):
        run(start=date(2026, 12, 3))
    assert not db.session.scalar(select(func.count()).select_from(Ticket))


def test_an_empty_database_is_refused(app, freeze_time):
    freeze_time(NOW)
    with pytest.raises(DomainError, match="flask --app hall demo"):
        run()


def test_the_command_on_the_demo_hall(runner, freeze_time):
    freeze_time(NOW)
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = runner.invoke(args=["simulate", "--days", "1", "--start", "2026-11-30",
                                 "--arrivals", "80", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "2026-11-30：取号" in result.output and "共模拟 1 天" in result.output
    assert "2026-12-02" not in result.output        # --start never runs into today here
    assert db.session.scalar(select(func.count()).select_from(Case)) > 15
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_the_command_leaves_the_real_clock_running(runner, make):
    small_hall(make)
    result = runner.invoke(args=["simulate", "--days", "1", "--start", "2026-06-01",
                                 "--arrivals", "15"])
    assert result.exit_code == 0, result.output
    assert clock._frozen is None


def test_bad_ratings_are_followed_up_and_complained_about(frozen_small_hall, monkeypatch):
    from hall.demo.simulation import feedback
    from hall.demo.simulation.complaints import Complaint, Complaints
    monkeypatch.setattr(feedback, "LEVEL_WEIGHTS", (0, 0, 0, 1, 1))
    run(days=3, arrivals=20)
    follow_ups = db.session.scalars(select(FollowUp)).all()
    assert follow_ups and {"called_back", "closed"} & {f.status for f in follow_ups}
    if Complaints.available():
        complaints = db.session.scalars(select(Complaint)).all()
        assert complaints and any(c.answered_at for c in complaints)
        assert all(c.window_id for c in complaints if c.kind == "complaint")

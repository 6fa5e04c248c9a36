"""The dashboard's snapshot against the hand-worked morning of morning.py, at 10:00."""
from hall.auth.models import User
from hall.calendar.services import load_calendar
from hall.cases import services as cases
from hall.cases.models import Case
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.dashboard import oversight
from hall.dashboard.snapshot import build
from hall.queue import tickets
from hall.ratings.services import rate
from tests.dashboard.morning import at, move

TOP_KEYS = {"generated_at", "date", "last_event_id", "thresholds", "figures", "alerts",
            "lines", "windows", "window_counts", "cases", "follow_ups", "calendar",
            "hourly", "chart"}


def test_the_snapshot_has_every_part(busy_hall):
    snap = build(clock.now())
    assert set(snap) == TOP_KEYS
    assert snap["date"] == "2026-12-04"
    assert snap["generated_at"] == "2026-12-04T10:00:00+08:00"
    assert snap["thresholds"] == {"wait": 30, "paused": 20, "idle": 15}
    assert snap["last_event_id"] > 0
    assert snap["window_counts"] == {"open": 2, "paused": 0, "closed": 0}


def test_queue_figures_are_the_hand_worked_ones(busy_hall):
    figures = build(clock.now())["figures"]
    assert (figures["tickets_issued"], figures["waiting"], figures["serving"]) == (5, 1, 1)
    assert (figures["served"], figures["no_shows"]) == (2, 1)
    assert figures["wait_minutes_mean"] == 22.0          # (10 + 18 + 26 + 34) / 4
    assert figures["wait_minutes_p90"] == 34.0           # nearest rank: the 4th of 4
    assert figures["service_minutes_mean"] == 8.0


def test_case_figures_and_the_on_time_rate(busy_hall):
    figures = build(clock.now())["figures"]
    assert figures["cases_accepted"] == 2                # the two 即办件 of today
    assert figures["cases_closed"] == 1
    assert figures["cases_on_time"] == 1
    assert figures["on_time_rate"] == 1.0


def test_satisfaction_counts_only_todays_ratings(busy_hall):
    done = [t for t in db.session.scalars(db.select(tickets.Ticket)) if t.status == "done"]
    rate(done[0], 5, "", [], "evaluator", move(at("10:01")))
    rate(done[1], 2, "", ["等候时间长"], "evaluator", clock.now())
    db.session.commit()
    figures = build(clock.now())["figures"]
    assert (figures["ratings"], figures["bad_ratings"]) == (2, 1)
    assert figures["satisfaction_rate"] == 0.5


def test_lines_show_waiting_and_the_longest_wait(busy_hall):
    lines = {line["code"]: line for line in build(clock.now())["lines"]}
    civil, tax = lines["civil"], lines["tax"]
    assert civil["waiting"] == 1
    assert civil["longest_wait_minutes"] == 52           # A005 issued at 09:08
    assert civil["oldest_issued_at"] == "2026-12-04T09:08:00+08:00"
    assert civil["open_windows"] == 1
    assert tax["waiting"] == 0 and tax["longest_wait_minutes"] is None


def test_a_window_shows_its_ticket_who_acts_and_what_it_served(busy_hall):
    windows = {w["no"]: w for w in build(clock.now())["windows"]}
    three = windows[3]
    assert three["status"] == "open" and three["status_label"] == "开放"
    assert three["current"]["number"] == "A004"
    assert three["current"]["status"] == "serving"
    assert three["current"]["minutes"] == 20             # serving since 09:40
    assert (three["staff"], three["post"]) == ("刘洋", "B岗")   # B covers for A today
    assert three["served"] == 2
    assert three["categories"] == ["A"]
    four = windows[4]
    assert four["current"] is None and four["served"] == 0
    assert (four["staff"], four["post"]) == ("陈晓燕", "A岗")   # nobody acted: the A post
    assert four["idle_minutes"] == 60                    # open since the 09:00 opening


def test_red_and_yellow_cases_with_working_days_left(busy_hall):
    cases = build(clock.now())["cases"]
    assert cases["counts"]["red"] == 1 and cases["counts"]["yellow"] == 1
    assert cases["total"] == 2
    red, yellow = cases["list"]
    assert (red["warning"], red["warning_label"]) == ("red", "已超期")
    assert red["due_date"] == "2026-11-27"
    assert red["remaining"] == "已超期 5 个工作日"        # 11-30, 12-01, 12-02, 12-03, 12-04
    assert red["days_left"] == -5 and red["escalated"] is False
    assert (yellow["warning"], yellow["due_date"]) == ("yellow", "2026-12-07")
    assert (yellow["days_left"], yellow["remaining"]) == (1, "剩 1 个工作日")
    assert red["applicant"] == "王**"                     # masked on the big screen
    assert red["item"] == "建设工程规划许可" and red["window"] == 3


def test_the_case_list_is_bounded_but_the_totals_are_not(busy_hall):
    snap = build(clock.now())
    few = oversight.cases(clock.now(), clock.local().date(), load_calendar(),
                          snap["cases"]["counts"], limit=1)
    assert len(few["list"]) == 1 and few["total"] == 2
    assert few["list"][0]["warning"] == "red"            # the most pressing first


def test_hourly_volume_from_eight_to_six(busy_hall):
    hours = build(clock.now())["hourly"]
    assert [h["hour"] for h in hours] == list(range(8, 18))
    nine = hours[1]
    assert (nine["issued"], nine["served"]) == (5, 2)
    assert sum(h["issued"] for h in hours) == 5 and sum(h["served"] for h in hours) == 2


def test_follow_ups_with_deadlines_and_the_overdue_flagged(busy_hall):
    done = [t for t in db.session.scalars(db.select(tickets.Ticket)) if t.status == "done"]
    rate(done[0], 1, "", ["服务态度差"], "evaluator", move(at("10:00", "2026-12-01")))
    rate(done[1], 2, "", [], "evaluator", move(at("10:00")))
    db.session.commit()
    follow_ups = build(move(at("10:00")))["follow_ups"]
    assert (follow_ups["total"], follow_ups["overdue"]) == (2, 1)
    late, fresh = follow_ups["list"]
    assert late["callback_due"] == "2026-12-02" and late["callback_overdue"] is True
    assert late["overdue"] is True and late["level_label"] == "非常不满意"
    b_staff = db.session.scalar(db.select(User).where(User.name == "刘洋"))
    assert late["reasons"] == ["服务态度差"] and late["window"] == 3
    assert late["staff"] == f"刘洋（工号 {b_staff.staff_no}）"       # 姓名 with the 工号
    assert fresh["callback_due"] == "2026-12-07" and fresh["overdue"] is False


def test_a_withdrawn_case_is_closed_but_not_in_the_on_time_rate(busy_hall):
    second = db.session.scalars(db.select(Case).where(Case.status == "in_progress",
                                                      Case.kind == "immediate")).one()
    cases.close(Actor.of(busy_hall.b), move(at("10:00")), second, "withdrawn")
    db.session.commit()
    figures = build(clock.now())["figures"]
    assert (figures["cases_closed"], figures["cases_on_time"]) == (2, 1)
    assert figures["on_time_rate"] == 1.0

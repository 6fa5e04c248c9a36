"""The demo hall's 预约办理: its slots load with `flask demo`, and `flask simulate` books,
checks in and marks no-shows through the services."""
from datetime import date

from sqlalchemy import func, select

from hall.appointments.models import Appointment, SlotTemplate
from hall.core.extensions import db
from hall.queue.models import Category, Ticket

NOW = "2026-12-02 12:00"      # a Wednesday


def _count(*where) -> int:
    return db.session.scalar(select(func.count()).select_from(Appointment).where(*where))


def test_the_demo_loads_slots_in_three_categories(runner, freeze_time, client):
    freeze_time(NOW)
    assert runner.invoke(args=["demo"]).exit_code == 0
    offered = db.session.scalars(select(Category.name).join(
        SlotTemplate, SlotTemplate.category_id == Category.id).distinct()).all()
    assert sorted(offered) == sorted(["不动产登记", "户政出入境", "社保医保"])
    # 09:00-11:30 and 14:00-17:00 by 30 minutes, Monday to Friday
    assert db.session.scalar(select(func.count()).select_from(SlotTemplate).join(Category).where(
        Category.name == "不动产登记")) == 11 * 5
    page = client.get("/book").get_data(as_text=True)
    assert "不动产登记" in page and "户政出入境" in page and "社保医保" in page
    assert "企业开办" not in page


def test_simulate_books_checks_in_and_marks_no_shows(runner, freeze_time):
    freeze_time(NOW)
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = runner.invoke(args=["simulate", "--days", "2", "--start", "2026-11-30",
                                 "--arrivals", "80", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "预约办理：预约" in result.output
    assert _count(Appointment.day == date(2026, 11, 30)) > 20          # booked the day before
    assert _count(Appointment.status == "checked_in") > 20
    assert _count(Appointment.status == "no_show") > 0
    assert _count(Appointment.status == "booked", Appointment.day > date(2026, 12, 1)) > 0
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    # the day's count holds the checked-in tickets, and every one of them was called
    issued = db.session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.day == date(2026, 11, 30)))
    assert f"2026-11-30：取号 {issued}，" in result.output
    booked_tickets = db.session.scalars(select(Ticket.status).join(
        Appointment, Appointment.ticket_id == Ticket.id).where(
        Appointment.day == date(2026, 11, 30))).all()
    assert booked_tickets and "waiting" not in booked_tickets

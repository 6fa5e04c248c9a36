"""Booking figures: today's for the dashboard, a period's per category for the reports.

Bounded by the indexed (day, category_id, status) of the bookings.
"""
from datetime import date

from sqlalchemy import func, select

from hall.appointments.models import Appointment
from hall.core.extensions import db

# What each status counts as in the figures; a cancelled booking is not due at all.
DUE = ("booked", "checked_in", "no_show")


def day_figures(day: date) -> dict:
    """Today's bookings: due, arrived (checked in), no-shows so far, still to come."""
    counts = dict(db.session.execute(
        select(Appointment.status, func.count()).where(Appointment.day == day)
        .group_by(Appointment.status)).all())
    return {"appointments_due": sum(counts.get(s, 0) for s in DUE),
            "appointments_arrived": counts.get("checked_in", 0),
            "appointments_no_show": counts.get("no_show", 0),
            "appointments_to_come": counts.get("booked", 0),
            "appointments_cancelled": counts.get("cancelled", 0)}


def period_by_category(start: date, end: date) -> dict[int, dict]:
    """{category id: {booked, arrived, no_show, cancelled}} for days in [start, end)."""
    rows = db.session.execute(
        select(Appointment.category_id, Appointment.status, func.count())
        .where(Appointment.day >= start, Appointment.day < end)
        .group_by(Appointment.category_id, Appointment.status))
    table: dict[int, dict] = {}
    for category_id, status, count in rows:
        row = table.setdefault(category_id, {"booked": 0, "arrived": 0, "no_show": 0,
                                             "cancelled": 0})
        if status in DUE:
            row["booked"] += count
        key = {"checked_in": "arrived", "no_show": "no_show", "cancelled": "cancelled"}.get(status)
        if key:
            row[key] += count
    return table

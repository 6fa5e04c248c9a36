"""The booked appointments due soon, for the queue's wait estimates (wired as the queue's
DUE_APPOINTMENTS source): a walk-in taking a ticket now will wait for them too."""
from datetime import datetime, timedelta

from sqlalchemy import func, select

from hall.appointments.models import Appointment, Slot
from hall.core.extensions import db
from hall.settings import services as settings

HORIZON = timedelta(minutes=60)


def due_by_category(now: datetime) -> dict[int, int]:
    """Booked, not yet checked in, whose slot starts within the hour or whose check-in is
    still open: they will be called before the walk-ins of their category."""
    late = timedelta(minutes=int(settings.get("appointment_checkin_after")))
    rows = db.session.execute(
        select(Appointment.category_id, func.count())
        .join(Slot, Slot.id == Appointment.slot_id)
        .where(Appointment.status == "booked", Slot.starts_at > now - late,
               Slot.starts_at <= now + HORIZON)
        .group_by(Appointment.category_id))
    return dict(rows.all())

"""Appointments as the API and the pages show them: masked for the public, plain for staff."""
from hall.appointments.models import Appointment, Slot
from hall.core import clock
from hall.core.masking import mask_id, mask_name, mask_phone
from hall.settings.links import link_base


def slot_dict(slot: Slot) -> dict:
    return {"id": slot.id, "start": clock.local(slot.starts_at).isoformat(),
            "end": clock.local(slot.ends_at).isoformat(), "capacity": slot.capacity,
            "left": slot.left}


def slot_times(slot: Slot) -> dict:
    return {"id": slot.id, "start": clock.local(slot.starts_at).isoformat(),
            "end": clock.local(slot.ends_at).isoformat()}


def booking_path(token: str) -> str:
    """The booking's phone page (hall/appointments pages: /book/<token>)."""
    return f"/book/{token}"


def booking_url(token: str) -> str:
    """The absolute link put in the QR code, from 系统设置's 手机访问地址 when set."""
    return link_base() + booking_path(token)


def booking_dict(appointment: Appointment, *, masked: bool = True) -> dict:
    """A booking: masked personal data for the public (the token holder, a kiosk),
    plain for staff."""
    category = appointment.category
    body = {
        "code": appointment.code, "token": appointment.token,
        "category": category.code, "category_name": category.name,
        "day": appointment.day.isoformat(), "slot": slot_times(appointment.slot),
        "status": appointment.status, "status_label": appointment.status_label,
        "name": mask_name(appointment.name) if masked else appointment.name,
        "id_number": mask_id(appointment.id_number) if masked else appointment.id_number,
        "phone": mask_phone(appointment.phone) if masked else appointment.phone,
        "created_at": clock.local(appointment.created_at).isoformat(),
        "checked_in_at": _moment(appointment.checked_in_at),
        "cancelled_at": _moment(appointment.cancelled_at),
        "url": booking_url(appointment.token),
    }
    if not masked:
        body["id"] = appointment.id
        body["ticket_id"] = appointment.ticket_id
        body.pop("token")   # staff lists need no key to the citizen's page
    return body


def new_booking_dict(appointment: Appointment) -> dict:
    """The answer to POST /api/v1/appointments, as the contract lists it."""
    return {"code": appointment.code, "token": appointment.token,
            "category": appointment.category.code, "slot": slot_times(appointment.slot),
            "status": appointment.status, "url": booking_url(appointment.token)}


def _moment(value) -> str | None:
    return clock.local(value).isoformat() if value is not None else None

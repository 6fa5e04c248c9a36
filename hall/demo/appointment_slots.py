"""The demo hall's 预约办理 slots (hall/demo/data/appointments.json), through the services."""
from hall.appointments import services
from hall.core.actor import Actor
from hall.demo import data
from hall.queue.models import Category


def pieces(start: str, end: str, length: int) -> list[tuple[str, str]]:
    """09:00-11:30 by 30 minutes: (09:00, 09:30) ... (11:00, 11:30)."""
    first, last = _minutes(start), _minutes(end)
    return [(_hhmm(m), _hhmm(min(m + length, last))) for m in range(first, last, length)]


def load_slots(actor: Actor, categories: dict[str, Category]) -> int:
    """Every category's weekly slots; returns how many rows were made."""
    made = 0
    for code, spec in data.APPOINTMENT_SLOTS.items():
        for weekday in spec["weekdays"]:
            for start, end in spec["spans"]:
                for piece_start, piece_end in pieces(start, end, spec["length"]):
                    services.save_template(actor, categories[code], weekday, piece_start,
                                           piece_end, spec["capacity"])
                    made += 1
    return made


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"

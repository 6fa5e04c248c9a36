"""A category with weekday slot templates, valid 身份证号 and a booking helper."""
from dataclasses import dataclass
from datetime import date

import pytest

from hall.appointments import services
from hall.appointments.models import SlotTemplate
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.core.validators import id_check_char

TUESDAY = "2026-12-01 10:00"          # when most tests book
THURSDAY = date(2026, 12, 3)          # the day they book for
PUBLIC = Actor(address="127.0.0.1")


def person_id(n: int, born: str = "19900101") -> str:
    """A valid 18-character 身份证号 (GB 11643) for person n."""
    first17 = f"110105{born}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def phone_of(n: int) -> str:
    return f"138{n:08d}"


@dataclass
class Hall:
    category: object
    capacity: int

    def slots(self, day: date = THURSDAY):
        return services.slots_for(self.category, day, clock.now())

    def book(self, n: int, day: date = THURSDAY, slot: int = 0, **fields):
        values = {"name": f"张{n}", "id_number": person_id(n), "phone": phone_of(n)}
        values.update(fields)
        target = self.slots(day)[slot]
        return services.book(target.id, values["name"], values["id_number"],
                             values["phone"], clock.now(), PUBLIC)


def add_templates(category, capacity: int = 2, weekdays=range(5),
                  times=(("09:00", "09:30"), ("14:00", "14:30"))) -> None:
    for weekday in weekdays:
        for start, end in times:
            db.session.add(SlotTemplate(category_id=category.id, weekday=weekday,
                                        start_time=start, end_time=end, capacity=capacity,
                                        active=True))
    db.session.flush()


@pytest.fixture
def booking_hall(app, make, freeze_time) -> Hall:
    freeze_time(TUESDAY)
    category = make.category(code="estate", name="不动产登记", prefix="B")
    add_templates(category)
    db.session.commit()
    return Hall(category, 2)

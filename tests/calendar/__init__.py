"""Helpers shared by the calendar tests."""
from pathlib import Path

from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.calendar import services
from hall.core import clock
from hall.core.extensions import db

EXAMPLE_CSV = Path(__file__).parents[2] / "docs" / "calendar-2027-example.csv"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audit_count() -> int:
    return count(AuditEntry)


def last_audit() -> AuditEntry:
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def synced():
    """The calendar loaded from the installed chinesecalendar, committed."""
    from tests.factories import TEST_ACTOR
    result = services.sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    db.session.commit()
    return result

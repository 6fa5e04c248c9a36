"""Imports every domain's models so the metadata, Alembic and the tests see all tables."""
from hall.appointments.models import (  # noqa: F401
    Appointment,
    NoShowBlock,
    Slot,
    SlotException,
    SlotTemplate,
)
from hall.audit.models import AuditEntry, AuditHead  # noqa: F401
from hall.auth.models import ApiToken, User  # noqa: F401
from hall.calendar.models import CalendarDay, CalendarYear  # noqa: F401
from hall.cases.models import Case, CaseCounter, CaseEvent, CaseMaterial, CasePause  # noqa: F401
from hall.complaints.models import Complaint  # noqa: F401
from hall.dashboard.rollups import RatingDay, ReportDay, TicketDay  # noqa: F401
from hall.events.models import Event, EventHead  # noqa: F401
from hall.hours.models import CategoryRule, SpecialDay, WeekdayHours  # noqa: F401
from hall.items.models import Department, Item, Material  # noqa: F401
from hall.notify.models import OutboxMessage  # noqa: F401
from hall.queue.models import Category, Kiosk, Ticket, TicketCounter  # noqa: F401
from hall.ratings.models import EvaluatorDevice, FollowUp, Rating, RatingKey  # noqa: F401
from hall.roster.models import DutyLeader  # noqa: F401
from hall.settings.models import Setting  # noqa: F401
from hall.web.idempotency import Submission  # noqa: F401
from hall.web.ratelimit_models import RateHit  # noqa: F401
from hall.windows.models import Window  # noqa: F401

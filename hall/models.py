"""Imports every domain's models so the metadata, Alembic and the tests see all tables."""
from .audit.models import AuditEntry, AuditHead  # noqa: F401
from .auth.models import ApiToken, User  # noqa: F401
from .cases.models import Case, CaseCounter, CaseEvent, CaseMaterial, CasePause  # noqa: F401
from .calendar.models import CalendarDay, CalendarYear  # noqa: F401
from .events.models import Event, EventHead  # noqa: F401
from .items.models import Department, Item, Material  # noqa: F401
from .queue.models import Category, Kiosk, Ticket, TicketCounter  # noqa: F401
from .hours.models import CategoryRule, SpecialDay, WeekdayHours  # noqa: F401
from .ratelimit_models import RateHit  # noqa: F401
from .idempotency import Submission  # noqa: F401
from .settings.models import Setting  # noqa: F401
from .windows.models import Window  # noqa: F401
from .ratings.models import EvaluatorDevice, FollowUp, Rating, RatingKey  # noqa: F401
from .complaints.models import Complaint  # noqa: F401
from .roster.models import DutyLeader  # noqa: F401

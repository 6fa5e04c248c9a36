"""Staff accounts and API tokens."""
from datetime import datetime, timedelta

from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.core.extensions import db
from hall.core.roles import ROLE_LABELS, Permission, permissions_of
from hall.core.types import UTCDateTime


def person_label(name: str, staff_no: str = "", username: str = "") -> str:
    """"陈晓燕（工号 MZ0301）" where the hall uses 工号, else the name; the username only for an
    account still without a name."""
    shown = name or username
    return f"{shown}（工号 {staff_no}）" if shown and staff_no else shown


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40), default="")
    staff_no: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Every session and token carries the version it was opened under; logout, a password
    # change, a reset or a disable bump it, which ends them all at once.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def get_id(self) -> str:
        """What the session keeps: the id and the session version it was opened under."""
        return f"{self.id}.{self.session_version}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def label(self) -> str:
        """How papers, timelines and exports name this person: 姓名（工号 …）."""
        return person_label(self.name, self.staff_no, self.username)

    def can(self, permission: Permission) -> bool:
        return bool(permissions_of(self.role) & permission)

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def password_expired(self, now: datetime, max_age_days: int) -> bool:
        """True when the password is older than the hall allows (0: never expires)."""
        if not max_age_days or self.password_changed_at is None:
            return False
        return now - self.password_changed_at > timedelta(days=max_age_days)

    def audit_dict(self) -> dict:
        return {"username": self.username, "name": self.name, "staff_no": self.staff_no,
                "role": self.role, "enabled": self.is_enabled,
                "must_change_password": self.must_change_password}

    def __str__(self) -> str:
        return self.username


class AnonymousUser(AnonymousUserMixin):
    """Nobody logged in: can() is always false, so templates need no special case."""

    role = None
    display_name = "访客"

    def can(self, permission: Permission) -> bool:
        return False


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship()

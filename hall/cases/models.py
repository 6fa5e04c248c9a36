"""A case, its materials, its pauses and its timeline."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.core.extensions import db
from hall.core.types import UTCDateTime
from hall.items.models import Item

CASE_STATUSES = {
    "awaiting_supplement": "待补正（已一次性告知）",
    "in_progress": "办理中",
    "suspended": "暂停计时",
    "closed": "已办结",
    "not_accepted": "不予受理",
}
AWAITING_SUPPLEMENT, IN_PROGRESS, SUSPENDED = "awaiting_supplement", "in_progress", "suspended"
CLOSED, NOT_ACCEPTED = "closed", "not_accepted"
OPEN_STATUSES = (IN_PROGRESS, SUSPENDED)   # accepted and on the legal clock, not yet closed
RESULTS = {"approved": "准予（办结）", "rejected": "不予许可", "withdrawn": "申请人撤回"}
PAUSE_REASONS = {"supplement": "补正材料", "hearing": "听证", "tender": "招标",
                 "auction": "拍卖", "inspection": "检验", "testing": "检测",
                 "quarantine": "检疫", "appraisal": "鉴定", "expert_review": "专家评审",
                 "publicity": "公示", "site_survey": "现场勘验"}
WARNINGS = {"green": "正常", "yellow": "即将到期", "red": "已超期"}


class CaseCounter(db.Model):
    """The last case number of a day; its row lock orders numbering."""

    __tablename__ = "case_counter"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


class Case(db.Model):
    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(24), unique=True)
    query_code: Mapped[str] = mapped_column(String(8))
    token: Mapped[str] = mapped_column(String(32), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    promised_days: Mapped[int] = mapped_column()
    legal_days: Mapped[int] = mapped_column()
    applicant_type: Mapped[str] = mapped_column(String(8))
    applicant_name: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str] = mapped_column(String(18), default="")
    credit_code: Mapped[str] = mapped_column(String(18), default="")
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id", ondelete="SET NULL"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"),
                                                  index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clock_start_on: Mapped[date | None] = mapped_column(Date)
    paused_workdays: Mapped[int] = mapped_column(default=0)
    extension_days: Mapped[int] = mapped_column(default=0)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    legal_due_date: Mapped[date | None] = mapped_column(Date)
    yellow_from: Mapped[date | None] = mapped_column(Date)
    calendar_missing_year: Mapped[int | None] = mapped_column()
    # The deadline runs into calendar_missing_year and was counted on the statutory holidays
    # (暂定); kept so pages, receipts and the API show it without recounting.
    due_provisional: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    frozen_warning: Mapped[str | None] = mapped_column(String(8))
    deferred_until: Mapped[date | None] = mapped_column(Date)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(12))
    result_note: Mapped[str] = mapped_column(Text, default="")
    overdue_reason: Mapped[str] = mapped_column(Text, default="")
    workdays_used: Mapped[int | None] = mapped_column()
    closed_on_time: Mapped[bool | None] = mapped_column()
    closed_early: Mapped[bool | None] = mapped_column()

    item: Mapped[Item] = relationship()
    materials: Mapped[list["CaseMaterial"]] = relationship(
        back_populates="case", order_by="CaseMaterial.position", cascade="all, delete-orphan")
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan")
    pauses: Mapped[list["CasePause"]] = relationship(
        back_populates="case", order_by="CasePause.id", cascade="all, delete-orphan")

    __table_args__ = (
        # Every column the warning colour reads (deadlines.warning_expression), after the
        # status: the counts and lists of open cases read this index, never the table.
        Index("ix_case_warning", "status", "due_date", "yellow_from", "kind", "clock_start_on",
              "frozen_warning", "legal_due_date", "calendar_missing_year"),
        Index("ix_case_closed_at", "closed_at"),     # cases closed today
    )

    @property
    def status_label(self) -> str:
        if self.status == "closed" and self.result:
            return RESULTS.get(self.result, self.status)
        return CASE_STATUSES.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return "即办件" if self.kind == "immediate" else "承诺件"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def open_pause(self) -> "CasePause | None":
        return next((p for p in self.pauses if p.ended_at is None), None)

    @property
    def missing_materials(self) -> list["CaseMaterial"]:
        return [m for m in self.materials if not m.received and m.required]

    @property
    def deferred_materials(self) -> list["CaseMaterial"]:
        return [m for m in self.materials if m.deferred and not m.received]

    def audit_dict(self) -> dict:
        """State for the audit log, with personal data masked."""
        from hall.core.masking import mask_id, mask_name, mask_phone
        return {"case_no": self.case_no, "item": self.item.code if self.item else None,
                "status": self.status, "result": self.result,
                "applicant": mask_name(self.applicant_name) if self.applicant_type == "person"
                else self.applicant_name,
                "id_number": mask_id(self.id_number), "phone": mask_phone(self.phone),
                "due_date": self.due_date, "due_provisional": self.due_provisional,
                "extension_days": self.extension_days,
                "paused_workdays": self.paused_workdays}

    def __str__(self) -> str:
        return self.case_no


class CaseMaterial(db.Model):
    __tablename__ = "case_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[int | None] = mapped_column(ForeignKey("material.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(20), default="")
    copies: Mapped[int] = mapped_column(default=1)
    requirements: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=True)
    deferrable: Mapped[bool] = mapped_column(default=False)
    received: Mapped[bool] = mapped_column(default=False)
    deferred: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="materials")


class CasePause(db.Model):
    """A stop of the clock: 补正 or one of the item's special steps."""

    __tablename__ = "case_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_on: Mapped[date] = mapped_column(Date)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_on: Mapped[date | None] = mapped_column(Date)
    workdays: Mapped[int | None] = mapped_column()

    case: Mapped[Case] = relationship(back_populates="pauses")

    @property
    def reason_label(self) -> str:
        return PAUSE_REASONS.get(self.reason, self.reason)


class CaseEvent(db.Model):
    """One line of a case's timeline."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(40), default="")
    public: Mapped[bool] = mapped_column(default=True)

    case: Mapped[Case] = relationship(back_populates="events")

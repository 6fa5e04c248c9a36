"""The catalogue: departments, approval items and their materials."""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, LargeBinary, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, deferred, mapped_column, relationship

from hall.core.extensions import db
from hall.core.types import UTCDateTime

ITEM_TYPES = {
    "licensing": "行政许可",
    "confirmation": "行政确认",
    "adjudication": "行政裁决",
    "payment": "行政给付",
    "reward": "行政奖励",
    "filing": "行政备案",
    "other_power": "其他行政权力",
    "public_service": "公共服务",
}

# Special steps that stop the legal clock (docs/rules.md §3); 补正 always may.
SPECIAL_STEPS = {
    "hearing": "听证",
    "tender": "招标",
    "auction": "拍卖",
    "inspection": "检验",
    "testing": "检测",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
    "publicity": "公示",
    "site_survey": "现场勘验",
}

MATERIAL_FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}


class Department(db.Model):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    items: Mapped[list["Item"]] = relationship(back_populates="department",
                                               order_by="Item.code")

    def audit_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "phone": self.phone,
                "sort_order": self.sort_order}

    def __str__(self) -> str:
        return self.name


item_special_step = Table(
    "item_special_step", db.metadata,
    Column("item_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    Column("step", String(20), primary_key=True),
)


class Item(db.Model):
    __tablename__ = "item"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    type: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    procedure: Mapped[str] = mapped_column(Text, default="")
    legal_days: Mapped[int] = mapped_column(default=0)
    promised_days: Mapped[int] = mapped_column(default=0)
    charges_fee: Mapped[bool] = mapped_column(default=False)
    fee_basis: Mapped[str] = mapped_column(Text, default="")
    fee_standard: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    consult_phone: Mapped[str] = mapped_column(String(30), default="")
    complaint_phone: Mapped[str] = mapped_column(String(30), default="")
    online: Mapped[bool] = mapped_column(default=False)
    online_url: Mapped[str] = mapped_column(String(200), default="")
    visits: Mapped[int] = mapped_column(default=1)
    is_published: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 常用名 such as 营业执照 or 社保卡, one a line: the words citizens search with.
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Kept by the items services (hall/items/search.py says what it holds); never edited.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The queue category a citizen takes a ticket in for this item (the guide's 取号 button).
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)

    department: Mapped[Department] = relationship(back_populates="items")
    # Deleting a category empties this through the backref (the database would refuse).
    queue_category = relationship("Category", backref=backref("ticket_items"))
    materials: Mapped[list["Material"]] = relationship(
        back_populates="item", order_by="Material.position, Material.id",
        cascade="all, delete-orphan")

    @property
    def alias_list(self) -> list[str]:
        return [alias for alias in self.aliases.splitlines() if alias]

    @property
    def kind(self) -> str:
        """'immediate' (即办件) when promised in 0 working days, else 'promised' (承诺件)."""
        return "immediate" if self.promised_days == 0 else "promised"

    @property
    def kind_label(self) -> str:
        return "即办件" if self.kind == "immediate" else "承诺件"

    @property
    def type_label(self) -> str:
        return ITEM_TYPES.get(self.type, self.type)

    @property
    def procedure_steps(self) -> list[str]:
        return [line.strip() for line in self.procedure.splitlines() if line.strip()]

    @property
    def special_steps(self) -> list[str]:
        rows = db.session.execute(
            item_special_step.select().where(item_special_step.c.item_id == self.id)
        ).all()
        return sorted((row.step for row in rows), key=list(SPECIAL_STEPS).index)

    @property
    def special_step_labels(self) -> list[str]:
        return [SPECIAL_STEPS[step] for step in self.special_steps]

    def audit_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "type": self.type,
                "department": self.department.code if self.department else None,
                "legal_days": self.legal_days, "promised_days": self.promised_days,
                "charges_fee": self.charges_fee, "fee_standard": self.fee_standard,
                "online": self.online, "visits": self.visits,
                "published": self.is_published, "special_steps": self.special_steps,
                "aliases": self.alias_list, "category_id": self.category_id}

    def __str__(self) -> str:
        return self.name


class Material(db.Model):
    __tablename__ = "material"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(20), default="original")
    copies: Mapped[int] = mapped_column(default=1)
    required: Mapped[bool] = mapped_column(default=True)
    deferrable: Mapped[bool] = mapped_column(default=False)
    requirements: Mapped[str] = mapped_column(Text, default="")
    sample_filename: Mapped[str] = mapped_column(String(200), default="")
    sample_mimetype: Mapped[str] = mapped_column(String(100), default="")
    sample_data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    item: Mapped[Item] = relationship(back_populates="materials")

    __table_args__ = (UniqueConstraint("item_id", "name"),)

    @property
    def form_label(self) -> str:
        return MATERIAL_FORMS.get(self.form, self.form)

    @property
    def has_sample(self) -> bool:
        return bool(self.sample_filename)

    def audit_dict(self) -> dict:
        return {"item": self.item.code if self.item else None, "name": self.name,
                "form": self.form, "copies": self.copies, "required": self.required,
                "deferrable": self.deferrable, "requirements": self.requirements,
                "sample": self.sample_filename}

    def __str__(self) -> str:
        return self.name

"""Queue categories (业务类型): each has its own prefix letter and daily sequence."""
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..items.models import Item

category_item = Table(
    "category_item", db.metadata,
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
)


class Category(db.Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    prefix: Mapped[str] = mapped_column(String(1), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    items: Mapped[list[Item]] = relationship(secondary=category_item, order_by="Item.code")

    def audit_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "prefix": self.prefix,
                "description": self.description, "active": self.is_active,
                "items": sorted(item.code for item in self.items)}

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"

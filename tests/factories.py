"""Factories that add and flush one object each, with sensible Chinese data."""
import itertools
from dataclasses import dataclass

from sqlalchemy import text

from hall.audit.models import GENESIS_HASH, AuditHead
from hall.auth.models import User
from hall.auth.passwords import hash_password
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.events.models import EventHead
from hall.hours.models import WeekdayHours
from hall.items.models import Department, Item, Material
from hall.items.services import index_item
from hall.queue.models import Category
from hall.windows.models import Window


def open_around_the_clock() -> None:
    """Tests run at any hour of any day, real or frozen: the test hall issues tickets all
    day, every day (a fresh install keeps working hours, hall.hours.services; tests of the
    hours set their own, tests/hours/)."""
    db.session.add_all(WeekdayHours(weekday=n, sessions="00:00-24:00") for n in range(7))
    db.session.commit()


def empty_tables() -> None:
    """Delete every row, children first, and put back the head rows the migrations seed.

    PostgreSQL: DELETE and a reset of the sequences, not TRUNCATE, which gives every table
    a new file and cost 150 ms per test against 15 for the few rows a test leaves."""
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(
            "SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) "
            "FROM pg_sequences WHERE schemaname = current_schema()"))
    db.session.add(AuditHead(id=1, last_id=0, last_hash=GENESIS_HASH))
    db.session.add(EventHead(id=1, last_id=0))
    db.session.commit()


@dataclass(frozen=True)
class CaseDesk:
    """A window with its staff member and one item to accept, with one material."""
    staff: User
    window: Window
    item: Item
    material: Material


_seq = itertools.count(1)
PASSWORD = "Hall-Test-2026"
TEST_ACTOR = Actor.system("test")


class Factories:
    def user(self, role: str = "staff", password: str = PASSWORD, **fields) -> User:
        n = next(_seq)
        values = {"username": f"{role}{n}", "name": f"测试{n}", "staff_no": f"T{n:04d}",
                  "must_change_password": False, "is_enabled": True, "failed_logins": 0,
                  "password_changed_at": clock.now(), "created_at": clock.now()}
        values.update(fields)
        user = User(role=role, password_hash=hash_password(password), **values)
        return self._add(user)

    def department(self, **fields) -> Department:
        n = next(_seq)
        values = {"code": f"D{n}", "name": f"测试部门{n}", "phone": "0938-1234567",
                  "sort_order": n}
        return self._add(Department(**{**values, **fields}))

    def item(self, department: Department | None = None, **fields) -> Item:
        n = next(_seq)
        values = {
            "code": f"62052400CS-XK-{n:04d}", "name": f"测试许可事项{n}", "type": "licensing",
            "legal_basis": "《中华人民共和国行政许可法》", "conditions": "申请人符合法定条件",
            "procedure": "申请\n受理\n审查\n决定", "legal_days": 20, "promised_days": 5,
            "charges_fee": False, "fee_basis": "", "fee_standard": "", "place": "一楼大厅",
            "consult_phone": "0938-1234567", "complaint_phone": "12345", "online": True,
            "online_url": "", "visits": 1, "is_published": True, "updated_at": clock.now(),
        }
        values.update(fields)
        item = self._add(Item(department=department or self.department(), **values))
        index_item(item)   # what the items services store on save: the search text
        return item

    def material(self, item: Item, **fields) -> Material:
        n = next(_seq)
        values = {"name": f"材料{n}", "form": "original", "copies": 1, "required": True,
                  "deferrable": False, "requirements": "", "position": n}
        material = self._add(Material(item=item, **{**values, **fields}))
        index_item(item)
        return material

    def category(self, items=(), **fields) -> Category:
        n = next(_seq)
        letter = chr(ord("A") + n % 26)
        values = {"code": f"cat{n}", "name": f"类别{n}", "prefix": letter, "description": "",
                  "sort_order": n, "is_active": True}
        category = Category(**{**values, **fields})
        category.items = list(items)
        return self._add(category)

    def window(self, categories=(), departments=(), **fields) -> Window:
        n = next(_seq)
        values = {"no": n, "name": f"综合窗口{n}", "kind": "comprehensive", "status": "open"}
        window = Window(**{**values, **fields})
        window.categories, window.departments = list(categories), list(departments)
        return self._add(window)

    @staticmethod
    def _add(obj):
        db.session.add(obj)
        db.session.flush()
        return obj

"""Loads the demo county hall (the JSON files in hall/demo/data/) through the ordinary services."""
from sqlalchemy import func, select

from hall.auth.services import create_user, generate_password
from hall.calendar.services import sync_from_chinesecalendar
from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.demo import data
from hall.demo.appointment_slots import load_slots
from hall.items.models import Department, Item
from hall.items.services import assign_category, save_department, save_item, save_material
from hall.queue.models import Category
from hall.queue.services import save_category
from hall.settings import services as settings
from hall.windows.models import Window
from hall.windows.services import assign_staff, save_window

# (role, username, name, staff number, windows as A or B). Every queue has a staffed window
# (demo_unstaffed_categories() checks it): a ticket of any letter can be called.
DEMO_ACCOUNTS = [
    ("admin", "admin", "王建国", "S0001", []),
    ("manager", "manager", "李秀英", "S0002", []),
    ("auditor", "auditor", "赵敏", "S0003", []),
    ("staff", "staff", "陈晓燕", "A0101", [1, 2]),      # C 社保医保, D 社会事务, B 工程建设
    ("staff", "staff2", "刘洋", "A0102", [2, 1]),
    ("staff", "staff3", "孔德明", "A0103", [3]),        # A 企业开办
    ("staff", "staff4", "韩雪梅", "A0104", [18]),       # E 户政出入境
    ("staff", "staff5", "曹志远", "A0105", [11]),       # F 不动产登记
    ("staff", "staff6", "彭丽华", "A0106", [21]),       # G 卫生健康
    ("staff", "staff7", "邓晓东", "A0107", [22]),       # H 农业与交通运输
    ("staff", "staff8", "许文博", "A0108", [24]),       # J 收费缴费
]


def load_demo(now) -> list[tuple[str, str, str]]:
    """Fill an empty database; returns (role, username, password) of the demo accounts."""
    if db.session.scalar(select(func.count()).select_from(Department)):
        raise DomainError("数据库中已有大厅数据，未重复导入演示数据")
    actor = Actor.system("demo")
    settings.update(actor, _hall_settings())
    sync_from_chinesecalendar(actor, now)
    departments = {code: save_department(actor, {"code": code, "name": name, "phone": phone,
                                                 "sort_order": n})
                   for n, (code, name, phone) in enumerate(data.DEPARTMENTS)}
    items = {spec["code"]: _load_item(actor, spec, departments, now) for spec in data.ITEMS}
    categories = {spec["code"]: _load_category(actor, spec, n, items)
                  for n, spec in enumerate(data.CATEGORIES)}
    load_slots(actor, categories)
    for code, (category, _aliases) in data.ITEM_SEARCH.items():
        assign_category(actor, items[code], categories[category].id, now)
    windows = {spec["no"]: _load_window(actor, spec, departments, categories)
               for spec in data.WINDOWS}
    accounts = [_load_account(actor, now, windows, *row) for row in DEMO_ACCOUNTS]
    unstaffed = demo_unstaffed_categories()
    if unstaffed:
        raise DomainError("演示数据中以下队列没有有人值守的窗口：" + "、".join(unstaffed))
    return accounts


def demo_unstaffed_categories() -> list[str]:
    """Active queues no window with an A or B staff member serves, as "E 户政出入境"."""
    staffed = {category.id for window in db.session.scalars(select(Window))
               if window.staff_a_id or window.staff_b_id for category in window.categories}
    return [str(c) for c in db.session.scalars(select(Category).where(
        Category.is_active.is_(True)).order_by(Category.sort_order)) if c.id not in staffed]


def _hall_settings() -> dict:
    hall = data.HALL
    return {"hall_name": hall["name"], "region_code": hall["region_code"],
            "hall_address": hall.get("address", ""), "hall_phone": hall.get("phone", ""),
            "open_time": hall["open_time"], "close_time": hall["close_time"]}


def _load_item(actor, spec: dict, departments: dict, now) -> Item:
    fields = {k: v for k, v in spec.items() if k not in ("department", "materials", "procedure")}
    fields.update(department_id=departments[spec["department"]].id,
                  procedure="\n".join(spec["procedure"]), is_published=True,
                  online_url=spec.get("online_url", ""),
                  aliases="\n".join(data.ITEM_SEARCH.get(spec["code"], ("", []))[1]))
    item = save_item(actor, fields, now)
    for position, material in enumerate(spec["materials"], start=1):
        save_material(actor, item, {**material, "position": position})
    return item


def _load_category(actor, spec: dict, order: int, items: dict) -> Category:
    fields = {"code": spec["code"], "name": spec["name"], "prefix": spec["prefix"],
              "description": spec.get("description", ""), "sort_order": order,
              "is_active": True}
    return save_category(actor, fields, [items[code].id for code in spec["items"]])


def _load_window(actor, spec: dict, departments: dict, categories: dict):
    fields = {"no": spec["no"], "name": spec["name"], "kind": spec["kind"], "status": "open"}
    return save_window(actor, fields, [departments[c].id for c in spec["departments"]],
                       [categories[c].id for c in spec["categories"]])


def _load_account(actor, now, windows, role, username, name, staff_no, seats):
    password = generate_password()
    user = create_user(actor, now, username=username, role=role, password=password,
                       name=name, staff_no=staff_no, must_change=False)
    for no in seats:
        assign_staff(actor, windows[no], user)
    return role, username, password

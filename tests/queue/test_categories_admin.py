"""Queue categories through the administrator's pages: items, unique code, name and prefix."""
import json
import re

import pytest
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.items.models import Item
from hall.queue.models import Category, category_item
from hall.windows.models import Window


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def category_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Category))


def errors_of(html: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def by_code(code: str) -> Category | None:
    db.session.expire_all()
    return db.session.scalar(select(Category).where(Category.code == code))


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def items(make):
    department = make.department(name="县民政局")
    made = [make.item(department=department, name=name)
            for name in ("内地居民婚姻登记", "婚姻登记记录证明", "社会团体成立登记")]
    db.session.commit()
    return made


def form(items=(), **fields) -> dict:
    data = {"code": "marriage", "name": "婚姻登记", "prefix": "H", "description": "结婚、离婚登记",
            "sort_order": "2", "is_active": "y", "items": [str(i.id) for i in items]}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_create_category_with_items(client, admin, items):
    response = client.post("/admin/categories/new", data=form(items[:2]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/categories/")
    category = by_code("marriage")
    assert (category.name, category.prefix, category.description, category.sort_order) == (
        "婚姻登记", "H", "结婚、离婚登记", 2)
    assert category.is_active is True
    assert sorted(i.id for i in category.items) == sorted(i.id for i in items[:2])
    html = client.get("/admin/categories/").get_data(as_text=True)
    assert "排队类别“婚姻登记”已保存" in html
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "婚姻登记" in r)
    assert "<td>2</td>" in row and ">H<" in row and "启用" in row


def test_create_inactive_category_without_items(client, admin):
    response = client.post("/admin/categories/new", data=form(is_active=None))
    assert response.status_code == 302
    category = by_code("marriage")
    assert category.is_active is False and category.items == []


def test_form_lists_items_with_their_department(client, admin, items):
    html = client.get("/admin/categories/new").get_data(as_text=True)
    assert "内地居民婚姻登记（县民政局）" in html
    assert html.count('name="items"') == 3


def test_edit_category(client, admin, make, items):
    category = make.category(items=items[:2], code="marriage", name="婚姻登记", prefix="H")
    db.session.commit()
    html = client.get(f"/admin/categories/{category.id}").get_data(as_text=True)
    checked = {re.search(r'value="(\d+)"', tag).group(1)
               for tag in re.findall(r'<input[^>]*name="items"[^>]*>', html) if "checked" in tag}
    assert checked == {str(items[0].id), str(items[1].id)}
    response = client.post(f"/admin/categories/{category.id}",
                           data=form([items[2]], name="社会组织登记", prefix="S"))
    assert response.status_code == 302
    category = by_code("marriage")
    assert (category.name, category.prefix) == ("社会组织登记", "S")
    assert [i.id for i in category.items] == [items[2].id]
    assert category_count() == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "category.update"))
    assert json.loads(entry.before)["prefix"] == "H"
    assert json.loads(entry.after)["prefix"] == "S"
    assert json.loads(entry.after)["items"] == [items[2].code]


def test_edit_keeps_its_own_code_name_and_prefix(client, admin, make):
    category = make.category(code="marriage", name="婚姻登记", prefix="H", description="")
    db.session.commit()
    response = client.post(f"/admin/categories/{category.id}", data=form(description="新说明"))
    assert response.status_code == 302
    assert by_code("marriage").description == "新说明"


def test_delete_category(client, admin, make, items):
    category = make.category(items=items, code="marriage", name="婚姻登记", prefix="H")
    window = make.window(categories=[category])
    db.session.commit()
    response = client.post(f"/admin/categories/{category.id}/delete")
    assert response.status_code == 302
    assert "排队类别已删除" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert by_code("marriage") is None
    assert db.session.scalar(select(func.count()).select_from(category_item)) == 0
    assert db.session.scalar(select(func.count()).select_from(Item)) == 3   # items stay
    assert db.session.get(Window, window.id).categories == []             # so does the window
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "category.delete"))
    assert entry.object_label == "婚姻登记"


def test_delete_unknown_category_is_404(client, admin):
    assert client.post("/admin/categories/999999/delete").status_code == 404


@pytest.mark.parametrize("field,value,message", [
    ("code", "marriage", "类别编码已被其他类别使用"),
    ("name", "婚姻登记", "类别名称已被其他类别使用"),
    ("prefix", "H", "字母前缀已被其他类别使用"),
])
def test_code_name_and_prefix_are_unique(client, admin, make, items, field, value, message):
    make.category(code="marriage", name="婚姻登记", prefix="H")
    db.session.commit()
    before = audit_count()
    fresh = {"code": "society", "name": "社会组织", "prefix": "S", field: value}
    response = client.post("/admin/categories/new", data=form(items, **fresh))
    assert response.status_code == 400
    assert message in errors_of(response.get_data(as_text=True), field)
    assert category_count() == 1
    assert db.session.scalar(select(func.count()).select_from(category_item)) == 0
    assert audit_count() == before


def test_changing_prefix_to_one_in_use_is_refused(client, admin, make):
    make.category(code="marriage", name="婚姻登记", prefix="H")
    other = make.category(code="society", name="社会组织", prefix="S")
    db.session.commit()
    before = audit_count()
    response = client.post(f"/admin/categories/{other.id}",
                           data=form(code="society", name="社会组织", prefix="H"))
    assert response.status_code == 400
    assert "字母前缀已被其他类别使用" in response.get_data(as_text=True)
    assert by_code("society").prefix == "S"
    assert audit_count() == before


@pytest.mark.parametrize("prefix", ["h", "HH", "Ab", "1", "中", "-", " H"])
def test_prefix_must_be_one_upper_case_letter(client, admin, items, prefix):
    before = audit_count()
    response = client.post("/admin/categories/new", data=form(items, prefix=prefix))
    assert response.status_code == 400
    assert "字母前缀须为一个大写英文字母" in errors_of(response.get_data(as_text=True), "prefix")
    assert category_count() == 0
    assert audit_count() == before


@pytest.mark.parametrize("field", ["code", "name", "prefix"])
def test_required_fields(client, admin, field):
    before = audit_count()
    response = client.post("/admin/categories/new", data=form(**{field: ""}))
    assert response.status_code == 400
    assert "此项为必填项" in errors_of(response.get_data(as_text=True), field)
    assert category_count() == 0 and audit_count() == before


@pytest.mark.parametrize("code", ["Marriage", "婚姻", "mar riage", "a/b"])
def test_code_characters(client, admin, code):
    response = client.post("/admin/categories/new", data=form(code=code))
    assert response.status_code == 400
    assert "编码只能包含小写英文字母、数字、_ 和 -" in errors_of(response.get_data(as_text=True), "code")
    assert category_count() == 0


def test_unknown_item_is_refused(client, admin, items):
    data = form(items)
    data["items"] = [str(items[0].id), "999999"]
    response = client.post("/admin/categories/new", data=data)
    assert response.status_code == 400
    assert category_count() == 0


@pytest.mark.parametrize("role", ["staff", "manager", "auditor"])
def test_only_the_administrator_manages_categories(client, login_as, make, role):
    category = make.category(code="marriage", name="婚姻登记", prefix="H")
    db.session.commit()
    login_as(role)
    before = audit_count()
    assert client.get("/admin/categories/").status_code == 403
    assert client.post("/admin/categories/new", data=form(code="x", name="x", prefix="X")
                       ).status_code == 403
    assert client.post(f"/admin/categories/{category.id}/delete").status_code == 403
    assert category_count() == 1 and audit_count() == before


def test_a_category_with_tickets_cannot_be_deleted(client, admin, make):
    from hall.core import clock
    from hall.queue import tickets
    from hall.queue.models import Category
    category = make.category()
    tickets.issue_ticket(category, clock.now())
    db.session.commit()
    response = client.post(f"/admin/categories/{category.id}/delete")
    assert response.status_code == 302
    assert db.session.get(Category, category.id) is not None
    assert "不能删除" in client.get("/admin/categories/").get_data(as_text=True)

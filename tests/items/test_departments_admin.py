"""Departments through the administrator's pages: create, edit, delete and their rules."""
import json
import re

import pytest
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.items.models import Department
from hall.windows.models import Window


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def department_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Department))


def errors_of(html: str, field: str) -> str:
    """The text of the error list the form shows under one field ('' when none)."""
    found = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def by_code(code: str) -> Department | None:
    return db.session.scalar(select(Department).where(Department.code == code))


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def form(**fields) -> dict:
    data = {"code": "MZ", "name": "县民政局", "phone": "0938-8211234", "sort_order": "3"}
    data.update(fields)
    return data


def test_create_department(client, admin):
    response = client.post("/admin/departments/new", data=form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/departments")
    department = by_code("MZ")
    assert (department.name, department.phone, department.sort_order) == (
        "县民政局", "0938-8211234", 3)
    page = client.get("/admin/departments").get_data(as_text=True)
    assert "部门“县民政局”已保存" in page
    assert "县民政局" in page and "0938-8211234" in page


def test_new_department_form_is_shown(client, admin):
    response = client.get("/admin/departments/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "新建部门" in html and 'name="code"' in html and 'name="name"' in html


@pytest.mark.parametrize("field", ["code", "name"])
def test_required_fields(client, admin, field):
    before = audit_count()
    response = client.post("/admin/departments/new", data=form(**{field: ""}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "此项为必填项" in errors_of(html, field)
    assert "尚未保存任何内容" in html
    assert department_count() == 0
    assert audit_count() == before


def test_optional_phone_and_sort_order(client, admin):
    response = client.post("/admin/departments/new", data=form(phone="", sort_order=""))
    assert response.status_code == 302
    department = by_code("MZ")
    assert department.phone == "" and department.sort_order == 0


def test_unique_code(client, admin, make):
    make.department(code="MZ", name="县民政局")
    db.session.commit()
    before = audit_count()
    response = client.post("/admin/departments/new", data=form(name="县人社局"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "部门编码已存在" in errors_of(html, "code")
    assert errors_of(html, "name") == ""
    assert department_count() == 1
    assert db.session.scalar(select(Department).where(Department.name == "县人社局")) is None
    assert audit_count() == before


def test_unique_name(client, admin, make):
    make.department(code="MZ", name="县民政局")
    db.session.commit()
    before = audit_count()
    response = client.post("/admin/departments/new", data=form(code="MZ2"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "部门名称已存在" in errors_of(html, "name")
    assert errors_of(html, "code") == ""
    assert department_count() == 1 and by_code("MZ2") is None
    assert audit_count() == before


def test_both_code_and_name_taken_are_both_reported(client, admin, make):
    make.department(code="MZ", name="县民政局")
    db.session.commit()
    response = client.post("/admin/departments/new", data=form())
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "部门编码已存在" in errors_of(html, "code")
    assert "部门名称已存在" in errors_of(html, "name")
    assert department_count() == 1


@pytest.mark.parametrize("code", ["民政", "MZ 01", "MZ/01", "MZ.01", "MZ<b>", "MZ'01"])
def test_invalid_code_characters(client, admin, code):
    before = audit_count()
    response = client.post("/admin/departments/new", data=form(code=code))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "编码只能包含英文字母、数字、_ 和 -" in errors_of(html, "code")
    assert department_count() == 0
    assert audit_count() == before


def test_code_with_letters_digits_underscore_and_hyphen_is_accepted(client, admin):
    response = client.post("/admin/departments/new", data=form(code="mz_01-A"))
    assert response.status_code == 302
    assert by_code("mz_01-A") is not None


def test_code_too_long(client, admin):
    response = client.post("/admin/departments/new", data=form(code="M" * 21))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True), "code")
    assert department_count() == 0


def test_invalid_phone(client, admin):
    response = client.post("/admin/departments/new", data=form(phone="电话八二一"))
    assert response.status_code == 400
    assert "电话号码只能包含数字、空格、+ 和 -" in errors_of(response.get_data(as_text=True), "phone")
    assert department_count() == 0


def test_edit_form_shows_current_values(client, admin, make):
    department = make.department(code="SC", name="县市场监管局", phone="0938-1111111")
    db.session.commit()
    html = client.get(f"/admin/departments/{department.id}").get_data(as_text=True)
    assert "编辑部门" in html
    assert 'value="SC"' in html and 'value="县市场监管局"' in html and "0938-1111111" in html


def test_edit_department(client, admin, make):
    department = make.department(code="SC", name="县工商局", sort_order=9)
    db.session.commit()
    response = client.post(f"/admin/departments/{department.id}",
                           data=form(code="SC", name="县市场监督管理局", phone="0938-2222222",
                                     sort_order="2"))
    assert response.status_code == 302
    db.session.expire_all()
    department = db.session.get(Department, department.id)
    assert (department.code, department.name, department.phone, department.sort_order) == (
        "SC", "县市场监督管理局", "0938-2222222", 2)
    assert department_count() == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "department.update"))
    assert json.loads(entry.before)["name"] == "县工商局"
    assert json.loads(entry.after)["name"] == "县市场监督管理局"


def test_edit_to_another_departments_code_or_name_is_refused(client, admin, make):
    make.department(code="MZ", name="县民政局")
    other = make.department(code="SC", name="县市场监管局")
    db.session.commit()
    before = audit_count()
    response = client.post(f"/admin/departments/{other.id}", data=form(code="MZ", name="县民政局"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "部门编码已存在" in html and "部门名称已存在" in html
    db.session.expire_all()
    other = db.session.get(Department, other.id)
    assert (other.code, other.name) == ("SC", "县市场监管局")
    assert audit_count() == before


def test_edit_unknown_department_is_404(client, admin):
    assert client.get("/admin/departments/999999").status_code == 404
    assert client.post("/admin/departments/999999", data=form()).status_code == 404
    assert department_count() == 0


def test_delete_department_without_items(client, admin, make):
    department = make.department(code="MZ", name="县民政局")
    window = make.window(departments=[department])
    db.session.commit()
    response = client.post(f"/admin/departments/{department.id}/delete")
    assert response.status_code == 302
    assert "部门已删除" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert by_code("MZ") is None
    db.session.expire_all()
    assert db.session.get(Window, window.id).departments == []   # the window stays
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "department.delete"))
    assert entry.object_label == "县民政局"
    assert json.loads(entry.before)["code"] == "MZ"


def test_delete_refused_while_the_department_has_items(client, admin, make):
    department = make.department(code="MZ", name="县民政局")
    make.item(department=department, is_published=False)
    db.session.commit()
    before = audit_count()
    response = client.post(f"/admin/departments/{department.id}/delete", follow_redirects=True)
    assert response.status_code == 200
    assert "该部门下仍有事项，不能删除" in response.get_data(as_text=True)
    assert by_code("MZ") is not None
    assert audit_count() == before


def test_delete_needs_post(client, admin, make):
    department = make.department()
    db.session.commit()
    assert client.get(f"/admin/departments/{department.id}/delete").status_code == 405
    assert department_count() == 1


@pytest.mark.parametrize("role", ["staff", "manager", "auditor"])
def test_only_the_administrator_manages_departments(client, login_as, make, role):
    department = make.department(code="MZ", name="县民政局")
    db.session.commit()
    login_as(role)
    before = audit_count()
    assert client.get("/admin/departments").status_code == 403
    assert client.post("/admin/departments/new", data=form(code="X1", name="某局")).status_code == 403
    assert client.post(f"/admin/departments/{department.id}/delete").status_code == 403
    assert department_count() == 1 and by_code("MZ") is not None
    assert audit_count() == before


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/departments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/admin/departments/new", data=form()).status_code == 302
    assert department_count() == 0

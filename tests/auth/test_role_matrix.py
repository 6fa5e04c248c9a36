"""Who reaches which administration page (docs/rules.md §6: roles kept apart)."""
from urllib.parse import parse_qs, urlsplit

import pytest

from hall.audit.models import AuditEntry
from hall.auth.models import User
from hall.core.extensions import db
from hall.items.models import Department, Item
from hall.queue.models import Category
from hall.settings.models import Setting
from hall.windows.models import Window
from tests.auth.helpers import committed_count

PAGES = [
    "/admin/departments",
    "/admin/departments/new",
    "/admin/items",
    "/admin/items/new",
    "/admin/categories/",
    "/admin/categories/new",
    "/admin/windows/",
    "/admin/windows/new",
    "/admin/users/",
    "/admin/users/new",
    "/admin/settings/",
    "/audit/",
]

# The pages each role may open; every other page answers 403.
ALLOWED = {
    "admin": set(PAGES) - {"/audit/"},
    "manager": set(),
    "staff": set(),
    "auditor": {"/audit/"},
}

MATRIX = [(role, page, 200 if page in ALLOWED[role] else 403)
          for role in ALLOWED for page in PAGES]


@pytest.mark.parametrize("role, page, status", MATRIX,
                         ids=[f"{r}-{p}-{s}" for r, p, s in MATRIX])
def test_role_reaches_only_its_pages(client, login_as, role, page, status):
    login_as(role)
    response = client.get(page)
    assert response.status_code == status
    if status == 403:
        assert "您没有权限访问此页面" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, page):
    response = client.get(page)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [page]


def test_every_role_is_in_the_matrix():
    from hall.core.roles import ROLES
    assert set(ALLOWED) == set(ROLES)


# --- changes attempted by the wrong role ------------------------------------------------------

def _department(make):
    return {"code": "MZJ", "name": "县民政局", "phone": "0938-1234567", "sort_order": "1"}


def _category(make):
    return {"code": "civil", "name": "民政业务", "prefix": "M", "description": "",
            "sort_order": "1", "is_active": "y"}


def _window(make):
    return {"no": "12", "name": "综合窗口12", "kind": "comprehensive", "status": "open",
            "staff_a_id": "0", "staff_b_id": "0"}


def _user(make):
    return {"username": "intruder", "name": "入侵者", "role": "admin",
            "password": "Init-Pass-2026", "is_enabled": "y"}


def _settings(make):
    return {"hall_name": "被篡改的大厅", "region_code": "620524", "open_time": "09:00",
            "close_time": "17:30", "idle_minutes": "240", "lockout_minutes": "1",
            "password_max_age_days": "0"}


def _item(make):
    department = make.department()
    db.session.commit()
    return {"code": "62052400MZ-XK-0099", "name": "测试新事项", "type": "licensing",
            "department_id": str(department.id), "legal_basis": "《行政许可法》",
            "conditions": "符合条件", "procedure": "申请\n受理", "legal_days": "20",
            "promised_days": "5", "place": "一楼大厅", "consult_phone": "0938-1234567",
            "complaint_phone": "12345", "visits": "1", "is_published": "y"}


# (url, form builder, what must stay empty: model and a filter on it)
CHANGES = {
    "department": ("/admin/departments/new", _department, Department, Department.code == "MZJ"),
    "category": ("/admin/categories/new", _category, Category, Category.code == "civil"),
    "window": ("/admin/windows/new", _window, Window, Window.no == 12),
    "user": ("/admin/users/new", _user, User, User.username == "intruder"),
    "settings": ("/admin/settings/", _settings, Setting, Setting.key == "hall_name"),
    "item": ("/admin/items/new", _item, Item, Item.code == "62052400MZ-XK-0099"),
}

WRONG_ROLE_POSTS = [(role, change) for role in ("manager", "staff", "auditor")
                    for change in CHANGES]


@pytest.mark.parametrize("role, change", WRONG_ROLE_POSTS,
                         ids=[f"{r}-{c}" for r, c in WRONG_ROLE_POSTS])
def test_wrong_role_cannot_post_changes(client, make, login_as, role, change):
    url, build, model, where = CHANGES[change]
    data = build(make)
    login_as(role)
    audit_before = committed_count(AuditEntry)
    response = client.post(url, data=data)
    assert response.status_code == 403
    assert committed_count(model, where) == 0
    assert committed_count(AuditEntry) == audit_before


@pytest.mark.parametrize("change", list(CHANGES))
def test_anonymous_cannot_post_changes(client, make, change):
    url, build, model, where = CHANGES[change]
    response = client.post(url, data=build(make))
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert committed_count(model, where) == 0


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_same_post_by_the_admin_works(client, make, login_as, change):
    """Control: the forms above are valid, so the 403s are about the role alone."""
    url, build, model, where = CHANGES[change]
    data = build(make)
    login_as("admin")
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert committed_count(model, where) == 1


def test_auditor_cannot_manage_users_and_admin_cannot_read_audit(client, make, login_as):
    target = make.user(role="staff")
    db.session.commit()
    login_as("auditor")
    assert client.post(f"/admin/users/{target.id}/password",
                       data={"password": "Reset-Pass-2026"}).status_code == 403
    assert client.get(f"/admin/users/{target.id}").status_code == 403
    client.post("/logout")
    login_as("admin")
    assert client.get("/audit/").status_code == 403

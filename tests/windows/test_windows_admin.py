"""Windows through the administrator's pages, and seating A/B staff."""
import json
import re

import pytest
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.auth.models import User
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.windows import services
from hall.windows.models import Window, window_category, window_department
from tests.factories import TEST_ACTOR


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def window_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Window))


def errors_of(html: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def window_no(no: int) -> Window | None:
    db.session.expire_all()
    return db.session.scalar(select(Window).where(Window.no == no))


def options_of(html: str, field: str) -> set[str]:
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return set(re.findall(r'<option[^>]*value="(\d+)"', select_html))


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def setup(make):
    """Two departments, two categories and three staff members."""
    data = {
        "mz": make.department(code="MZ", name="县民政局"),
        "sc": make.department(code="SC", name="县市场监管局"),
        "cat_a": make.category(code="general", name="综合业务", prefix="A"),
        "cat_b": make.category(code="business", name="企业开办", prefix="B"),
        "wang": make.user(role="staff", username="wangfang", name="王芳"),
        "li": make.user(role="staff", username="lilei", name="李雷"),
        "zhao": make.user(role="staff", username="zhaomin", name="赵敏"),
    }
    db.session.commit()
    return data


def form(setup, **fields) -> dict:
    data = {"no": "3", "name": "综合受理窗口", "kind": "comprehensive", "status": "open",
            "staff_a_id": str(setup["wang"].id), "staff_b_id": str(setup["li"].id),
            "departments": [str(setup["mz"].id), str(setup["sc"].id)],
            "categories": [str(setup["cat_a"].id)]}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_create_window(client, admin, setup):
    response = client.post("/admin/windows/new", data=form(setup))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/windows/")
    window = window_no(3)
    assert (window.name, window.kind, window.status) == ("综合受理窗口", "comprehensive", "open")
    assert (window.staff_a_id, window.staff_b_id) == (setup["wang"].id, setup["li"].id)
    assert [d.code for d in window.departments] == ["MZ", "SC"]
    assert [c.code for c in window.categories] == ["general"]
    html = client.get("/admin/windows/").get_data(as_text=True)
    assert "3号窗口已保存" in html
    assert "王芳 / 李雷" in html and "A 综合业务" in html and "县民政局、县市场监管局" in html
    assert "综合受理" in html and "开放" in html


def test_create_window_without_staff(client, admin, setup):
    response = client.post("/admin/windows/new", data=form(
        setup, staff_a_id="0", staff_b_id="0", departments=None, categories=None, kind="fee"))
    assert response.status_code == 302
    window = window_no(3)
    assert window.staff_a_id is None and window.staff_b_id is None
    assert window.departments == [] and window.categories == [] and window.kind == "fee"


def test_edit_window(client, admin, setup, make):
    window = make.window(no=5, name="旧名称", departments=[setup["mz"]],
                         categories=[setup["cat_a"]], staff_a_id=setup["wang"].id)
    db.session.commit()
    html = client.get(f"/admin/windows/{window.id}").get_data(as_text=True)
    assert 'value="5"' in html and "旧名称" in html
    response = client.post(f"/admin/windows/{window.id}", data=form(
        setup, no="5", name="企业开办窗口", kind="professional", status="paused",
        staff_a_id=str(setup["zhao"].id), staff_b_id="0", departments=[str(setup["sc"].id)],
        categories=[str(setup["cat_b"].id)]))
    assert response.status_code == 302
    window = window_no(5)
    assert (window.name, window.kind, window.status) == ("企业开办窗口", "professional", "paused")
    assert (window.staff_a_id, window.staff_b_id) == (setup["zhao"].id, None)
    assert [d.code for d in window.departments] == ["SC"]
    assert [c.code for c in window.categories] == ["business"]
    assert window_count() == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "window.update"))
    assert json.loads(entry.before)["staff_a"] == "wangfang"
    assert json.loads(entry.after)["staff_a"] == "zhaomin"
    assert json.loads(entry.after)["status"] == "paused"


def test_edit_keeps_its_own_number(client, admin, setup, make):
    window = make.window(no=5)
    db.session.commit()
    assert client.post(f"/admin/windows/{window.id}", data=form(setup, no="5")).status_code == 302
    assert window_no(5).name == "综合受理窗口"


def test_delete_window(client, admin, setup, make):
    window = make.window(no=5, departments=[setup["mz"]], categories=[setup["cat_a"]],
                         staff_a_id=setup["wang"].id)
    db.session.commit()
    response = client.post(f"/admin/windows/{window.id}/delete")
    assert response.status_code == 302
    assert "窗口已删除" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert window_no(5) is None
    assert db.session.scalar(select(func.count()).select_from(window_category)) == 0
    assert db.session.scalar(select(func.count()).select_from(window_department)) == 0
    assert db.session.get(User, setup["wang"].id) is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "window.delete"))
    assert entry.object_label == "5号窗口"


def test_unique_window_number(client, admin, setup, make):
    make.window(no=3, name="已有窗口")
    db.session.commit()
    before = audit_count()
    response = client.post("/admin/windows/new", data=form(setup))
    assert response.status_code == 400
    assert "窗口号已存在" in errors_of(response.get_data(as_text=True), "no")
    assert window_count() == 1 and window_no(3).name == "已有窗口"
    assert audit_count() == before


def test_renumbering_onto_another_window_is_refused(client, admin, setup, make):
    make.window(no=3)
    other = make.window(no=4)
    db.session.commit()
    response = client.post(f"/admin/windows/{other.id}", data=form(setup, no="3"))
    assert response.status_code == 400
    assert "窗口号已存在" in response.get_data(as_text=True)
    assert window_no(4) is not None


@pytest.mark.parametrize("no", ["0", "1000", "-1"])
def test_window_number_range(client, admin, setup, no):
    response = client.post("/admin/windows/new", data=form(setup, no=no))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True), "no")
    assert window_count() == 0


@pytest.mark.parametrize("field", ["no", "name"])
def test_required_fields(client, admin, setup, field):
    response = client.post("/admin/windows/new", data=form(setup, **{field: ""}))
    assert response.status_code == 400
    assert "此项为必填项" in errors_of(response.get_data(as_text=True), field)
    assert window_count() == 0


def test_a_and_b_cannot_be_the_same_person(client, admin, setup):
    before = audit_count()
    response = client.post("/admin/windows/new", data=form(
        setup, staff_a_id=str(setup["wang"].id), staff_b_id=str(setup["wang"].id)))
    assert response.status_code == 400
    assert "A岗与B岗不能是同一人" in errors_of(response.get_data(as_text=True), "staff_b_id")
    assert window_count() == 0 and audit_count() == before


def test_only_enabled_staff_are_offered(client, admin, setup, make):
    manager = make.user(role="manager")
    auditor = make.user(role="auditor")
    disabled = make.user(role="staff", is_enabled=False)
    db.session.commit()
    html = client.get("/admin/windows/new").get_data(as_text=True)
    for field in ("staff_a_id", "staff_b_id"):
        offered = options_of(html, field)
        assert {str(setup[k].id) for k in ("wang", "li", "zhao")} <= offered
        assert not {str(u.id) for u in (manager, auditor, admin, disabled)} & offered


@pytest.mark.parametrize("role", ["manager", "admin", "auditor"])
@pytest.mark.parametrize("post", ["staff_a_id", "staff_b_id"])
def test_only_staff_can_be_seated_through_the_page(client, admin, setup, make, role, post):
    other = make.user(role=role)
    db.session.commit()
    before = audit_count()
    response = client.post("/admin/windows/new", data=form(setup, **{post: str(other.id)}))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True), post)
    assert window_count() == 0 and audit_count() == before


def test_save_window_refuses_non_staff(app, setup, make):
    manager = make.user(role="manager")
    data = {"no": 8, "name": "窗口", "kind": "comprehensive", "status": "open",
            "staff_a_id": manager.id, "staff_b_id": None}
    with pytest.raises(DomainError) as caught:
        services.save_window(TEST_ACTOR, data, [], [])
    assert caught.value.fields["staff_a_id"] == "只能指定窗口工作人员"
    db.session.rollback()
    assert window_count() == 0


@pytest.mark.parametrize("status,label", [("open", "开放"), ("paused", "暂停"), ("closed", "关闭")])
def test_window_status(client, admin, setup, status, label):
    assert client.post("/admin/windows/new", data=form(setup, status=status)).status_code == 302
    assert window_no(3).status == status
    html = client.get("/admin/windows/").get_data(as_text=True)
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "综合受理窗口" in r)
    assert label in row


@pytest.mark.parametrize("field,value", [("status", "broken"), ("kind", "vip")])
def test_unknown_status_or_kind_is_refused(client, admin, setup, field, value):
    response = client.post("/admin/windows/new", data=form(setup, **{field: value}))
    assert response.status_code == 400
    assert "不是有效的选择" in errors_of(response.get_data(as_text=True), field)
    assert window_count() == 0


def test_unknown_category_is_refused(client, admin, setup):
    response = client.post("/admin/windows/new", data=form(setup, categories=["999999"]))
    assert response.status_code == 400
    assert window_count() == 0


@pytest.mark.parametrize("role", ["staff", "manager", "auditor"])
def test_only_the_administrator_manages_windows(client, login_as, setup, make, role):
    window = make.window(no=5)
    db.session.commit()
    login_as(role)
    before = audit_count()
    assert client.get("/admin/windows/").status_code == 403
    assert client.post("/admin/windows/new", data=form(setup)).status_code == 403
    assert client.post(f"/admin/windows/{window.id}/delete").status_code == 403
    assert window_count() == 1 and audit_count() == before


# --- assign_staff ------------------------------------------------------------------------

def test_assign_staff_seats_a_then_b_and_refuses_a_third(app, setup, make):
    window = make.window(no=3)
    assert services.assign_staff(TEST_ACTOR, window, setup["wang"]) == "A"
    assert services.assign_staff(TEST_ACTOR, window, setup["li"]) == "B"
    with pytest.raises(DomainError) as caught:
        services.assign_staff(TEST_ACTOR, window, setup["zhao"])
    assert caught.value.message == "3号窗口的A岗和B岗都已有人"
    db.session.commit()
    window = window_no(3)
    assert (window.staff_a_id, window.staff_b_id) == (setup["wang"].id, setup["li"].id)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["window.assign_staff", "window.assign_staff"]


def test_assign_staff_twice_keeps_the_same_post(app, setup, make):
    window = make.window(no=3)
    services.assign_staff(TEST_ACTOR, window, setup["wang"])
    services.assign_staff(TEST_ACTOR, window, setup["li"])
    assert services.assign_staff(TEST_ACTOR, window, setup["wang"]) == "A"
    assert services.assign_staff(TEST_ACTOR, window, setup["li"]) == "B"
    assert (window.staff_a_id, window.staff_b_id) == (setup["wang"].id, setup["li"].id)


def test_assign_staff_fills_a_when_only_b_is_taken(app, setup, make):
    window = make.window(no=3, staff_b_id=setup["li"].id)
    assert services.assign_staff(TEST_ACTOR, window, setup["wang"]) == "A"
    assert (window.staff_a_id, window.staff_b_id) == (setup["wang"].id, setup["li"].id)


@pytest.mark.parametrize("role", ["admin", "manager", "auditor"])
def test_assign_staff_refuses_other_roles(app, make, role):
    window = make.window(no=3)
    with pytest.raises(DomainError) as caught:
        services.assign_staff(TEST_ACTOR, window, make.user(role=role))
    assert caught.value.message == "只有窗口工作人员可以分配到窗口"
    assert window.staff_a_id is None and window.staff_b_id is None

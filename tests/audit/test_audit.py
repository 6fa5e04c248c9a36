"""The audit log: what the admin pages record, the hash chain, and the auditor's read-only page."""
import html as html_lib
import json
import re

import pytest
from sqlalchemy import func, select, text

from hall.audit.models import AuditEntry, AuditHead
from hall.audit.services import Actor, entry_hash, record, verify_chain
from hall.auth.models import User
from hall.core import clock
from hall.core.extensions import db
from hall.items.models import Department, Item, Material
from hall.queue.models import Category
from hall.windows.models import Window

PASSWORD = "Hall-Test-2026"


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def entries(action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def only_entry(action: str) -> AuditEntry:
    found = entries(action)
    assert len(found) == 1, f"{len(found)} entries for {action}"
    return found[0]


def assert_by(entry: AuditEntry, user: User, label: str) -> None:
    """The entry names who did it, from where, to what, with what result."""
    assert entry.user_id == user.id
    assert entry.username == user.username
    assert entry.role == "admin"
    assert entry.address == "127.0.0.1"
    assert entry.object_label == label
    assert entry.result == "ok"
    assert entry.created_at is not None
    assert len(entry.hash) == 64 and len(entry.prev_hash) == 64


def state(value: str):
    """An entry's before/after: JSON, or None when empty (nothing before a create)."""
    return json.loads(value) if value else None


@pytest.fixture
def admin(login_as):
    return login_as("admin")


# --- every change through the pages is recorded -----------------------------------------

def test_department_create_update_delete(client, admin):
    client.post("/admin/departments/new", data={"code": "MZ", "name": "县民政局",
                                                "phone": "0938-1", "sort_order": "1"})
    department = db.session.scalar(select(Department))
    client.post(f"/admin/departments/{department.id}",
                data={"code": "MZ", "name": "县民政事务局", "phone": "0938-2", "sort_order": "1"})
    client.post(f"/admin/departments/{department.id}/delete")

    created = only_entry("department.create")
    assert_by(created, admin, "县民政局")
    assert created.object_type == "Department" and created.object_id == str(department.id)
    assert state(created.before) is None
    assert state(created.after) == {"code": "MZ", "name": "县民政局", "phone": "0938-1",
                                    "sort_order": 1}
    updated = only_entry("department.update")
    assert_by(updated, admin, "县民政事务局")
    assert state(updated.before)["name"] == "县民政局"
    assert state(updated.after)["name"] == "县民政事务局"
    assert state(updated.after)["phone"] == "0938-2"
    deleted = only_entry("department.delete")
    assert_by(deleted, admin, "县民政事务局")
    assert state(deleted.before)["code"] == "MZ" and state(deleted.after) is None


def item_form(department, **fields) -> dict:
    data = {"code": "62052400MZ-XK-0001", "name": "内地居民婚姻登记", "type": "confirmation",
            "department_id": str(department.id), "legal_basis": "《婚姻登记条例》",
            "conditions": "双方自愿", "procedure": "申请\n受理", "legal_days": "20",
            "promised_days": "5", "visits": "1", "place": "一楼", "consult_phone": "0938-1",
            "complaint_phone": "12345", "special_steps": ["hearing"], "is_published": "y"}
    return {**data, **fields}


def test_item_create_and_update(client, admin, make):
    department = make.department(code="MZ")
    db.session.commit()
    client.post("/admin/items/new", data=item_form(department))
    item = db.session.scalar(select(Item))
    client.post(f"/admin/items/{item.id}", data=item_form(department, promised_days="3",
                                                          special_steps=["hearing", "publicity"]))
    created = only_entry("item.create")
    assert_by(created, admin, "内地居民婚姻登记")
    assert state(created.before) is None
    after = state(created.after)
    assert after["code"] == "62052400MZ-XK-0001" and after["department"] == "MZ"
    assert (after["legal_days"], after["promised_days"]) == (20, 5)
    assert after["special_steps"] == ["hearing"]
    updated = only_entry("item.update")
    assert_by(updated, admin, "内地居民婚姻登记")
    assert state(updated.before)["promised_days"] == 5
    assert state(updated.after)["promised_days"] == 3
    assert state(updated.after)["special_steps"] == ["hearing", "publicity"]


def test_material_create_update_delete(client, admin, make):
    item = make.item(code="62052400MZ-XK-0001")
    db.session.commit()
    data = {"name": "居民身份证", "form": "original", "copies": "1", "required": "y",
            "position": "1"}
    client.post(f"/admin/items/{item.id}/materials/new", data=data)
    material = db.session.scalar(select(Material))
    client.post(f"/admin/items/{item.id}/materials/{material.id}", data={**data, "copies": "2"})
    client.post(f"/admin/items/{item.id}/materials/{material.id}/delete")

    created = only_entry("material.create")
    assert_by(created, admin, "居民身份证")
    assert state(created.after)["item"] == "62052400MZ-XK-0001"
    assert state(created.after)["copies"] == 1
    updated = only_entry("material.update")
    assert (state(updated.before)["copies"], state(updated.after)["copies"]) == (1, 2)
    deleted = only_entry("material.delete")
    assert_by(deleted, admin, "居民身份证")
    assert state(deleted.before)["copies"] == 2 and state(deleted.after) is None


def test_category_create_update_delete(client, admin, make):
    item = make.item(code="62052400MZ-XK-0001")
    db.session.commit()
    data = {"code": "marriage", "name": "婚姻登记", "prefix": "H", "sort_order": "1",
            "is_active": "y", "items": [str(item.id)]}
    client.post("/admin/categories/new", data=data)
    category = db.session.scalar(select(Category))
    client.post(f"/admin/categories/{category.id}", data={**data, "prefix": "M", "items": []})
    client.post(f"/admin/categories/{category.id}/delete")

    created = only_entry("category.create")
    assert_by(created, admin, "H 婚姻登记")
    assert state(created.after)["items"] == ["62052400MZ-XK-0001"]
    updated = only_entry("category.update")
    assert_by(updated, admin, "M 婚姻登记")
    assert state(updated.before)["prefix"] == "H" and state(updated.after)["prefix"] == "M"
    assert state(updated.after)["items"] == []
    deleted = only_entry("category.delete")
    assert_by(deleted, admin, "婚姻登记")
    assert state(deleted.before)["prefix"] == "M"


def test_window_create_update_delete(client, admin, make):
    staff = make.user(role="staff", username="wangfang")
    department = make.department(code="MZ")
    db.session.commit()
    data = {"no": "3", "name": "综合窗口", "kind": "comprehensive", "status": "open",
            "staff_a_id": str(staff.id), "staff_b_id": "0", "departments": [str(department.id)]}
    client.post("/admin/windows/new", data=data)
    window = db.session.scalar(select(Window))
    client.post(f"/admin/windows/{window.id}", data={**data, "status": "paused"})
    client.post(f"/admin/windows/{window.id}/delete")

    created = only_entry("window.create")
    assert_by(created, admin, "3号窗口")
    after = state(created.after)
    assert after["staff_a"] == "wangfang" and after["departments"] == ["MZ"]
    updated = only_entry("window.update")
    assert state(updated.before)["status"] == "open"
    assert state(updated.after)["status"] == "paused"
    deleted = only_entry("window.delete")
    assert_by(deleted, admin, "3号窗口")
    assert state(deleted.before)["status"] == "paused"


def test_user_create(client, admin):
    response = client.post("/admin/users/new", data={
        "username": "clerk01", "name": "王芳", "staff_no": "S001", "role": "staff",
        "password": "Clerk-Pass-2026", "is_enabled": "y"})
    assert response.status_code == 302
    created = only_entry("user.create")
    assert_by(created, admin, "clerk01")
    assert state(created.before) is None
    after = state(created.after)
    assert (after["username"], after["name"], after["role"]) == ("clerk01", "王芳", "staff")
    assert "Clerk-Pass-2026" not in created.after and "password" not in after


def test_settings_update(client, admin):
    client.post("/admin/settings/", data={
        "hall_name": "榆中县政务服务中心", "region_code": "620123", "open_time": "08:30",
        "close_time": "17:30", "idle_minutes": "30", "lockout_minutes": "15",
        "password_max_age_days": "90"})
    entry = only_entry("settings.update")
    assert_by(entry, admin, "系统设置")
    assert state(entry.before) == {"hall_name": "政务服务中心", "region_code": "000000",
                                   "open_time": "09:00"}
    assert state(entry.after) == {"hall_name": "榆中县政务服务中心", "region_code": "620123",
                                  "open_time": "08:30"}


def test_refused_changes_write_no_entry(client, admin, make):
    make.department(code="MZ", name="县民政局")
    db.session.commit()
    before = audit_count()
    client.post("/admin/departments/new", data={"code": "MZ", "name": "县民政局"})
    client.post("/admin/categories/new", data={"code": "x", "name": "x", "prefix": "xx"})
    client.post("/admin/settings/", data={"hall_name": "", "region_code": "1"})
    assert audit_count() == before


# --- the chain ---------------------------------------------------------------------------

def test_chain_verifies_after_many_changes(client, admin, make):
    for n in range(12):
        client.post("/admin/departments/new", data={"code": f"D{n}", "name": f"部门{n}"})
    departments = db.session.scalars(select(Department).order_by(Department.id)).all()
    for department in departments[:6]:
        client.post(f"/admin/departments/{department.id}",
                    data={"code": department.code, "name": department.name + "（改）"})
        client.post("/admin/items/new", data=item_form(
            department, code=f"62052400{department.code}-XK-0001", name=f"{department.name}事项"))
    for department in departments[6:9]:
        client.post(f"/admin/departments/{department.id}/delete")
    client.post("/admin/categories/new", data={"code": "all", "name": "综合", "prefix": "A"})
    client.post("/admin/windows/new", data={"no": "1", "name": "一号", "kind": "comprehensive",
                                            "status": "open", "staff_a_id": "0",
                                            "staff_b_id": "0"})
    total = audit_count()
    assert total >= 12 + 6 + 6 + 3 + 2
    assert verify_chain() == (total, None, "")
    assert verify_chain(batch=4) == (total, None, "")
    ids = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()
    assert ids == list(range(1, total + 1))
    head = db.session.get(AuditHead, 1)
    assert head.last_id == total


def test_empty_chain_verifies(app):
    assert verify_chain() == (0, None, "")


@pytest.fixture
def chain(app) -> list[int]:
    """Six entries written by the service, committed."""
    actor = Actor(user_id=1, username="admin1", role="admin", address="10.0.0.1")
    made = [record(actor, "department.update", label=f"部门{n}", before={"name": f"旧{n}"},
                   after={"name": f"新{n}"}).id for n in range(1, 7)]
    db.session.commit()
    assert verify_chain() == (6, None, "")
    return made


def tamper(sql: str, **params) -> None:
    db.session.execute(text(sql), params)
    db.session.commit()


def test_altering_after_with_raw_sql_is_detected(chain):
    tamper('UPDATE audit_entry SET "after" = :after WHERE id = 3', after='{"name": "篡改"}')
    checked, bad, problem = verify_chain()
    assert (checked, bad.id, problem) == (2, 3, "content does not match its hash")


@pytest.mark.parametrize("column,value", [("username", "someone"), ("action", "x.y"),
                                          ("object_label", "别的对象"), ("before", ""),
                                          ("result", "failed"), ("address", "1.2.3.4")])
def test_altering_any_field_is_detected(chain, column, value):
    tamper(f'UPDATE audit_entry SET "{column}" = :value WHERE id = 5', value=value)
    checked, bad, problem = verify_chain()
    assert (checked, bad.id) == (4, 5)
    assert problem == "content does not match its hash"


def test_rehashing_an_altered_entry_is_caught_at_the_next_one(chain):
    entry = db.session.get(AuditEntry, 3)
    entry.after = '{"name": "篡改"}'
    entry.hash = entry_hash(entry.chained_fields())
    db.session.commit()
    checked, bad, problem = verify_chain()
    assert (checked, bad.id, problem) == (3, 4, "prev_hash does not match the entry before")


@pytest.mark.parametrize("gone,bad_id", [(1, 2), (3, 4), (5, 6)])
def test_deleting_an_entry_is_detected(chain, gone, bad_id):
    tamper("DELETE FROM audit_entry WHERE id = :id", id=gone)
    checked, bad, problem = verify_chain()
    assert (checked, bad.id) == (gone - 1, bad_id)
    assert problem == f"entries {gone}..{gone} are missing"


def test_deleting_the_last_entry_is_detected(chain):
    tamper("DELETE FROM audit_entry WHERE id = 6")
    checked, bad, problem = verify_chain()
    assert (checked, bad) == (5, None)
    assert problem == "chain head names entry 6, the log ends at 5"


def forged_entry(entry_id: int, prev_hash: str) -> AuditEntry:
    forged = AuditEntry(id=entry_id, created_at=clock.now(), user_id=1, username="admin1",
                        role="admin", address="10.0.0.1", action="user.delete",
                        object_type="User", object_id="7", object_label="auditor1",
                        result="ok", before='{"username": "auditor1"}', after="",
                        prev_hash=prev_hash)
    forged.hash = entry_hash(forged.chained_fields())
    return forged


def test_inserting_a_forged_entry_with_a_valid_hash_is_detected(chain):
    last = db.session.get(AuditEntry, 6)
    db.session.add(forged_entry(7, last.hash))
    db.session.commit()
    checked, bad, problem = verify_chain()
    assert (checked, bad) == (7, None)
    assert problem == "chain head names entry 6, the log ends at 7"


def test_inserting_a_forged_entry_with_a_made_up_hash_is_detected(chain):
    forged = forged_entry(7, db.session.get(AuditEntry, 6).hash)
    forged.hash = "f" * 64
    db.session.add(forged)
    db.session.commit()
    checked, bad, problem = verify_chain()
    assert (checked, bad.id, problem) == (6, 7, "content does not match its hash")


def test_inserting_a_forged_entry_with_a_wrong_prev_hash_is_detected(chain):
    db.session.add(forged_entry(7, "0" * 64))
    db.session.commit()
    checked, bad, problem = verify_chain()
    assert (checked, bad.id, problem) == (6, 7, "prev_hash does not match the entry before")


def test_replacing_an_entry_is_detected(chain):
    """Delete entry 4 and insert a forgery in its place that hashes correctly on its own."""
    prev_hash = db.session.get(AuditEntry, 3).hash
    tamper("DELETE FROM audit_entry WHERE id = 4")
    db.session.add(forged_entry(4, prev_hash))
    db.session.commit()
    checked, bad, problem = verify_chain()
    assert (checked, bad.id, problem) == (4, 5, "prev_hash does not match the entry before")


def test_new_entries_after_verification_keep_the_chain(chain):
    record(Actor.system("test"), "settings.update", label="系统设置", after={"x": 1})
    db.session.commit()
    assert verify_chain() == (7, None, "")


# --- the auditor's page ------------------------------------------------------------------

def page_rows(client, query: str = "") -> list[str]:
    response = client.get("/audit/" + query)
    assert response.status_code == 200
    body = re.search(r"<tbody>(.*?)</tbody>", response.get_data(as_text=True), re.S).group(1)
    return [html_lib.unescape(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def labels(rows: list[str]) -> list[str]:
    found = []
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found.append(cells[5] if len(cells) > 5 else "")
    return found


@pytest.fixture
def history(app, freeze_time):
    """Entries on three days by two people; 23:30 and 00:30 straddle a local midnight."""
    wang = Actor(user_id=None, username="wangfang", role="admin", address="10.0.0.5")
    li = Actor(user_id=None, username="lilei", role="admin", address="10.0.0.6")
    freeze_time("2026-03-02 10:00")
    record(wang, "department.create", label="县民政局", after={"code": "MZ"})
    freeze_time("2026-03-04 23:30")
    record(li, "item.update", label="食品经营许可", before={"promised_days": 10},
           after={"promised_days": 5})
    freeze_time("2026-03-05 00:30")
    record(wang, "window.create", label="3号窗口", after={"no": 3})
    db.session.commit()
    freeze_time("2026-03-10 09:00")


@pytest.fixture
def auditor(history, login_as):
    return login_as("auditor", username="auditor9")


def test_auditor_sees_entries_newest_first(client, auditor):
    rows = page_rows(client)
    assert labels(rows) == ["auditor9", "3号窗口", "食品经营许可", "县民政局"]
    item_row = rows[2]
    for text_ in ("2026-03-04 23:30", "lilei", "10.0.0.6", "item.update", "食品经营许可",
                  "成功", '{"promised_days": 10}', '{"promised_days": 5}'):
        assert text_ in item_row, text_


@pytest.mark.parametrize("query,expected", [
    ("?username=wangfang", ["3号窗口", "县民政局"]),
    ("?username=lilei", ["食品经营许可"]),
    ("?username=nobody", []),
    ("?q=食品", ["食品经营许可"]),
    ("?q=window", ["3号窗口"]),
    ("?q=lilei", ["食品经营许可"]),
    ("?q=县民政局&username=lilei", []),
    ("?from=2026-03-02&to=2026-03-02", ["县民政局"]),
    ("?from=2026-03-04&to=2026-03-04", ["食品经营许可"]),
    ("?from=2026-03-05&to=2026-03-05", ["3号窗口"]),
    ("?from=2026-03-03&to=2026-03-05", ["3号窗口", "食品经营许可"]),
    ("?to=2026-03-04", ["食品经营许可", "县民政局"]),
    ("?from=2026-03-05&to=2026-03-09", ["3号窗口"]),
    ("?from=2026-03-05&username=wangfang", ["3号窗口"]),
])
def test_auditor_filters(client, auditor, query, expected):
    rows = page_rows(client, query)
    if expected:
        assert labels(rows) == expected
    else:
        assert len(rows) == 1 and "没有符合条件的记录" in rows[0]


@pytest.mark.parametrize("query", ["?from=not-a-date&to=2026-03-02", "?to=9999-12-31",
                                   "?from=0001-01-01"])
def test_auditor_filters_refuse_a_bad_date_in_chinese(client, auditor, query):
    for path in ("/audit/", "/audit/export.csv"):
        response = client.get(path + query)
        assert response.status_code == 400
        assert "日期须为 2000-01-01 至 2099-12-31 之间的有效日期" in response.get_data(as_text=True)


def test_audit_page_pages(client, login_as, app):
    for n in range(55):
        record(Actor.system("test"), "test.entry", label=f"条目{n:02d}")
    db.session.commit()
    login_as("auditor")
    first = client.get("/audit/").get_data(as_text=True)
    assert "下一页" in first and "上一页" not in first
    assert len(page_rows(client)) == 50
    second = page_rows(client, "?page=2")
    assert len(second) == 6   # 55 entries and the auditor's login
    assert "条目00" in second[-1]


@pytest.mark.parametrize("role", ["admin", "manager", "staff"])
def test_only_the_auditor_reads_the_log(client, login_as, role):
    login_as(role)
    assert client.get("/audit/").status_code == 403


def test_anonymous_cannot_read_the_log(client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_auditor_manages_nothing(client, login_as, make):
    make.department()
    db.session.commit()
    login_as("auditor")
    for url in ("/admin/users/", "/admin/departments", "/admin/items", "/admin/categories/",
                "/admin/windows/", "/admin/settings/"):
        assert client.get(url).status_code == 403, url
    before = audit_count()
    assert client.post("/admin/users/new", data={
        "username": "intruder", "name": "x", "role": "admin", "password": "Intruder-2026",
        "is_enabled": "y"}).status_code == 403
    assert db.session.scalar(select(User).where(User.username == "intruder")) is None
    assert audit_count() == before


# --- no way to change the log ------------------------------------------------------------

READ_ONLY = {"GET", "HEAD", "OPTIONS"}


def test_no_route_writes_to_the_audit_log(app):
    audit_rules = [rule for rule in app.url_map.iter_rules()
                   if "audit" in rule.rule or rule.endpoint.startswith("audit.")]
    assert audit_rules, "the audit page is routed"
    for rule in audit_rules:
        assert rule.methods <= READ_ONLY, f"{rule.rule} accepts {rule.methods - READ_ONLY}"


@pytest.mark.parametrize("role", ["auditor", "admin"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writing_methods_on_the_audit_page_are_refused(client, login_as, chain, role, method):
    login_as(role)
    before = audit_count()
    for url in ("/audit/", "/audit/1", "/audit/1/delete"):
        response = getattr(client, method)(url, data={"after": "篡改"})
        assert response.status_code in (404, 405), (url, response.status_code)
    assert audit_count() == before
    assert db.session.get(AuditEntry, 1).after == '{"name": "新1"}'
    checked, bad, problem = verify_chain()
    assert bad is None and problem == ""


def test_the_auditor_exports_the_filtered_log_as_csv(client, login_as, runner):
    import csv
    import io
    assert runner.invoke(args=["demo"]).exit_code == 0
    login_as("auditor")
    response = client.get("/audit/export.csv?username=demo")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffid,created_at,username")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and {row["username"] for row in rows} == {"demo"}
    assert [int(r["id"]) for r in rows] == sorted(int(r["id"]) for r in rows)


def test_only_the_auditor_exports(client, login_as):
    login_as("admin")
    assert client.get("/audit/export.csv").status_code == 403

"""Account administration: the /admin/users pages and the `flask user` commands."""
import re

import pytest
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.auth import services
from hall.auth.models import ApiToken, User
from hall.auth.passwords import verify_password
from hall.core import clock
from hall.core.extensions import db
from hall.windows.models import Window
from tests.auth.helpers import committed_count, committed_row, text_of
from tests.conftest import STRONG_PASSWORD

INITIAL = "Init-Pass-2026"
RESET = "Reset-Pass-2026"


def _user(username: str):
    return committed_row(User, User.username == username)


def _window(window_id: int):
    return committed_row(Window, Window.id == window_id)


def _new_user_form(username: str = "chenba", **fields) -> dict:
    data = {"username": username, "name": "陈八", "staff_no": "S001", "role": "staff",
            "password": INITIAL, "is_enabled": "y", "windows": []}
    data.update(fields)
    return data


@pytest.fixture
def admin(login_as):
    return login_as("admin")


# --- creating accounts through the pages -------------------------------------------------

def test_admin_creates_a_staff_member_seated_as_a_then_b(client, make, admin, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    free, half = make.window(no=1), make.window(no=2)
    sitting = make.user(role="staff")
    half.staff_a_id = sitting.id
    db.session.commit()

    response = client.post("/admin/users/new", data=_new_user_form(windows=[free.id, half.id]))
    assert response.status_code == 302, text_of(response)
    assert response.headers["Location"] == "/admin/users/"
    assert "账户“chenba”已保存" in text_of(client.get("/admin/users/"))

    row = _user("chenba")
    assert (row.name, row.staff_no, row.role) == ("陈八", "S001", "staff")
    assert row.is_enabled is True and row.must_change_password is True
    assert row.password_changed_at == moment and row.created_at == moment
    assert verify_password(row.password_hash, INITIAL)
    assert _window(free.id).staff_a_id == row.id          # free window: A post
    assert _window(half.id).staff_a_id == sitting.id      # taken A post stays
    assert _window(half.id).staff_b_id == row.id          # so B post
    assert committed_count(AuditEntry, AuditEntry.action == "user.create",
                           AuditEntry.user_id == admin.id) == 1
    assert committed_count(AuditEntry, AuditEntry.action == "window.assign_staff") == 2

    second = client.post("/admin/users/new", data=_new_user_form(
        "zhoujiu", name="周九", staff_no="S002", windows=[free.id]))
    assert second.status_code == 302
    assert _window(free.id).staff_b_id == _user("zhoujiu").id


def test_new_user_must_change_the_password_at_first_login(app, client, admin):
    assert client.post("/admin/users/new", data=_new_user_form()).status_code == 302
    newcomer = app.test_client()
    response = newcomer.post("/login", data={"username": "chenba", "password": INITIAL})
    assert response.status_code == 302
    assert newcomer.get("/staff").headers["Location"] == "/account/password"


@pytest.mark.parametrize("fields, field_message", [
    ({"password": "abcdefgh"}, "密码需包含大写字母、小写字母、数字、符号中的至少三类"),
    ({"password": "Ab1!"}, "密码至少需要 8 个字符"),
    ({"password": "Chenba-2026"}, "密码不能包含用户名"),
    ({"password": ""}, "请设置初始密码"),
    ({"username": "陈八"}, "用户名只能包含英文字母、数字和 _ . @ -"),
    ({"username": "chen ba"}, "用户名只能包含英文字母、数字和 _ . @ -"),
    ({"username": ""}, "此项为必填项"),
    ({"name": ""}, "此项为必填项"),
    ({"role": "root"}, "不是有效的选择"),
])
def test_bad_new_user_is_refused_and_nothing_saved(client, make, admin, fields, field_message):
    window = make.window()
    db.session.commit()
    users_before = committed_count(User)
    response = client.post("/admin/users/new", data=_new_user_form(windows=[window.id], **fields))
    assert response.status_code == 400
    page = text_of(response)
    assert field_message in page
    assert committed_count(User) == users_before
    assert committed_count(AuditEntry, AuditEntry.action == "user.create") == 0
    assert _window(window.id).staff_a_id is None


def test_duplicate_username_is_refused_and_nothing_saved(client, make, admin):
    taken = make.user(username="chenba", name="原来的陈八")
    window = make.window()
    db.session.commit()
    users_before = committed_count(User)
    response = client.post("/admin/users/new", data=_new_user_form(windows=[window.id]))
    assert response.status_code == 400
    assert "该用户名已被使用" in text_of(response)
    assert committed_count(User) == users_before
    row = _user("chenba")
    assert row.id == taken.id and row.name == "原来的陈八"
    assert _window(window.id).staff_a_id is None


def test_full_window_refuses_the_new_user_and_saves_nothing(client, make, admin):
    window = make.window(no=5)
    window.staff_a_id, window.staff_b_id = make.user().id, make.user().id
    db.session.commit()
    users_before = committed_count(User)
    response = client.post("/admin/users/new", data=_new_user_form(windows=[window.id]))
    assert response.status_code == 400
    assert "5号窗口的A岗和B岗都已有人" in text_of(response)
    assert committed_count(User) == users_before
    assert committed_count(User, User.username == "chenba") == 0
    assert committed_count(AuditEntry, AuditEntry.action == "user.create") == 0


def test_unknown_window_choice_is_refused(client, admin):
    response = client.post("/admin/users/new", data=_new_user_form(windows=[999]))
    assert response.status_code == 400
    assert committed_count(User, User.username == "chenba") == 0


# --- editing accounts -----------------------------------------------------------------------

def _edit_form(user, **fields) -> dict:
    data = {"username": user.username, "name": user.name, "staff_no": user.staff_no,
            "role": user.role, "is_enabled": "y" if user.is_enabled else "", "windows": []}
    data.update(fields)
    return {k: v for k, v in data.items() if v != ""}


def test_admin_edits_another_account_but_not_its_username(client, make, admin):
    user = make.user(role="staff", name="旧名")
    plain, _ = services.issue_token(user, clock.now(), 12)
    db.session.commit()
    response = client.post(f"/admin/users/{user.id}", data=_edit_form(
        user, username="renamed", name="新名", role="manager", is_enabled=""))
    assert response.status_code == 302
    row = _user(user.username)
    assert (row.name, row.role, row.is_enabled) == ("新名", "manager", False)
    assert committed_count(User, User.username == "renamed") == 0
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 0    # disabled: revoked


@pytest.mark.parametrize("change, message", [
    ({"role": "manager"}, "不能更改自己的角色"),
    ({"role": "auditor"}, "不能更改自己的角色"),
    ({"is_enabled": ""}, "不能停用自己的账户"),
    ({"role": "staff", "is_enabled": ""}, "不能更改自己的角色"),
])
def test_admin_cannot_demote_or_disable_themselves(client, admin, change, message):
    response = client.post(f"/admin/users/{admin.id}", data=_edit_form(admin, **change))
    assert response.status_code == 400
    assert message in text_of(response)
    row = _user(admin.username)
    assert row.role == "admin" and row.is_enabled is True
    assert committed_count(AuditEntry, AuditEntry.action == "user.update") == 0
    assert client.get("/admin/users/").status_code == 200


def test_admin_may_rename_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.id}", data=_edit_form(admin, name="管理员甲"))
    assert response.status_code == 302
    assert _user(admin.username).name == "管理员甲"


def test_staff_leaving_the_staff_role_leaves_their_windows(client, make, admin):
    user = make.user(role="staff")
    window = make.window(staff_a_id=user.id)
    db.session.commit()
    response = client.post(f"/admin/users/{user.id}", data=_edit_form(user, role="manager"))
    assert response.status_code == 302
    assert _user(user.username).role == "manager"
    assert _window(window.id).staff_a_id is None


def test_edit_form_moves_a_staff_member_between_windows(client, make, admin):
    user = make.user(role="staff")
    old, new = make.window(staff_a_id=user.id), make.window()
    db.session.commit()
    response = client.post(f"/admin/users/{user.id}", data=_edit_form(user, windows=[new.id]))
    assert response.status_code == 302
    assert _window(old.id).staff_a_id is None
    assert _window(new.id).staff_a_id == user.id


# --- resetting passwords ------------------------------------------------------------------

def test_admin_resets_a_password(app, client, make, admin, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    user = make.user(failed_logins=3)
    plain, _ = services.issue_token(user, clock.now(), 12)
    db.session.commit()

    response = client.post(f"/admin/users/{user.id}/password", data={"password": RESET})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert f"已重置“{user.username}”的密码，用户下次登录须修改" in text_of(
        client.get(response.headers["Location"]))

    row = _user(user.username)
    assert verify_password(row.password_hash, RESET)
    assert row.must_change_password is True
    assert row.password_changed_at == moment
    assert row.failed_logins == 0
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 0
    assert services.user_for_token(plain, clock.now()) is None
    assert committed_count(AuditEntry, AuditEntry.action == "user.reset_password",
                           AuditEntry.user_id == admin.id) == 1

    owner = app.test_client()
    assert owner.post("/login", data={"username": user.username,
                                      "password": STRONG_PASSWORD}).status_code == 401
    assert owner.post("/login", data={"username": user.username,
                                      "password": RESET}).status_code == 302
    assert owner.get("/staff").headers["Location"] == "/account/password"


@pytest.mark.parametrize("password, message", [
    ("abcdefgh", "密码需包含大写字母、小写字母、数字、符号中的至少三类"),
    ("", "请填写新密码"),
])
def test_bad_reset_changes_nothing(client, make, admin, password, message):
    user = make.user()
    services.issue_token(user, clock.now(), 12)
    db.session.commit()
    before = _user(user.username)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": password})
    assert response.status_code == 302
    assert message in text_of(client.get(response.headers["Location"]))
    after = _user(user.username)
    assert after.password_hash == before.password_hash
    assert after.must_change_password is False
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 1


def test_reset_for_an_unknown_user_is_404(client, admin):
    assert client.post("/admin/users/9999/password", data={"password": RESET}).status_code == 404
    assert client.post("/admin/users/9999/unlock").status_code == 404
    assert client.get("/admin/users/9999").status_code == 404


# --- the command line ---------------------------------------------------------------------

def test_cli_user_add_seats_staff_as_a_then_b(runner, make):
    window = make.window(no=4)
    db.session.commit()
    result = runner.invoke(args=["user", "add", "bob", "--role", "staff",
                                 "--password", "Abcdef12!", "--window", "4",
                                 "--name", "鲍勃", "--staff-no", "C01"])
    assert result.exit_code == 0, result.output
    assert "4号窗口：A岗" in result.output
    assert "已创建账户 bob（窗口工作人员），首次登录须修改密码" in result.output
    bob = _user("bob")
    assert (bob.role, bob.name, bob.staff_no) == ("staff", "鲍勃", "C01")
    assert bob.must_change_password is True
    assert verify_password(bob.password_hash, "Abcdef12!")
    assert _window(window.id).staff_a_id == bob.id

    result = runner.invoke(args=["user", "add", "carol", "--role", "staff",
                                 "--password", "Abcdef12!", "--window", "4", "--name", "卡罗"])
    assert result.exit_code == 0, result.output
    assert "4号窗口：B岗" in result.output
    assert _window(window.id).staff_b_id == _user("carol").id


def test_cli_added_user_must_change_password(app, runner):
    result = runner.invoke(args=["user", "add", "dave", "--role", "auditor",
                                 "--password", "Abcdef12!"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert client.post("/login", data={"username": "dave",
                                       "password": "Abcdef12!"}).status_code == 302
    assert client.get("/audit/").headers["Location"] == "/account/password"


@pytest.mark.parametrize("args, message, exit_code", [
    (["--role", "staff", "--password", "Abcdef12!", "--window", "99", "--name", "鲍勃"],
     "99号窗口不存在", 1),
    (["--role", "staff", "--password", "Abcdef12!", "--window", "4", "--window", "99",
      "--name", "鲍勃"], "99号窗口不存在", 1),
    (["--role", "root", "--password", "Abcdef12!"], "root", 2),
    (["--role", "staff", "--password", "abcdefgh"],
     "密码需包含大写字母、小写字母、数字、符号中的至少三类", 1),
    (["--role", "staff", "--password", "Bob-2026-x"], "密码不能包含用户名", 1),
    (["--role", "manager", "--password", "Abcdef12!", "--window", "4", "--name", "鲍勃"],
     "只有窗口工作人员可以分配到窗口", 1),
    (["--role", "staff", "--password", "Abcdef12!", "--window", "4"], "请用 --name 填写", 1),
    (["--role", "manager", "--password", "Abcdef12!", "--name", "  "], "须填写姓名", 1),
    (["--role", "staff", "--password", "Abcdef12!", "--name", "名" * 41], "姓名不能超过 40 个字", 1),
])
def test_cli_user_add_failures_save_nothing(runner, make, args, message, exit_code):
    window = make.window(no=4)
    db.session.commit()
    audit_before = committed_count(AuditEntry)
    result = runner.invoke(args=["user", "add", "bob", *args])
    assert result.exit_code == exit_code, result.output
    assert message in result.output
    assert committed_count(User, User.username == "bob") == 0
    assert _window(window.id).staff_a_id is None
    assert committed_count(AuditEntry) == audit_before


def test_cli_user_add_refuses_a_taken_username(runner, make):
    make.user(username="bob", name="原来的鲍勃")
    db.session.commit()
    result = runner.invoke(args=["user", "add", "bob", "--role", "staff",
                                 "--password", "Abcdef12!"])
    assert result.exit_code == 1
    assert "该用户名已被使用" in result.output
    assert committed_count(User, User.username == "bob") == 1
    assert _user("bob").name == "原来的鲍勃"


def test_cli_reset_password_prints_a_working_password(app, runner, make, freeze_time):
    freeze_time("2026-03-02 09:00")
    user = make.user(username="erin")
    services.issue_token(user, clock.now(), 12)
    db.session.commit()
    for _ in range(5):
        app.test_client().post("/login", data={"username": "erin", "password": "Wrong-2026"})
    assert _user("erin").locked_until is not None

    result = runner.invoke(args=["user", "reset-password", "erin"])
    assert result.exit_code == 0, result.output
    match = re.search(r"已重置 erin 的密码：(\S+)；下次登录须修改", result.output)
    assert match, result.output
    generated = match.group(1)
    assert generated != STRONG_PASSWORD

    row = _user("erin")
    assert row.must_change_password is True and row.locked_until is None
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 0
    client = app.test_client()
    assert client.post("/login", data={"username": "erin",
                                       "password": STRONG_PASSWORD}).status_code == 401
    assert client.post("/login", data={"username": "erin",
                                       "password": generated}).status_code == 302
    assert client.get("/staff").headers["Location"] == "/account/password"


def test_cli_reset_password_with_a_given_password_does_not_print_it(runner, make):
    make.user(username="frank")
    db.session.commit()
    result = runner.invoke(args=["user", "reset-password", "frank", "--password", RESET])
    assert result.exit_code == 0, result.output
    assert RESET not in result.output
    assert verify_password(_user("frank").password_hash, RESET)


@pytest.mark.parametrize("args, message", [
    (["ghost"], "用户 ghost 不存在"),
    (["frank", "--password", "abcdefgh"], "密码需包含大写字母、小写字母、数字、符号中的至少三类"),
])
def test_cli_reset_password_failures_change_nothing(runner, make, args, message):
    make.user(username="frank")
    db.session.commit()
    before = _user("frank")
    result = runner.invoke(args=["user", "reset-password", *args])
    assert result.exit_code == 1
    assert message in result.output
    after = _user("frank")
    assert after.password_hash == before.password_hash
    assert after.must_change_password is False
    assert committed_count(AuditEntry, AuditEntry.action == "user.reset_password") == 0


def test_users_page_lists_accounts(client, make, admin):
    make.user(username="gina", name="吉娜")
    db.session.commit()
    page = text_of(client.get("/admin/users/"))
    assert "gina" in page and admin.username in page
    assert db.session.scalar(select(User).where(User.username == "gina")) is not None

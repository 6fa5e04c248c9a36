"""Names on papers: receipts, notices, timelines, the audit log and the accounts page show
the person's 姓名 (with the 工号 where the hall uses them), never only the login name."""
import csv
import io

import pytest

from hall.auth.models import User, person_label
from hall.auth.people import person
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.cases.models import Case, CaseEvent
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.core.journal import record
from hall.demo.seed import DEMO_ACCOUNTS
from tests.factories import PASSWORD, TEST_ACTOR, CaseDesk

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
LABEL = "陈晓燕（工号 MZ0301）"


@pytest.fixture
def marriage_desk(make, freeze_time) -> CaseDesk:
    """陈晓燕（工号 MZ0301） at window 7 (民政窗口), accepting 婚姻登记."""
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff", username="chenxy", name="陈晓燕", staff_no="MZ0301")
    window = make.window(no=7, name="民政窗口", staff_a_id=staff.id)
    item = make.item(name="婚姻登记", promised_days=5, legal_days=20)
    material = make.material(item, name="居民身份证")
    db.session.commit()
    return CaseDesk(staff=staff, window=window, item=item, material=material)


def accept(desk: CaseDesk, handed_in=True, user=None) -> Case:
    case = cases.accept(Actor.of(user or desk.staff), clock.now(), item=desk.item, applicant=PERSON,
                        handed_in={desk.material.id} if handed_in else set(),
                        window=desk.window)
    db.session.commit()
    return case


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


# --- the label ---------------------------------------------------------------------------

def test_a_label_has_the_staff_number_where_the_hall_uses_one():
    assert person_label("陈晓燕", "MZ0301", "chenxy") == LABEL
    assert person_label("陈晓燕", "", "chenxy") == "陈晓燕"
    assert person_label("", "", "chenxy") == "chenxy"            # no name yet: the login name
    assert person_label("", "MZ0301", "chenxy") == "chenxy（工号 MZ0301）"


def test_stored_usernames_resolve_to_names_and_other_actors_to_chinese(app, marriage_desk):
    assert person("chenxy") == LABEL
    assert person("demo") == "演示数据导入" and person("kiosk") == "自助机"
    assert person("someone-typed-this") == "someone-typed-this"
    assert person("someone-typed-this", unknown="") == ""
    assert person("") == "" and person(None) == ""


# --- papers --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["", "?format=80"])
def test_the_receipt_names_who_accepted_the_case(client, auth, marriage_desk, fmt):
    case = accept(marriage_desk)
    auth.login("chenxy")
    receipt = page(client, f"/cases/{case.case_no}/receipt{fmt}")
    assert f'<span class="label">受理人：</span><span class="who" data-handled-by>{LABEL}</span>' \
        in receipt
    assert "受理人：chenxy" not in receipt and ">chenxy<" not in receipt


def test_the_receipt_names_who_accepted_not_who_wrote_the_notice(client, auth, make, marriage_desk):
    """A case that started with a 一次性告知书 is accepted later, maybe by the B岗."""
    case = accept(marriage_desk, handed_in=False)
    colleague = make.user(role="staff", username="liuy", name="刘洋", staff_no="MZ0302")
    marriage_desk.window.staff_b_id = colleague.id
    db.session.commit()
    auth.login("chenxy")
    notice = page(client, f"/cases/{case.case_no}/notice?format=80")
    assert f'告知人：</span><span class="who" data-handled-by>{LABEL}</span>' in notice
    cases.receive_materials(Actor.of(colleague), clock.now(), db.session.get(Case, case.id),
                            {marriage_desk.material.id})
    db.session.commit()
    receipt = page(client, f"/cases/{case.case_no}/receipt")
    assert '受理人：</span><span class="who" data-handled-by>刘洋（工号 MZ0302）</span>' in receipt


def test_the_refusal_names_who_refused(client, auth, marriage_desk):
    case = cases.refuse(Actor.of(marriage_desk.staff), clock.now(), item=marriage_desk.item, applicant=PERSON,
                        window=marriage_desk.window, reason="不属于本机关职权范围")
    db.session.commit()
    auth.login("chenxy")
    refusal = page(client, f"/cases/{case.case_no}/refusal")
    assert f'经办人：</span><span class="who" data-handled-by>{LABEL}</span>' in refusal


def test_old_rows_render_with_todays_name_and_accounts_without_one_keep_the_login(
        client, auth, marriage_desk, make):
    case = accept(marriage_desk)
    nameless = make.user(role="admin", username="olduser", name="", staff_no="")
    case.events.append(CaseEvent(at=clock.now(), kind="note", title="旧记录", actor="olduser"))
    db.session.commit()
    auth.login("chenxy")
    assert "<td class=\"nowrap\">olduser</td>" in page(client, f"/cases/{case.case_no}")
    nameless.name, marriage_desk.staff.name = "周老师", "陈晓艳"      # a typo corrected later
    db.session.commit()
    shown = page(client, f"/cases/{case.case_no}")
    assert "<td class=\"nowrap\">周老师</td>" in shown
    assert "陈晓艳（工号 MZ0301）" in page(client, f"/cases/{case.case_no}/receipt")


# --- timelines ------------------------------------------------------------------------------

def test_the_timeline_page_and_the_api_name_the_staff(client, auth, marriage_desk):
    case = accept(marriage_desk)
    cases.suspend(Actor.of(marriage_desk.staff), clock.now(), db.session.get(Case, case.id), "supplement",
                  "缺照片")
    db.session.commit()
    auth.login("chenxy")
    shown = page(client, f"/cases/{case.case_no}")
    assert shown.count(f'<td class="nowrap">{LABEL}</td>') == 2
    token = client.post("/api/v1/auth/token", json={"username": "chenxy",
                                                     "password": PASSWORD}).json["token"]
    body = client.get(f"/api/v1/cases/{case.case_no}",
                      headers={"Authorization": "Bearer " + token}).json
    assert [(e["actor"], e["actor_name"]) for e in body["timeline"]] == [
        ("chenxy", LABEL), ("chenxy", LABEL)]


# --- the audit log ---------------------------------------------------------------------------

def test_the_audit_log_keeps_the_username_and_shows_the_name(client, auth, marriage_desk):
    record(Actor.of(marriage_desk.staff), "department.update", label="民政局")
    record(Actor(username="nobody-typed"), "auth.login", result="failed", label="nobody-typed")
    db.session.commit()
    auth.login_as("auditor", name="赵敏", staff_no="S0003")
    listing = page(client, "/audit/")
    assert f'{LABEL}<div class="muted" style="font-size:13px">chenxy · staff</div>' in listing
    assert 'nobody-typed<div class="muted" style="font-size:13px"></div>' in listing
    text = page(client, "/audit/export.csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:5] == ["id", "created_at", "username", "name", "role"]
    by_user = {row["username"]: row["name"] for row in rows}
    assert by_user["chenxy"] == LABEL and by_user["nobody-typed"] == ""


# --- accounts --------------------------------------------------------------------------------

def test_staff_and_managers_cannot_be_created_without_a_name(app, runner):
    for role in ("staff", "manager"):
        result = runner.invoke(args=["user", "add", f"x{role}", "--role", role,
                                     "--password", "Abcdef12!"])
        assert result.exit_code == 1
        assert "窗口工作人员和大厅管理员须填写姓名" in result.output and "--name" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
    result = runner.invoke(args=["user", "add", "wang", "--role", "staff", "--password",
                                 "Abcdef12!", "--name", " 王芳 ", "--staff-no", "MZ0309"])
    assert result.exit_code == 0, result.output
    wang = db.session.scalar(db.select(User).where(User.username == "wang"))
    assert (wang.name, wang.staff_no, wang.label) == ("王芳", "MZ0309", "王芳（工号 MZ0309）")


def test_the_administrator_sees_and_fills_in_missing_names(client, auth, make, marriage_desk):
    nameless = make.user(role="staff", username="noname1", name="", staff_no="")
    make.user(role="auditor", username="noname2", name="", staff_no="")
    db.session.commit()
    auth.login_as("admin", name="王建国")
    listing = page(client, "/admin/users/")
    assert 'data-unnamed-count="2"' in listing and "2 个账户未填姓名" in listing
    assert listing.count("data-unnamed>未填姓名</a>") == 2
    form = {"username": "noname1", "name": "", "staff_no": "MZ0310", "role": "staff",
            "is_enabled": "y"}
    refused = client.post(f"/admin/users/{nameless.id}", data=form)
    assert refused.status_code == 400 and "此项为必填项" in refused.get_data(as_text=True)
    saved = client.post(f"/admin/users/{nameless.id}", data={**form, "name": "孙丽"})
    assert saved.status_code == 302
    listing = page(client, "/admin/users/")
    assert "1 个账户未填姓名" in listing and listing.count("data-unnamed>未填姓名</a>") == 1
    assert db.session.get(User, nameless.id).label == "孙丽（工号 MZ0310）"


def test_every_demo_account_has_a_name_and_a_staff_number():
    for _role, username, name, staff_no, _ in DEMO_ACCOUNTS:
        assert name and staff_no, username


# --- other records that keep a username -----------------------------------------------------

def test_the_calendar_and_the_green_channel_name_the_person(client, auth, make, marriage_desk):
    from datetime import date

    from hall.calendar.services import set_day
    from hall.queue.kiosks import open_green, register_kiosk
    manager = make.user(role="manager", username="lixy", name="李秀英", staff_no="S0002")
    set_day(Actor.of(manager), clock.now(), date(2026, 12, 31), "holiday", "演练")
    _, kiosk = register_kiosk(TEST_ACTOR, "大厅1号机", clock.now())
    open_green(kiosk, Actor.of(marriage_desk.staff), clock.now())
    db.session.commit()
    auth.login("lixy")
    assert "由 李秀英（工号 S0002） 载入或修改" in page(client, "/calendar/2026")
    auth.logout()
    auth.login_as("admin", name="王建国")
    assert f"（{LABEL}）</span>" in page(client, "/admin/kiosks/")

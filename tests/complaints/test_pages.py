"""The kiosk and phone forms, the thanks, the public wall, and the manager's pages."""
import pytest
from sqlalchemy import func, select

from hall.complaints import services
from hall.complaints.models import Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets

FORM = {"kind": "complaint", "content": "等候时间太长", "name": "王小明",
        "phone": "13912345678", "window": "3", "department": "", "case_no": ""}


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint))


def test_the_kiosk_home_links_to_the_kiosk_form(client, complaints_hall):
    home = client.get("/kiosk").get_data(as_text=True)
    assert 'href="/kiosk/complaints"' in home and "投诉建议" in home
    page = client.get("/kiosk/complaints").get_data(as_text=True)
    for words in ("请选择类型", "投诉", "建议", "表扬", "3号窗口 社会事务窗口", "民政局",
                  "数字键盘", "5 个工作日内"):
        assert words in page, words
    assert 'data-idle-home="300"' in page and 'maxlength="500"' in page


def test_submitting_on_the_kiosk_thanks_with_the_deadline(client, complaints_hall):
    response = client.post("/kiosk/complaints", data=FORM)
    assert response.status_code == 302 and response.headers["Location"] == "/complaints/thanks"
    complaint = db.session.scalar(select(Complaint))
    assert (complaint.channel, complaint.window_id) == ("kiosk", complaints_hall.window.id)
    thanks = client.get("/complaints/thanks").get_data(as_text=True)
    assert "已收到您的投诉" in thanks and f"编号 <strong>{complaint.id}</strong>" in thanks
    assert "2026年12月11日" in thanks and 'href="/kiosk"' in thanks
    assert client.get("/complaints/thanks").status_code == 302    # shown once


def test_the_phone_form_is_prefilled_from_its_link_and_never_goes_home(client, complaints_hall):
    page = client.get("/complaints/new?case_no=620524202612040001&window=3")
    html = page.get_data(as_text=True)
    assert 'value="620524202612040001"' in html and '<option selected value="3">' in html
    assert 'data-idle-home="0"' in html and "数字键盘" not in html
    client.post("/complaints/new", data={**FORM, "kind": "praise", "name": "", "phone": "",
                                         "content": "陈晓燕服务耐心"})
    assert db.session.scalar(select(Complaint.channel)) == "phone"


@pytest.mark.parametrize("change, message", [
    ({"phone": "12345"}, "联系电话应为11位手机号"), ({"content": ""}, "请填写具体内容"),
    ({"content": "长" * 501}, "内容不能超过 500 字"), ({"kind": ""}, "请选择投诉、建议或表扬"),
    ({"name": ""}, "投诉须留下姓名"),
])
def test_bad_input_shows_chinese_messages_and_keeps_what_was_typed(client, complaints_hall, change,
                                                                   message):
    response = client.post("/kiosk/complaints", data={**FORM, **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html and "未能提交" in html
    assert 'aria-invalid="true"' in html and "data-speak" in html
    if "content" not in change:
        assert "等候时间太长" in html
    assert count() == 0


def test_control_characters_never_reach_the_database(client, complaints_hall):
    client.post("/complaints/new", data={**FORM, "content": "等\x00候\x1b太久\u202e"})
    assert db.session.scalar(select(Complaint.content)) == "等候太久"


def test_five_an_hour_per_address_then_429_in_chinese(client, complaints_hall):
    statuses = [client.post("/complaints/new", data=FORM).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    refused = client.post("/complaints/new", data=FORM).get_data(as_text=True)
    assert "提交过于频繁，请" in refused and "分钟后再试" in refused and "等候时间太长" in refused
    assert count() == 5


def test_invalid_submissions_do_not_use_up_the_limit(client, complaints_hall):
    for _ in range(6):
        assert client.post("/complaints/new", data={**FORM, "phone": "1"}).status_code == 400
    assert client.post("/complaints/new", data=FORM).status_code == 302


def test_the_limit_can_be_turned_off(app, client, complaints_hall):
    app.config["RATELIMIT"] = False
    statuses = {client.post("/complaints/new", data=FORM).status_code for _ in range(7)}
    assert statuses == {302} and count() == 7


def test_a_registered_kiosk_has_a_larger_allowance(client, complaints_hall, monkeypatch):
    from hall.core.actor import Actor
    from hall.queue.kiosks import COOKIE, enrol_kiosk, kiosk_actor, register_kiosk
    key, _ = enrol_kiosk(register_kiosk(Actor.system("test"), "一楼自助终端", clock.now())[0],
                         clock.now(), kiosk_actor())
    db.session.commit()
    client.set_cookie(COOKIE, key)
    statuses = {client.post("/kiosk/complaints", data=FORM).status_code for _ in range(8)}
    assert statuses == {302}


def answered(complaints_hall, **fields):
    complaint = complaints_hall.complaint(**fields)
    services.answer(Actor.of(complaints_hall.manager), complaint, "已核实，已约谈窗口负责人。", clock.now())
    db.session.commit()
    return complaint


def test_the_wall_shows_answered_public_complaints_masked(client, complaints_hall):
    answered(complaints_hall, content="王小明 身份证 11010519491231002X 电话 13912345678")
    complaints_hall.complaint(content="尚未答复的这一条")
    withheld = answered(complaints_hall, content="不宜公开的这一条")
    services.set_public(Actor.of(complaints_hall.manager), withheld, False, "含有辱骂内容", clock.now())
    db.session.commit()
    html = client.get("/complaints").get_data(as_text=True)
    assert "王*" in html and "139****5678" in html and "110105********002X" in html
    for secret in ("王小明", "13912345678", "11010519491231002X", "尚未答复的这一条",
                   "不宜公开的这一条", "含有辱骂内容"):
        assert secret not in html, secret
    assert "大厅答复" in html and "已核实，已约谈窗口负责人。" in html
    assert "3号窗口 社会事务窗口" in html and 'data-idle-home="0"' in html


def test_the_wall_is_paginated_newest_first_and_filtered_by_kind(client, complaints_hall,
                                                                 freeze_time):
    for n in range(12):
        freeze_time(f"2026-12-04 10:{n:02d}")
        answered(complaints_hall, content=f"第{n:02d}条",
                 kind="suggestion" if n % 2 else "complaint")
    first = client.get("/complaints").get_data(as_text=True)
    assert first.index("第11条") < first.index("第10条") and "第01条" not in first
    assert "第 1 / 2 页，共 12 条" in first
    second = client.get("/complaints?page=2").get_data(as_text=True)
    assert "第01条" in second and "第00条" in second and "第11条" not in second
    suggestions = client.get("/complaints?kind=suggestion").get_data(as_text=True)
    assert "第11条" in suggestions and "第10条" not in suggestions
    kiosk = client.get("/complaints?kiosk=1").get_data(as_text=True)
    assert 'data-idle-home="120"' in kiosk and "kiosk=1" in kiosk


def test_the_ticket_and_case_phone_pages_link_to_the_form(client, complaints_hall, make):
    category = make.category(code="civil", name="社会事务", prefix="A")
    ticket = tickets.issue_ticket(category, clock.now())
    db.session.commit()
    assert 'href="/complaints/new"' in client.get(f"/t/{ticket.token}").get_data(as_text=True)
    from hall.cases import services as cases
    item = make.item(department=complaints_hall.department, name="婚姻登记")
    case = cases.accept(Actor.of(complaints_hall.staff), clock.now(), item=item,
                        window=complaints_hall.window, handed_in=set(),
                        applicant={"type": "person", "name": "王小明", "phone": "13912345678",
                                   "id_number": "11010519491231002X"})
    db.session.commit()
    html = client.get(f"/p/{case.token}").get_data(as_text=True)
    assert f'href="/complaints/new?case_no={case.case_no}"' in html


def test_the_manager_lists_filters_and_flags_overdue(client, login_as, complaints_hall,
                                                     freeze_time):
    complaints_hall.complaint(content="超期未答复的投诉")
    freeze_time("2026-12-14 10:00")
    answered(complaints_hall, kind="suggestion", content="已答复的建议", name="", phone="")
    login_as("manager")
    html = client.get("/complaints/manage").get_data(as_text=True)
    assert "超期未答复的投诉" in html and "已答复的建议" in html
    assert "已超期" in html and "王小明" in html and "13912345678" in html   # staff see all
    only_open = client.get("/complaints/manage?status=open").get_data(as_text=True)
    assert "超期未答复的投诉" in only_open and "已答复的建议" not in only_open
    only_kind = client.get("/complaints/manage?kind=suggestion").get_data(as_text=True)
    assert "已答复的建议" in only_kind and "超期未答复的投诉" not in only_kind
    overdue = client.get("/complaints/manage?overdue=1").get_data(as_text=True)
    assert "超期未答复的投诉" in overdue and "已答复的建议" not in overdue


def test_the_manager_answers_resolves_and_withholds_on_the_page(client, login_as, complaints_hall):
    complaint = complaints_hall.complaint()
    login_as("manager")
    page = client.get(f"/complaints/manage/{complaint.id}").get_data(as_text=True)
    assert "等候时间太长" in page and "保存答复" in page
    url = f"/complaints/manage/{complaint.id}"
    assert client.post(f"{url}/answer", data={"answer": ""}).status_code == 302
    assert "请填写答复内容" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/answer", data={"answer": "已增开窗口"})
    client.post(f"{url}/resolve", data={"value": "1"})
    client.post(f"{url}/publish", data={"public": "0", "reason": ""})
    assert "请填写不公开的理由" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/publish", data={"public": "0", "reason": "涉及他人隐私"})
    db.session.refresh(complaint)
    assert (complaint.status, complaint.answer, complaint.is_public,
            complaint.withhold_reason) == ("resolved", "已增开窗口", False, "涉及他人隐私")
    assert "涉及他人隐私" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_other_roles_may_not_manage(client, login_as, complaints_hall, role):
    complaint = complaints_hall.complaint()
    login_as(role)
    assert client.get("/complaints/manage").status_code == 403
    assert client.post(f"/complaints/manage/{complaint.id}/answer",
                       data={"answer": "x"}).status_code == 403
    db.session.refresh(complaint)
    assert complaint.status == "open"


def test_anonymous_visitors_are_sent_to_the_login(client, complaints_hall):
    response = client.get("/complaints/manage")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_nav_and_rules_page_show_complaints_to_managers(client, login_as, complaints_hall):
    login_as("manager")
    assert 'href="/complaints/manage"' in client.get("/staff").get_data(as_text=True)
    rules = client.get("/admin/settings/rules").get_data(as_text=True)
    assert "投诉建议答复期限（工作日）" in rules


def test_script_payloads_stay_inert_on_the_wall_and_the_manager_pages(client, login_as,
                                                                      complaints_hall):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    complaint = answered(complaints_hall, content=payload, name="王<b>明")
    services.answer(Actor.of(complaints_hall.manager), complaint, payload, clock.now())
    db.session.commit()
    assert client.get("/api/v1/complaints").mimetype == "application/json"   # data, not HTML
    pages = ["/complaints"]
    login_as("manager")
    pages += ["/complaints/manage", f"/complaints/manage/{complaint.id}"]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url

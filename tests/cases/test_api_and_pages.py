"""Cases through the API and the staff pages."""
from dataclasses import dataclass

import pytest

from hall.auth.models import User
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases.models import Case
from hall.core import clock
from hall.core.extensions import db
from hall.items.models import Item, Material
from hall.windows.models import Window
from tests.factories import PASSWORD, TEST_ACTOR

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}


@dataclass(frozen=True)
class MarketDesk:
    staff: User                 # staff member of window 7 (市场监管窗口)
    window: Window
    item: Item                  # 食品经营许可（新办）
    materials: list[Material]   # both of the item's materials
    manager: User


@pytest.fixture
def market_desk(make, freeze_time) -> MarketDesk:
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff")
    window = make.window(no=7, name="市场监管窗口", staff_a_id=staff.id)
    item = make.item(code="62052400SCJ-XK-0099", name="食品经营许可（新办）", promised_days=5,
                     legal_days=20)
    materials = [make.material(item, name="食品经营许可申请书", requirements="法定代表人签字"),
                 make.material(item, name="营业执照复印件", requirements="加盖公章")]
    manager = make.user(role="manager")
    db.session.commit()
    return MarketDesk(staff=staff, window=window, item=item, materials=materials,
                      manager=manager)


def bearer(client, user) -> dict:
    token = client.post("/api/v1/auth/token", json={"username": user.username,
                                                     "password": PASSWORD}).json["token"]
    return {"Authorization": "Bearer " + token}


def post_case(client, desk: MarketDesk, headers, **extra):
    body = {"item": desk.item.code, "applicant": PERSON, "window": 7,
            "materials": [m.id for m in desk.materials], **extra}
    return client.post("/api/v1/cases", json=body, headers=headers)


def count_cases() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Case))


def test_accepting_a_case_through_the_api(client, market_desk):
    response = post_case(client, market_desk, bearer(client, market_desk.staff))
    assert response.status_code == 201
    body = response.json
    assert body["kind"] == "promised" and body["status"] == "in_progress"
    assert body["due_date"] == "2026-12-08" and body["warning"] == "green"
    assert body["missing"] == [] and body["accepted_at"].endswith("+08:00")
    assert body["applicant"]["id_number"] == "11010519491231002X"     # staff see it in full


def test_an_invalid_id_number_is_400_and_stores_nothing(client, market_desk):
    response = post_case(client, market_desk, bearer(client, market_desk.staff),
                         applicant={**PERSON, "id_number": "110105194912310021"})
    assert response.status_code == 400
    assert "id_number" in response.json["error"]["fields"]
    assert "校验位" in response.json["error"]["fields"]["id_number"]
    assert count_cases() == 0


def test_missing_materials_answer_awaiting_supplement_with_a_notice(client, market_desk):
    response = post_case(client, market_desk, bearer(client, market_desk.staff), materials=[])
    body = response.json
    assert response.status_code == 201 and body["status"] == "awaiting_supplement"
    assert [m["name"] for m in body["missing"]] == ["食品经营许可申请书", "营业执照复印件"]
    assert body["notice_url"].endswith(f"/cases/{body['case_no']}/notice")


def test_suspend_resume_and_close_through_the_api(client, market_desk, freeze_time):
    headers = bearer(client, market_desk.staff)
    case_no = post_case(client, market_desk, headers).json["case_no"]
    freeze_time("2026-12-02 09:00")
    headers = bearer(client, market_desk.staff)     # tokens last 12 hours
    paused = client.post(f"/api/v1/cases/{case_no}/suspend",
                         json={"reason": "supplement", "note": "缺照片"}, headers=headers)
    assert paused.json["status"] == "suspended"
    freeze_time("2026-12-04 09:00")
    headers = bearer(client, market_desk.staff)
    resumed = client.post(f"/api/v1/cases/{case_no}/resume", headers=headers)
    assert resumed.json["due_date"] == "2026-12-10"
    freeze_time("2026-12-11 09:00")
    headers = bearer(client, market_desk.staff)
    late = client.post(f"/api/v1/cases/{case_no}/close", json={"result": "approved"},
                       headers=headers)
    assert late.status_code == 400 and "overdue_reason" in late.json["error"]["fields"]
    done = client.post(f"/api/v1/cases/{case_no}/close",
                       json={"result": "approved", "overdue_reason": "现场核查延误"},
                       headers=headers)
    assert done.status_code == 200 and done.json["status"] == "closed"
    timeline = [e["title"] for e in client.get(f"/api/v1/cases/{case_no}", headers=headers).json["timeline"]]
    assert timeline == ["受理", "暂停计时：补正材料", "恢复计时", "准予（办结）"]


def test_staff_see_only_their_windows_cases(client, market_desk, make):
    case_no = post_case(client, market_desk, bearer(client, market_desk.staff)).json["case_no"]
    other = make.user(role="staff")
    db.session.commit()
    assert client.get(f"/api/v1/cases/{case_no}", headers=bearer(client, other)).status_code == 404
    assert client.get("/api/v1/cases", headers=bearer(client, other)).json["cases"] == []
    managed = client.get("/api/v1/cases?warning=green", headers=bearer(client, market_desk.manager))
    assert [c["case_no"] for c in managed.json["cases"]] == [case_no]


def test_stats_today_has_the_case_figures(client, market_desk):
    post_case(client, market_desk, bearer(client, market_desk.staff))
    stats = client.get("/api/v1/stats/today", headers=bearer(client, market_desk.manager)).json
    assert stats["cases_accepted"] == 1 and stats["cases_closed"] == 0
    assert stats["warnings"]["green"] == 1


def test_the_acceptance_page_accepts_and_prints_a_receipt(client, market_desk, auth):
    auth.login(market_desk.staff.username)
    form = client.get(f"/cases/new?window=7&item={market_desk.item.code}").get_data(as_text=True)
    assert "食品经营许可申请书" in form and "法定代表人签字" in form
    response = client.post("/cases/new", data={
        "window": "7", "item": market_desk.item.code, "applicant_type": "person",
        "name": "王小明", "id_number": "11010519491231002X", "phone": "13912345678",
        "material": [str(m.id) for m in market_desk.materials], "action": "accept"})
    assert response.status_code == 302
    case = db.session.scalar(db.select(Case))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert case.case_no in page and "2026-12-08" in page
    receipt = client.get(f"/cases/{case.case_no}/receipt").get_data(as_text=True)
    assert case.query_code in receipt and "<svg" in receipt and "2026年12月08日" in receipt
    narrow = client.get(f"/cases/{case.case_no}/receipt?format=80").get_data(as_text=True)
    assert 'class="narrow"' in narrow


def test_the_acceptance_page_refuses_bad_input_in_chinese(client, market_desk, auth):
    auth.login(market_desk.staff.username)
    response = client.post("/cases/new", data={
        "window": "7", "item": market_desk.item.code, "applicant_type": "person",
        "name": "王小明", "id_number": "123", "phone": "13912345678", "action": "accept"})
    assert response.status_code == 400
    assert "身份证号应为18位" in response.get_data(as_text=True)
    assert count_cases() == 0


def test_the_one_time_notice_lists_every_missing_material(client, market_desk, auth):
    auth.login(market_desk.staff.username)
    client.post("/cases/new", data={
        "window": "7", "item": market_desk.item.code, "applicant_type": "person",
        "name": "王小明", "id_number": "11010519491231002X", "phone": "13912345678",
        "action": "accept"})
    case = db.session.scalar(db.select(Case))
    notice = client.get(f"/cases/{case.case_no}/notice").get_data(as_text=True)
    assert "一次性告知书" in notice and "第三十二条" in notice
    for text in ("食品经营许可申请书", "法定代表人签字", "营业执照复印件", "加盖公章", "7号窗口"):
        assert text in notice


def test_refusal_page_and_notice(client, market_desk, auth):
    auth.login(market_desk.staff.username)
    response = client.post("/cases/new", data={
        "window": "7", "item": market_desk.item.code, "applicant_type": "person",
        "name": "王小明", "id_number": "11010519491231002X", "phone": "13912345678",
        "reason": "申请事项不属于本机关职权范围", "action": "refuse"})
    case = db.session.scalar(db.select(Case))
    assert response.status_code == 302 and case.status == "not_accepted"
    assert "不属于本机关职权范围" in client.get(f"/cases/{case.case_no}/refusal").get_data(as_text=True)


def test_case_pages_are_for_their_window(client, market_desk, auth):
    headers = bearer(client, market_desk.staff)
    case_no = post_case(client, market_desk, headers).json["case_no"]
    assert client.get(f"/cases/{case_no}").status_code == 302       # anonymous: login
    auth.login_as("staff")
    assert client.get(f"/cases/{case_no}").status_code == 403
    auth.logout()
    auth.login_as("auditor")
    assert client.get("/cases/").status_code == 403


def test_an_unknown_ticket_is_refused(client, market_desk):
    response = post_case(client, market_desk, bearer(client, market_desk.staff), ticket_id=999999)
    assert response.status_code == 400 and "ticket_id" in response.json["error"]["fields"]
    assert count_cases() == 0

"""The public surfaces of cases: kiosk look-up, the receipt's phone page, 办件公示, the API.

Everything here is seen by anybody, so each test also checks that the applicant's full
name, 身份证号 and phone never reach the page (docs/rules.md §5).
"""
import re

import pytest

from hall.calendar.services import loaded_years, sync_from_chinesecalendar
from hall.cases import services
from hall.cases.api import LOOKUP_LIMIT, SLOW_AFTER
from hall.cases.public import NOT_FOUND, PAGE_SIZE
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from tests.factories import TEST_ACTOR, CaseDesk

PERSON = {"type": "person", "name": "张三丰", "id_number": "11010519491231002X",
          "phone": "13812345678"}
FULL = ("张三丰", "三丰", "11010519491231002X", "13812345678")
MASKED = ("张**", "110105********002X", "138****5678")


@pytest.fixture
def food_licence_desk(make, freeze_time) -> CaseDesk:
    freeze_time("2026-12-01 10:00")          # a Tuesday, a working day
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff")
    window = make.window(staff_a_id=staff.id)
    item = make.item(name="食品经营许可（新办）", promised_days=5, legal_days=20)
    material = make.material(item, name="食品经营许可申请书")
    db.session.commit()
    return CaseDesk(staff=staff, window=window, item=item, material=material)


def accept(desk: CaseDesk, item=None, material=None, **applicant):
    item, material = item or desk.item, material or desk.material
    case = services.accept(Actor.of(desk.staff), clock.now(), item=item,
                           applicant={**PERSON, **applicant}, handed_in={material.id},
                           window=desk.window)
    db.session.commit()
    return case


def look_up(client, case_no, code, address="10.0.0.1"):
    return client.post("/progress", data={"case_no": case_no, "code": code},
                       environ_base={"REMOTE_ADDR": address})


def assert_masked(page: str) -> None:
    for secret in FULL:
        assert secret not in page
    for shown in MASKED:
        assert shown in page


@pytest.fixture
def no_sleep(monkeypatch):
    naps = []
    monkeypatch.setattr("hall.cases.api.time.sleep", naps.append)
    return naps


# --- the kiosk ---------------------------------------------------------------------------

def test_kiosk_form_has_the_keypad_and_both_fields(client, food_licence_desk):
    page = client.get("/progress").get_data(as_text=True)
    assert "办件进度查询" in page and "受理回执上的办件编号和查询码" in page
    assert 'name="case_no"' in page and 'name="code"' in page
    assert page.count('inputmode="numeric"') == 2
    assert 'name="csrf_token"' in page and 'action="/progress"' in page
    assert all(f'data-key="{d}"' in page for d in "0123456789")
    assert "退格" in page and "清空" in page
    assert "js/keypad.js" in page and "pr-message" not in page   # no message before a try
    assert "<script>" not in page                     # no inline scripts


def test_the_kiosk_home_links_to_the_progress_look_up(client, food_licence_desk):
    page = client.get("/kiosk").get_data(as_text=True)
    assert re.search(r'<a class="help" href="/progress">\s*<span class="big">办件进度查询', page)


def test_the_right_pair_shows_the_masked_case(client, food_licence_desk):
    case = accept(food_licence_desk)
    response = look_up(client, case.case_no, case.query_code)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert_masked(page)
    assert case.case_no in page and "食品经营许可（新办）" in page
    assert food_licence_desk.item.department.name in page
    assert "办理中" in page and "pv-progress" in page       # in words and in colour
    assert "2026年12月1日 10:00" in page                     # accepted
    assert "2026年12月8日" in page and "前办结" in page      # 5 working days later
    assert 'class="pv-timeline"' in page and 'class="pv-step">受理' in page


def test_a_closed_case_shows_when_and_how_it_ended(client, food_licence_desk, freeze_time):
    case = accept(food_licence_desk)
    freeze_time("2026-12-03 15:30")
    services.close(Actor.of(food_licence_desk.staff), clock.now(), case, "approved", "已发证")
    db.session.commit()
    page = look_up(client, case.case_no, case.query_code).get_data(as_text=True)
    assert "办结时间" in page and "2026年12月3日 15:30" in page
    assert "准予（办结）" in page and "pv-done" in page
    assert_masked(page)


@pytest.mark.parametrize("which", ["wrong code", "unknown number", "empty"])
def test_any_wrong_pair_looks_the_same(client, food_licence_desk, which):
    case = accept(food_licence_desk)
    wrong_code = f"{(int(case.query_code) + 1) % 10**6:06d}"
    pair = {"wrong code": (case.case_no, wrong_code),
            "unknown number": (case.case_no[:-4] + "9999", case.query_code),
            "empty": ("", "")}[which]
    response = look_up(client, *pair)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert NOT_FOUND in page and 'role="alert"' in page
    assert "食品经营许可（新办）" not in page and "张**" not in page
    for secret in FULL:
        assert secret not in page


def test_guessing_is_slowed_then_refused_even_for_the_right_pair(app, client, food_licence_desk,
                                                                 no_sleep):
    app.config["RATELIMIT"] = True
    case = accept(food_licence_desk)
    wrong = "000000" if case.query_code != "000000" else "111111"
    for _ in range(LOOKUP_LIMIT):
        assert look_up(client, case.case_no, wrong).status_code == 404
    assert len(no_sleep) == LOOKUP_LIMIT - SLOW_AFTER      # the 6th to the 10th wait
    assert all(seconds >= 1 for seconds in no_sleep)
    refused = look_up(client, case.case_no, case.query_code)
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "查询次数过多" in page and "分钟后再试" in page and 'role="alert"' in page
    assert "食品经营许可（新办）" not in page
    # Another address is not held up by this one.
    assert look_up(client, case.case_no, case.query_code, address="10.0.0.2").status_code == 200


def test_the_right_pair_does_not_count_as_a_failure(app, client, food_licence_desk, no_sleep):
    app.config["RATELIMIT"] = True
    case = accept(food_licence_desk)
    for _ in range(LOOKUP_LIMIT + 2):
        assert look_up(client, case.case_no, case.query_code).status_code == 200
    assert no_sleep == []


def test_the_form_keeps_the_number_after_a_miss_but_never_the_code(client, food_licence_desk):
    case = accept(food_licence_desk)
    page = look_up(client, case.case_no, "000000").get_data(as_text=True)
    assert f'value="{case.case_no}"' in page
    assert 'value="000000"' not in page


# --- the phone page of the receipt's QR code ---------------------------------------------

def test_the_phone_page_shows_the_same_masked_view(client, food_licence_desk):
    case = accept(food_licence_desk)
    response = client.get(f"/p/{case.token}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert_masked(page)
    assert case.case_no in page and "办理中" in page and "2026年12月8日" in page
    assert 'data-idle-home="0"' in page                  # a phone never jumps to the kiosk home


def test_a_bad_token_is_404(client, food_licence_desk):
    accept(food_licence_desk)
    assert client.get("/p/not-a-token").status_code == 404


# --- 办件公示 ------------------------------------------------------------------------------

def test_the_board_lists_open_and_recently_closed_cases_masked(client, food_licence_desk,
                                                               freeze_time):
    closed_long_ago = accept(food_licence_desk, name="李四")
    freeze_time("2026-12-01 11:00")
    services.close(Actor.of(food_licence_desk.staff), clock.now(), closed_long_ago, "approved")
    db.session.commit()
    freeze_time("2026-12-21 10:00")                     # closed 20 days ago
    open_case = accept(food_licence_desk)
    closed = accept(food_licence_desk, name="王五")
    services.close(Actor.of(food_licence_desk.staff), clock.now(), closed, "approved")
    db.session.commit()
    page = client.get("/public/cases").get_data(as_text=True)
    assert open_case.case_no in page and closed.case_no in page
    assert closed_long_ago.case_no in page               # within 30 days: still shown
    assert "王*" in page and "王五" not in page
    assert "张**" in page and "已办结" in page and "办理中" in page
    for secret in FULL:
        assert secret not in page
    freeze_time("2027-01-05 10:00")                      # 35 days after the first closure
    page = client.get("/public/cases").get_data(as_text=True)
    assert closed_long_ago.case_no not in page and open_case.case_no in page


def test_the_board_paginates(client, food_licence_desk):
    cases = [accept(food_licence_desk) for _ in range(PAGE_SIZE + 1)]
    first = client.get("/public/cases").get_data(as_text=True)
    assert "第 1 / 2 页 · 共 13 件" in first
    assert cases[-1].case_no in first and cases[0].case_no not in first
    assert first.count('<td class="c-no">') == PAGE_SIZE
    second = client.get("/public/cases?page=2").get_data(as_text=True)
    assert "第 2 / 2 页 · 共 13 件" in second and cases[0].case_no in second
    assert second.count('<td class="c-no">') == 1
    for page in (first, second):
        for secret in FULL:
            assert secret not in page


def test_the_board_turns_pages_by_itself_only_when_asked(client, food_licence_desk):
    for _ in range(PAGE_SIZE + 1):
        accept(food_licence_desk)
    manual = client.get("/public/cases").get_data(as_text=True)
    assert 'data-auto="0"' in manual and "js/board.js" in manual
    auto = client.get("/public/cases?page=2&auto=1").get_data(as_text=True)
    assert 'data-auto="1"' in auto and 'data-page="2"' in auto and 'data-pages="2"' in auto
    assert 'data-interval="20"' in auto and "<meta http-equiv" not in auto
    assert "<script>" not in auto


def test_an_empty_board_says_so(client, food_licence_desk):
    page = client.get("/public/cases").get_data(as_text=True)
    assert "暂无需要公示的办件" in page and "第 1 / 1 页 · 共 0 件" in page


# --- the public API ----------------------------------------------------------------------

def test_the_api_returns_the_masked_case(client, food_licence_desk):
    case = accept(food_licence_desk)
    response = client.get(f"/api/v1/progress?case_no={case.case_no}&code={case.query_code}",
                          environ_base={"REMOTE_ADDR": "10.0.0.3"})
    assert response.status_code == 200
    body = response.json
    assert body["case_no"] == case.case_no and body["status"] == "in_progress"
    assert body["applicant"] == "张**" and body["id_number"] == "110105********002X"
    assert body["phone"] == "138****5678" and body["due_date"] == "2026-12-08"
    assert body["timeline"] and "query_code" not in body
    for secret in FULL:
        assert secret not in response.get_data(as_text=True)


def test_the_api_answers_404_alike_and_then_429(app, client, food_licence_desk, no_sleep):
    app.config["RATELIMIT"] = True
    case = accept(food_licence_desk)
    wrong = client.get(f"/api/v1/progress?case_no={case.case_no}&code=00000x")
    unknown = client.get(f"/api/v1/progress?case_no=1&code={case.query_code}")
    empty = client.get("/api/v1/progress")
    assert wrong.status_code == unknown.status_code == empty.status_code == 404
    assert wrong.json == unknown.json == empty.json
    for _ in range(LOOKUP_LIMIT - 3):
        client.get(f"/api/v1/progress?case_no={case.case_no}&code=abcdef")
    refused = client.get(f"/api/v1/progress?case_no={case.case_no}&code={case.query_code}")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "请求过于频繁" in refused.json["error"]["message"]
    assert no_sleep


# --- a deadline in a year without a calendar ---------------------------------------------

def test_a_deadline_in_an_unloaded_year_is_marked_provisional(client, food_licence_desk, make,
                                                              freeze_time):
    years = loaded_years()
    missing = max(years) + 1
    assert 2026 in years and missing not in years      # chinesecalendar stops at 2026 here
    freeze_time(f"{missing - 1}-12-28 10:00")
    item = make.item(name="建设工程规划许可", promised_days=15, legal_days=20)
    material = make.material(item)
    case = accept(food_licence_desk, item=item, material=material)
    assert case.due_date is not None and case.due_provisional
    assert case.calendar_missing_year == missing
    text = "（暂定，以国务院公布的节假日安排为准）"
    page = look_up(client, case.case_no, case.query_code).get_data(as_text=True)
    assert text in page and f"{case.due_date:%Y年%-m月%-d日}" in page
    assert text in client.get(f"/p/{case.token}").get_data(as_text=True)
    board = client.get("/public/cases").get_data(as_text=True)
    assert f"{case.due_date.isoformat()}<span class=\"b-pending\"> 暂定</span>" in board
    progress = client.get(f"/api/v1/progress?case_no={case.case_no}&code={case.query_code}")
    assert progress.json["provisional"] is True
    assert progress.json["due_date"] == case.due_date.isoformat()

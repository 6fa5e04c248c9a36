"""预约办理 pages: the phone steps end to end, refusals in Chinese that store nothing, the
booking's page and cancelling, 预约签到 at the kiosk, and the links to them."""
import re

import pytest
from sqlalchemy import func, select

from hall.appointments.models import Appointment, Slot
from hall.core.extensions import db
from hall.queue.models import Ticket
from tests.appointments.conftest import person_id, phone_of

THURSDAY = "2026-12-03"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _first_slot(client, day: str = THURSDAY) -> int:
    html = client.get(f"/book/c/estate/{day}").get_data(as_text=True)
    return int(re.search(r'href="/book/slot/(\d+)"', html).group(1))


def _details(n: int = 1, **fields) -> dict:
    data = {"name": f"张{n}", "id_number": person_id(n), "phone": phone_of(n),
            "submission_token": f"form-token-{n}"}
    data.update(fields)
    return data


def _book(client, n: int = 1, day: str = THURSDAY, **fields):
    return client.post(f"/book/slot/{_first_slot(client, day)}", data=_details(n, **fields))


def test_the_steps_lead_from_category_to_the_form(booking_hall, client):
    first = client.get("/book")
    assert first.status_code == 200 and "不动产登记" in first.get_data(as_text=True)
    days = client.get("/book/c/estate").get_data(as_text=True)
    # Tuesday 10:00: Wednesday to the next Tuesday, working days only, places left shown.
    assert "12月2日 星期三" in days and "12月3日 星期四" in days and "12月5日" not in days
    assert "剩余 <strong>4</strong> 个名额" in days
    slots = client.get(f"/book/c/estate/{THURSDAY}").get_data(as_text=True)
    assert "09:00–09:30" in slots and "14:00–14:30" in slots
    form = client.get(f"/book/slot/{_first_slot(client)}").get_data(as_text=True)
    for label in ("姓名", "身份证号", "手机号", "确认预约"):
        assert label in form


def test_a_day_outside_the_window_or_unknown_category_is_404_in_chinese(booking_hall, client):
    answer = client.get("/book/c/estate/2026-12-05")     # Saturday
    assert answer.status_code == 404 and "不开放预约" in answer.get_data(as_text=True)
    assert client.get("/book/c/estate/2026-12-31").status_code == 404
    assert client.get("/book/c/estate/9999-12-31").status_code == 404
    assert client.get("/book/c/estate/not-a-date").status_code == 404
    assert client.get("/book/c/nothing").status_code == 404
    assert client.get("/book/slot/999999").status_code == 404


def test_booking_through_the_pages_shows_the_code_the_qr_and_masked_data(booking_hall, client):
    answer = _book(client)
    assert answer.status_code == 303
    booked = db.session.scalar(select(Appointment))
    assert answer.headers["Location"].startswith(f"/book/{booked.token}")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert booked.code in page and "预约成功" in page and "<svg" in page
    assert "请于 12月3日（星期四） <strong>8:30–9:15</strong>" in page
    assert person_id(1) not in page and "110105********" in page
    assert phone_of(1) not in page and "138****" in page
    assert "张*" in page and "取消预约" in page


@pytest.mark.parametrize("field, value, message", [
    ("id_number", person_id(1)[:17] + ("0" if person_id(1)[17] != "0" else "1"), "校验位不正确"),
    ("id_number", "12345", "身份证号应为18位"),
    ("phone", "12345", "手机号"),
    ("name", "", "请填写姓名"),
    ("id_number", "", "请填写身份证号"),
])
def test_bad_details_are_told_in_chinese_and_store_nothing(booking_hall, client, field, value,
                                                           message):
    answer = _book(client, **{field: value})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert message in page and "尚未保存任何信息" in page
    assert _count(Appointment) == 0
    assert db.session.scalar(select(func.sum(Slot.booked))) == 0


def test_a_double_submit_books_once_and_shows_the_first_booking(booking_hall, client):
    first = _book(client)
    again = _book(client)
    assert again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"].split("?")[0]
    assert _count(Appointment) == 1
    # Sent again as a new form (another token): the same person's booking is shown.
    third = _book(client, submission_token="another-form")
    page = third.get_data(as_text=True)
    assert third.status_code == 409 and "无需重复预约" in page and "查看我的预约" in page
    assert _count(Appointment) == 1


def test_someone_else_typing_the_id_number_learns_no_link(booking_hall, client):
    _book(client)
    third = _book(client, name="李四", phone=phone_of(9), submission_token="x-form")
    page = third.get_data(as_text=True)
    assert third.status_code == 409 and "已有一个未办理的预约" in page
    assert "查看我的预约" not in page


def test_a_full_slot_is_shown_as_full_and_not_as_a_link(booking_hall, client):
    slot_id = _first_slot(client)
    for n in (1, 2):
        client.post(f"/book/slot/{slot_id}", data=_details(n))
    page = client.get(f"/book/c/estate/{THURSDAY}").get_data(as_text=True)
    assert "已约满" in page and f'href="/book/slot/{slot_id}"' not in page
    late = client.post(f"/book/slot/{slot_id}", data=_details(3))
    assert late.status_code == 409 and "已约满" in late.get_data(as_text=True)
    assert _count(Appointment) == 2


def test_cancel_asks_first_then_frees_the_place(booking_hall, client):
    location = _book(client).headers["Location"].split("?")[0]
    confirm = client.get(location + "/cancel").get_data(as_text=True)
    assert "确定要取消这个预约吗" in confirm
    answer = client.post(location + "/cancel")
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "已取消预约" in page and "取消预约</a>" not in page
    assert db.session.scalar(select(Appointment.status)) == "cancelled"
    assert db.session.scalar(select(func.sum(Slot.booked))) == 0


def test_cancel_within_the_hour_is_refused_in_words(booking_hall, client, freeze_time):
    location = _book(client).headers["Location"].split("?")[0]
    freeze_time("2026-12-03 08:10")
    page = client.get(location).get_data(as_text=True)
    assert "取消预约</a>" not in page and "不能再取消" in page
    answer = client.post(location + "/cancel")
    assert answer.status_code == 409
    assert "分钟内不能取消" in answer.get_data(as_text=True)
    assert db.session.scalar(select(Appointment.status)) == "booked"


def test_an_unknown_token_is_404(booking_hall, client):
    assert client.get("/book/not-a-token-at-all").status_code == 404
    assert client.post("/book/not-a-token-at-all/cancel").status_code == 404


# -- 预约签到 ---------------------------------------------------------------------------------

def _booked(client) -> Appointment:
    _book(client)
    return db.session.scalar(select(Appointment))


def test_the_check_in_page_has_the_keypad_and_the_booking_qr(booking_hall, client):
    page = client.get("/kiosk/check-in").get_data(as_text=True)
    assert "预约码或身份证号" in page and 'data-key="X"' in page and "<svg" in page


@pytest.mark.parametrize("entry", ["code", "id_number", "link"])
def test_check_in_issues_a_ticket_marked_as_booked(booking_hall, client, freeze_time, entry):
    booked = _booked(client)
    freeze_time("2026-12-03 08:40")
    typed = {"code": booked.code, "id_number": person_id(1).lower(),
             "link": f"http://hall.example/book/{booked.token}"}[entry]
    answer = client.post("/kiosk/check-in", data={"entry": typed})
    assert answer.status_code == 303
    ticket = db.session.scalar(select(Ticket))
    assert answer.headers["Location"].startswith(f"/kiosk/tickets/{ticket.token}")
    slip = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert ticket.number in slip and "不动产登记 · 预约" in slip


def test_check_in_too_early_says_when(booking_hall, client, freeze_time):
    booked = _booked(client)
    freeze_time("2026-12-03 08:00")
    answer = client.post("/kiosk/check-in", data={"entry": booked.code})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409 and "08:30" in page and "data-speak" in page
    assert _count(Ticket) == 0


def test_check_in_too_late_offers_a_normal_ticket(booking_hall, client, freeze_time):
    booked = _booked(client)
    freeze_time("2026-12-03 09:20")
    answer = client.post("/kiosk/check-in", data={"entry": booked.code})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409 and "已超过签到时间" in page
    assert "取普通号：B 不动产登记" in page and 'value="estate"' in page
    assert _count(Ticket) == 0


@pytest.mark.parametrize("entry, status, words", [
    ("12345678", 404, "未找到该预约码"),
    ("", 400, "请先输入预约码或身份证号"),
    ("   ", 400, "请先输入预约码或身份证号"),
    ("abc", 400, "预约码为 8 位数字"),
    (person_id(5), 404, "今天没有该身份证号的预约"),
])
def test_check_in_refusals_are_words(booking_hall, client, freeze_time, entry, status, words):
    freeze_time("2026-12-03 08:40")
    answer = client.post("/kiosk/check-in", data={"entry": entry})
    page = answer.get_data(as_text=True)
    assert answer.status_code == status and words in page
    assert person_id(5) not in page          # a typed 身份证号 is never shown back


# -- links --------------------------------------------------------------------------------------

def test_the_kiosk_home_and_the_guide_link_to_booking(booking_hall, client, make):
    home = client.get("/kiosk").get_data(as_text=True)
    assert "预约签到" in home and 'href="/book"' in home
    item = make.item(category_id=booking_hall.category.id)
    plain = make.item()
    db.session.commit()
    assert 'href="/book/c/estate"' in client.get(f"/guide/items/{item.code}").get_data(as_text=True)
    assert "/book/c/" not in client.get(f"/guide/items/{plain.code}").get_data(as_text=True)


def test_without_slots_the_kiosk_home_has_no_booking_buttons(app, client):
    assert "预约签到" not in client.get("/kiosk").get_data(as_text=True)


def test_an_empty_check_in_is_said_where_the_entry_is_and_uses_no_try(client, booking_hall,
                                                                      freeze_time):
    freeze_time("2026-12-03 08:50")
    for _ in range(25):
        empty = client.post("/kiosk/check-in", data={"entry": ""})
        page = empty.get_data(as_text=True)
        assert empty.status_code == 400
        assert 'data-entry-error>请先输入预约码或身份证号' in page
    assert client.post("/kiosk/check-in", data={"entry": "99999999"}).status_code == 404


def test_the_kiosk_check_in_page_refuses_a_guessing_script(client, booking_hall, freeze_time):
    freeze_time("2026-12-03 08:50")
    for _ in range(20):
        wrong = client.post("/kiosk/check-in", data={"entry": "99999999"})
        assert wrong.status_code == 404
    refused = client.post("/kiosk/check-in", data={"entry": "99999999"})
    assert refused.status_code == 429 and "签到尝试次数过多" in refused.get_data(as_text=True)

"""预约管理 pages: slot rows and exception dates, the day's bookings, blocks and 解除, and
who may open them."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hall.appointments.models import NoShowBlock, SlotException, SlotTemplate
from hall.audit.models import AuditEntry
from hall.core import clock
from hall.core.extensions import db
from tests.appointments.conftest import person_id, phone_of


def _rows(category_id: int) -> list[SlotTemplate]:
    return list(db.session.scalars(select(SlotTemplate).where(
        SlotTemplate.category_id == category_id)
        .order_by(SlotTemplate.weekday, SlotTemplate.start_time)))


def test_the_slots_page_lists_each_weekday_row(booking_hall, client, login_as):
    login_as("manager")
    page = client.get("/admin/appointments/?category=estate").get_data(as_text=True)
    assert "预约时段" in page and "星期一" in page and "星期五" in page
    assert page.count('value="09:00"') == 5 and "10 个时段" in page


def test_adding_rows_cuts_the_span_into_slots(booking_hall, client, login_as):
    login_as("manager")
    answer = client.post("/admin/appointments/estate/slots", data={
        "weekdays": ["5"], "start": "09:00", "end": "11:30", "length": "30", "capacity": "6"})
    assert answer.status_code == 302
    saturday = [r for r in _rows(booking_hall.category.id) if r.weekday == 5]
    assert [(r.start_time, r.end_time, r.capacity) for r in saturday] == [
        ("09:00", "09:30", 6), ("09:30", "10:00", 6), ("10:00", "10:30", 6),
        ("10:30", "11:00", 6), ("11:00", "11:30", 6)]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "appointment.template")) == 5


@pytest.mark.parametrize("data, words", [
    ({"weekdays": ["0"], "start": "9点", "end": "11:30", "capacity": "6"}, "09:00 的格式"),
    ({"weekdays": ["0"], "start": "11:00", "end": "10:00", "capacity": "6"}, "结束时间须晚于开始时间"),
    ({"weekdays": ["0"], "start": "10:00", "end": "11:00", "capacity": "0"}, "名额须在 1 到 999 之间"),
    ({"start": "10:00", "end": "11:00", "capacity": "2"}, "请至少选择一天"),
    ({"weekdays": ["0"], "start": "09:15", "end": "09:45", "capacity": "2"}, "重叠"),
    ({"weekdays": ["9"], "start": "10:00", "end": "11:00", "capacity": "2"}, "选项不正确"),
])
def test_bad_rows_are_refused_in_chinese_and_nothing_is_added(booking_hall, client, login_as, data,
                                                              words):
    login_as("manager")
    before = len(_rows(booking_hall.category.id))
    answer = client.post("/admin/appointments/estate/slots", data=data)
    assert answer.status_code == 400 and words in answer.get_data(as_text=True)
    assert len(_rows(booking_hall.category.id)) == before


def test_a_row_is_edited_in_place_and_deleted(booking_hall, client, login_as):
    login_as("manager")
    row = _rows(booking_hall.category.id)[0]
    prefix = f"t{row.id}-"
    answer = client.post(f"/admin/appointments/slots/{row.id}", data={
        prefix + "start": "09:00", prefix + "end": "09:30", prefix + "capacity": "8"})
    assert answer.status_code == 302
    db.session.refresh(row)
    assert row.capacity == 8 and row.active is False      # the box left unticked: closed
    refused = client.post(f"/admin/appointments/slots/{row.id}", data={
        prefix + "start": "09:00", prefix + "end": "08:00", prefix + "capacity": "8",
        prefix + "active": "y"})
    assert refused.status_code == 400 and "结束时间须晚于开始时间" in refused.get_data(as_text=True)
    assert client.post(f"/admin/appointments/slots/{row.id}/delete").status_code == 302
    assert db.session.get(SlotTemplate, row.id) is None


def test_an_exception_date_closes_the_day_for_citizens(booking_hall, client, login_as):
    login_as("manager")
    answer = client.post("/admin/appointments/estate/exceptions", data={
        "day": "2026-12-03", "kind": "closed", "label": "系统升级"})
    assert answer.status_code == 302
    page = client.get("/admin/appointments/?category=estate").get_data(as_text=True)
    assert "2026-12-03" in page and "不开放预约" in page and "系统升级" in page
    client.post("/logout")
    assert "12月3日" not in client.get("/book/c/estate").get_data(as_text=True)
    assert client.get("/book/c/estate/2026-12-03").status_code == 404


def test_an_exception_with_other_places_needs_a_number(booking_hall, client, login_as):
    login_as("manager")
    refused = client.post("/admin/appointments/estate/exceptions", data={
        "day": "2026-12-03", "kind": "capacity"})
    assert refused.status_code == 400 and "请填写当天每个时段的名额" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SlotException)) == 0
    client.post("/admin/appointments/estate/exceptions", data={
        "day": "2026-12-03", "kind": "capacity", "capacity": "1"})
    row = db.session.scalar(select(SlotException))
    assert row.capacity == 1 and not row.closed
    assert client.post(f"/admin/appointments/exceptions/{row.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SlotException)) == 0


def test_the_days_bookings_are_plain_for_staff(booking_hall, client, login_as):
    booking_hall.book(1)
    db.session.commit()
    login_as("manager")
    page = client.get("/admin/appointments/day?date=2026-12-03").get_data(as_text=True)
    assert person_id(1) in page and phone_of(1) in page and "张1" in page
    assert "已预约" in page and "已约 1 / 2" in page
    empty = client.get("/admin/appointments/day?date=2026-12-04").get_data(as_text=True)
    assert "没有预约" in empty
    assert client.get("/admin/appointments/day?date=9999-12-31").status_code == 200
    assert client.get("/admin/appointments/day?date=nonsense").status_code == 200


def test_staff_see_the_bookings_of_their_windows_only(booking_hall, client, make, login_as):
    booking_hall.book(1)
    other = make.category(code="civil", name="社会事务", prefix="A")
    staff = login_as("staff")
    make.window(no=7, categories=[other], staff_a_id=staff.id)
    db.session.commit()
    page = client.get("/admin/appointments/day?date=2026-12-03").get_data(as_text=True)
    assert person_id(1) not in page
    assert client.get("/admin/appointments/").status_code == 403
    assert client.get("/admin/appointments/blocks").status_code == 403


def _block(booking_hall) -> NoShowBlock:
    block = NoShowBlock(id_number=person_id(7), name="王小明", no_shows=3, since=clock.now(),
                        until=clock.now() + timedelta(days=30), lifted_by="")
    db.session.add(block)
    db.session.commit()
    return block


def test_blocks_are_listed_masked_and_lifted_with_an_audit_entry(booking_hall, client, login_as):
    block = _block(booking_hall)
    manager = login_as("manager")
    page = client.get("/admin/appointments/blocks").get_data(as_text=True)
    assert "王小明" in page and person_id(7) not in page and "110105********" in page
    assert "解除" in page
    answer = client.post(f"/admin/appointments/blocks/{block.id}/lift")
    assert answer.status_code == 302
    db.session.refresh(block)
    assert block.lifted_at is not None and block.lifted_by == manager.username
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "appointment.block_lifted")) == 1
    again = client.post(f"/admin/appointments/blocks/{block.id}/lift", follow_redirects=True)
    assert "已解除或已到期" in again.get_data(as_text=True)
    assert "目前没有被限制预约的人" in client.get("/admin/appointments/blocks").get_data(as_text=True)
    assert "已解除" in client.get("/admin/appointments/blocks?all=1").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/appointments/", "/admin/appointments/day",
                                  "/admin/appointments/blocks"])
def test_citizens_cannot_open_the_manager_pages(booking_hall, client, path):
    answer = client.get(path)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_citizens_cannot_post_to_the_manager_pages(booking_hall, client):
    block = _block(booking_hall)
    assert client.post(f"/admin/appointments/blocks/{block.id}/lift").status_code == 302
    db.session.refresh(block)
    assert block.lifted_at is None


def test_the_manager_nav_links_the_pages(booking_hall, client, login_as):
    login_as("manager")
    page = client.get("/admin/appointments/").get_data(as_text=True)
    assert 'href="/admin/appointments/"' in page and "预约管理" in page
    assert "当日预约" in page and "预约黑名单" in page



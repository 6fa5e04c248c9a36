"""The administrator's settings page: saving, validation, and where the values show."""
import json
import re

import pytest
from sqlalchemy import delete, func, select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.hours import services as hours
from hall.hours.models import WeekdayHours
from hall.settings import services
from hall.settings.models import Setting


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def setting_rows() -> dict:
    db.session.expire_all()
    return {row.key: json.loads(row.value) for row in db.session.scalars(select(Setting))}


def errors_of(html: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def value_of(html: str, field: str) -> str:
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else ""


VALID = {
    "hall_name": "榆中县政务服务中心", "region_code": "620123",
    "hall_address": "榆中县栖云北路 1 号", "hall_phone": "0931-5221234",
    "open_time": "08:30", "close_time": "18:00", "idle_minutes": "20",
    "lockout_minutes": "30", "password_max_age_days": "60",
}


def form(**fields) -> dict:
    return {**VALID, **fields}


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def test_page_shows_the_defaults(client, admin):
    response = client.get("/admin/settings/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert value_of(html, "hall_name") == "政务服务中心"
    assert value_of(html, "open_time") == "09:00"
    assert value_of(html, "close_time") == "17:30"
    assert value_of(html, "idle_minutes") == "30"


def test_save_settings(client, admin):
    response = client.post("/admin/settings/", data=form())
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "设置已保存" in html
    for field, value in VALID.items():
        assert value_of(html, field) == value, field
    assert setting_rows() == {**VALID, "idle_minutes": 20, "lockout_minutes": 30,
                              "password_max_age_days": 60}
    assert services.get("idle_minutes") == 20
    assert services.get("open_time") == "08:30"
    assert services.get_all()["hall_name"] == "榆中县政务服务中心"


def test_saving_is_audited_with_before_and_after(client, admin):
    client.post("/admin/settings/", data=form(hall_name="新名称", idle_minutes="30"))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "settings.update"))
    before, after = json.loads(entry.before), json.loads(entry.after)
    assert before["hall_name"] == "政务服务中心" and after["hall_name"] == "新名称"
    assert "idle_minutes" not in after   # unchanged values are not listed
    assert entry.username == admin.username


def test_saving_the_same_values_changes_nothing(client, admin):
    client.post("/admin/settings/", data=form())
    before = audit_count()
    response = client.post("/admin/settings/", data=form(), follow_redirects=True)
    assert "设置没有变化" in response.get_data(as_text=True)
    assert audit_count() == before


def test_a_later_change_overwrites_the_earlier_one(client, admin):
    client.post("/admin/settings/", data=form())
    client.post("/admin/settings/", data=form(close_time="17:00", idle_minutes="45"))
    rows = setting_rows()
    assert rows["close_time"] == "17:00" and rows["idle_minutes"] == 45
    assert rows["open_time"] == "08:30"


def assert_refused(client, field: str, message: str, **fields) -> None:
    """Posting these values is refused with a message at the field, and nothing is stored."""
    before = audit_count()
    response = client.post("/admin/settings/", data=form(**fields))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in errors_of(html, field), errors_of(html, field)
    assert "尚未保存任何内容" in html
    assert setting_rows() == {}
    assert audit_count() == before
    assert services.get_all() == services.DEFAULTS


@pytest.mark.parametrize("code", ["62012", "6201234", "62012A", "", "62 012", "６２０１２３"])
def test_invalid_region_code(client, admin, code):
    message = "此项为必填项" if not code else "行政区划代码须为 6 位数字"
    assert_refused(client, "region_code", message, region_code=code)


@pytest.mark.parametrize("field", ["open_time", "close_time"])
@pytest.mark.parametrize("value", ["9:00", "24:00", "09:60", "0900", "09:00:00", "九点",
                                   "09-00", "０９:００"])
def test_invalid_time_format(client, admin, field, value):
    times = {"open_time": "08:00", "close_time": "23:59", field: value}
    assert_refused(client, field, "时间格式须为 HH:MM，例如 09:00", **times)


@pytest.mark.parametrize("open_time,close_time", [("17:30", "09:00"), ("09:00", "09:00"),
                                                  ("12:01", "12:00")])
def test_close_must_be_after_open(client, admin, open_time, close_time):
    assert_refused(client, "close_time", "结束办公时间须晚于开始办公时间",
                   open_time=open_time, close_time=close_time)


def test_close_one_minute_after_open_is_accepted(client, admin):
    response = client.post("/admin/settings/", data=form(open_time="09:00", close_time="09:01"))
    assert response.status_code == 302
    assert setting_rows()["close_time"] == "09:01"


@pytest.mark.parametrize("minutes", ["0", "4", "241", "-5", "100000"])
def test_idle_minutes_out_of_range(client, admin, minutes):
    assert_refused(client, "idle_minutes", "须在 5 到 240 分钟之间", idle_minutes=minutes)


@pytest.mark.parametrize("minutes", ["5", "240"])
def test_idle_minutes_at_the_limits(client, admin, minutes):
    assert client.post("/admin/settings/", data=form(idle_minutes=minutes)).status_code == 302
    assert services.get("idle_minutes") == int(minutes)


@pytest.mark.parametrize("minutes", ["", "半小时", "2.5"])
def test_idle_minutes_must_be_a_whole_number(client, admin, minutes):
    response = client.post("/admin/settings/", data=form(idle_minutes=minutes))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True), "idle_minutes")
    assert setting_rows() == {}


@pytest.mark.parametrize("minutes", ["0", "1441"])
def test_lockout_minutes_out_of_range(client, admin, minutes):
    assert_refused(client, "lockout_minutes", "须在 1 到 1440 分钟之间", lockout_minutes=minutes)


def test_password_age_out_of_range(client, admin):
    assert_refused(client, "password_max_age_days", "须在 0 到 365 天之间",
                   password_max_age_days="366")


def test_hall_name_is_required(client, admin):
    assert_refused(client, "hall_name", "此项为必填项", hall_name="")


def test_one_bad_field_saves_none_of_the_good_ones(client, admin):
    before = audit_count()
    response = client.post("/admin/settings/", data=form(hall_name="新的大厅", idle_minutes="1"))
    assert response.status_code == 400
    assert setting_rows() == {}
    assert audit_count() == before
    assert "新的大厅" not in client.get("/kiosk").get_data(as_text=True)


def test_hall_name_and_hours_appear_on_the_kiosk(client, admin, auth):
    # A fresh install's week (the settings' opening times), not the test hall's whole week.
    db.session.execute(delete(WeekdayHours))
    db.session.commit()
    hours.forget_cached()
    html = client.get("/kiosk").get_data(as_text=True)
    assert '<span class="hall-name">政务服务中心</span>' in html
    client.post("/admin/settings/", data=form())
    auth.logout()
    html = client.get("/kiosk").get_data(as_text=True)
    assert re.search(r"<title>[^<]* · 榆中县政务服务中心</title>", html)
    assert '<span class="hall-name">榆中县政务服务中心</span>' in html
    assert "榆中县栖云北路 1 号" in html and "0931-5221234" in html
    assert "周一至周五 08:30–18:00" in html
    assert "榆中县政务服务中心" in client.get("/guide/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["staff", "manager", "auditor"])
def test_only_the_administrator_changes_settings(client, login_as, role):
    login_as(role)
    assert client.get("/admin/settings/").status_code == 403
    assert client.post("/admin/settings/", data=form()).status_code == 403
    assert setting_rows() == {}

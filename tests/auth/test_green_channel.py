"""Opening the green channel on a kiosk needs an account in good standing."""
import pytest

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue.kiosks import open_green
from hall.queue.models import Kiosk
from tests.auth.helpers import text_of
from tests.factories import PASSWORD
from tests.queue.test_kiosk_pages import registered


@pytest.fixture
def kiosk_client(client, freeze_time):
    freeze_time("2026-12-01 09:30")
    registered(client)
    return client


def _open(client, username: str, password: str = PASSWORD):
    return client.post("/kiosk/green", data={"username": username, "password": password})


def _green_open() -> bool:
    db.session.expire_all()
    kiosk = db.session.scalar(db.select(Kiosk))
    return kiosk.green_open(clock.now())


def test_an_account_that_must_change_its_password_cannot_open_it(kiosk_client, make):
    user = make.user(role="staff", must_change_password=True)
    db.session.commit()
    page = text_of(_open(kiosk_client, user.username))
    assert "该账户须先修改密码" in page
    assert not _green_open()


def test_an_expired_password_cannot_open_it(kiosk_client, make, freeze_time):
    user = make.user(role="staff")
    db.session.commit()
    freeze_time("2027-06-01 09:30")                  # past the 90 days
    page = text_of(_open(kiosk_client, user.username))
    assert "该账户须先修改密码" in page
    assert not _green_open()


@pytest.mark.parametrize("state", ["disabled", "locked"])
def test_a_disabled_or_locked_account_cannot_open_it(kiosk_client, make, state):
    user = make.user(role="staff", is_enabled=state != "disabled")
    db.session.commit()
    if state == "locked":
        for _ in range(5):
            _open(kiosk_client, user.username, "Wrong-2026")
    page = text_of(_open(kiosk_client, user.username))
    assert "用户名或密码错误" in page
    assert not _green_open()


def test_the_service_refuses_them_too(kiosk_client, make):
    kiosk = db.session.scalar(db.select(Kiosk))
    now = clock.now()
    for fields in ({"must_change_password": True}, {"is_enabled": False},
                   {"locked_until": now.replace(year=now.year + 1)}):
        user = make.user(role="staff", **fields)
        with pytest.raises(Exception) as refused:
            open_green(kiosk, Actor.of(user), now)
        assert refused.value.status == 403 and "绿色通道" in refused.value.message
    assert kiosk.green_until is None


def test_refusals_leave_the_login_counts_as_they_were(kiosk_client, make):
    user = make.user(role="staff", must_change_password=True)
    db.session.commit()
    for _ in range(6):
        _open(kiosk_client, user.username)
    db.session.expire_all()
    assert user.failed_logins == 0 and user.locked_until is None

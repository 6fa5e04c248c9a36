"""A kiosk's registration link works once, for 30 minutes; a new link replaces the old kiosk."""
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.core import clock
from hall.core.extensions import db
from hall.queue.kiosks import COOKIE, HEADER, LINK_MINUTES, enrol_kiosk, kiosk_actor, register_kiosk
from hall.queue.models import Kiosk
from tests.factories import TEST_ACTOR


def green_link_shown(browser) -> bool:
    return "开启绿色通道" in browser.get("/kiosk").get_data(as_text=True)


def test_a_link_registers_one_browser_only(app, two_window_hall):
    token, kiosk = register_kiosk(TEST_ACTOR, "一楼取号机1", clock.now())
    db.session.commit()
    assert kiosk.link_expires_at is not None and LINK_MINUTES == 30
    first, second = app.test_client(), app.test_client()
    assert first.get(f"/kiosk/register/{token}").status_code == 302
    reused = second.get(f"/kiosk/register/{token}")
    assert reused.status_code == 404 and "登记链接无效" in reused.get_data(as_text=True)
    assert second.get_cookie(COOKIE) is None
    assert green_link_shown(first) and not green_link_shown(second)
    # the link's token is not the device key
    assert first.get_cookie(COOKIE).value != token
    assert app.test_client().post("/api/v1/tickets", json={"category": "civil", "priority": True},
                                  headers={HEADER: token}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Kiosk, kiosk.id).link_hash is None
    assert "kiosk.enrol" in db.session.scalars(select(AuditEntry.action)).all()


def test_a_link_expires_after_thirty_minutes(app, two_window_hall, freeze_time):
    token, _ = register_kiosk(TEST_ACTOR, "一楼取号机1", clock.now())
    db.session.commit()
    freeze_time("2026-12-01 09:30:01")
    assert app.test_client().get(f"/kiosk/register/{token}").status_code == 404
    assert enrol_kiosk(token, clock.now(), kiosk_actor()) is None
    assert app.test_client().get("/kiosk/register/").status_code == 404


def test_a_new_link_moves_the_kiosk_to_another_browser(app, two_window_hall, client, login_as):
    token, kiosk = register_kiosk(TEST_ACTOR, "一楼取号机1", clock.now())
    db.session.commit()
    old = app.test_client()
    old.get(f"/kiosk/register/{token}")
    login_as("admin")
    page = client.post(f"/admin/kiosks/{kiosk.id}/link").get_data(as_text=True)
    assert "只能使用一次" in page and "30 分钟内有效" in page
    fresh = page.split("/kiosk/register/")[1].split("<")[0]
    new = app.test_client()
    assert new.get(f"/kiosk/register/{fresh}").status_code == 302
    assert green_link_shown(new) and not green_link_shown(old)
    assert "kiosk.relink" in db.session.scalars(select(AuditEntry.action)).all()
    listing = client.get("/admin/kiosks/").get_data(as_text=True)
    assert "/kiosk/register/" not in listing


def test_registering_shows_the_link_once(client, two_window_hall, login_as):
    login_as("admin")
    made = client.post("/admin/kiosks/", data={"name": "一楼取号机1"}).get_data(as_text=True)
    assert "/kiosk/register/" in made and "30 分钟内有效" in made
    assert "/kiosk/register/" not in client.get("/admin/kiosks/").get_data(as_text=True)

"""Links that are printed or put in QR codes never take their address from a forged Host."""
import logging

import pytest

from hall import create_app
from hall.core import clock, config
from hall.core.extensions import db
from hall.queue import tickets
from hall.queue import views as kiosk_views
from hall.settings import links as web
from hall.settings import services as settings
from tests.conftest import _config
from tests.factories import TEST_ACTOR

EVIL = {"Host": "evil.example"}


@pytest.fixture
def ticket(make):
    category = make.category(code="civil", name="社会事务", prefix="A")
    make.window(no=1, categories=[category])
    issued = tickets.issue_ticket(category, clock.now())
    db.session.commit()
    return issued


@pytest.fixture
def qr_links(monkeypatch):
    """What the kiosk's ticket page puts into its QR code."""
    encoded = []
    real = kiosk_views.qr_svg
    monkeypatch.setattr(kiosk_views, "qr_svg", lambda text: encoded.append(text) or real(text))
    return encoded


@pytest.fixture
def warned(monkeypatch, caplog):
    monkeypatch.setitem(web._warned, "untrusted_host", False)
    caplog.set_level(logging.WARNING, logger="hall.links")
    return caplog


def test_a_forged_host_never_reaches_a_printed_link_or_qr_code(client, ticket, qr_links,
                                                               warned):
    page = client.get(f"/kiosk/tickets/{ticket.token}", headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in page
    assert qr_links == [f"/t/{ticket.token}"]
    issued = client.post("/api/v1/tickets", json={"category": "civil"}, headers=EVIL).json
    assert issued["url"] == f"/t/{issued['token']}"
    assert issued["qr_url"] == f"/t/{issued['token']}/qr.svg"
    phone = client.get(f"/t/{ticket.token}", headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in phone
    messages = [r.getMessage() for r in warned.records if r.name == "hall.links"]
    assert len(messages) == 1 and "HALL_TRUSTED_HOSTS" in messages[0]


def test_a_loopback_host_is_used_as_it_can_only_lead_to_the_readers_own_machine(
        client, ticket, qr_links):
    client.get(f"/kiosk/tickets/{ticket.token}")                      # Host: localhost
    client.get(f"/kiosk/tickets/{ticket.token}", headers={"Host": "127.0.0.1:5000"})
    assert qr_links == [f"http://localhost/t/{ticket.token}",
                        f"http://127.0.0.1:5000/t/{ticket.token}"]
    client.get(f"/kiosk/tickets/{ticket.token}", headers={"Host": "localhost.evil.example"})
    assert qr_links[-1] == f"/t/{ticket.token}"


def test_the_hall_address_setting_wins_over_any_host(client, ticket, qr_links):
    settings.update(TEST_ACTOR, {"public_base_url": "http://192.168.1.10:8000/"})
    db.session.commit()
    page = client.get(f"/kiosk/tickets/{ticket.token}", headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in page
    assert qr_links == [f"http://192.168.1.10:8000/t/{ticket.token}"]


def test_trusted_hosts_refuse_every_other_host(_schema, make):
    app = create_app({**_config(_schema), "TRUSTED_HOSTS": ["hall.example.gov.cn"]})
    with app.app_context():
        category = make.category(code="civil", name="社会事务", prefix="A")
        make.window(no=1, categories=[category])
        db.session.commit()
        client = app.test_client()
        assert client.post("/api/v1/tickets", json={"category": "civil"},
                           headers=EVIL).status_code == 400
        issued = client.post("/api/v1/tickets", json={"category": "civil"},
                             headers={"Host": "hall.example.gov.cn"}).json
        assert issued["url"] == f"http://hall.example.gov.cn/t/{issued['token']}"
        db.session.remove()
        db.engine.dispose()      # this app's own pool: no connection left for the collector


def test_hall_trusted_hosts_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HALL_TRUSTED_HOSTS", " hall.example.gov.cn, 192.168.1.10:8000 ,")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SECRET_KEY": "x"})
    assert app.config["TRUSTED_HOSTS"] == ["hall.example.gov.cn", "192.168.1.10:8000"]
    assert config._host_list(" , ") is None


def test_the_settings_page_warns_while_the_address_is_unset(client, login_as):
    login_as("admin")
    assert "尚未设置“手机访问地址”" in client.get("/admin/settings/").get_data(as_text=True)
    settings.update(TEST_ACTOR, {"public_base_url": "http://192.168.1.10"})
    db.session.commit()
    assert "尚未设置“手机访问地址”" not in client.get("/admin/settings/").get_data(as_text=True)


def test_a_production_server_says_so_loudly_at_its_first_request(_schema, warned):
    app = create_app({**_config(_schema), "TESTING": False})
    with app.app_context():
        app.test_client().get("/api/v1/categories")
        app.test_client().get("/api/v1/categories")
        db.session.remove()
        db.engine.dispose()
    messages = [r.getMessage() for r in warned.records if r.name == "hall.links"]
    assert len(messages) == 1 and "public_base_url" in messages[0]

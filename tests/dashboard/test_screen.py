"""Wall-screen links (大屏链接): the manager makes and revokes them; a screen opens its link
once, keeps a cookie, and shows the dashboard read-only; the cookie opens nothing else."""
import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.dashboard import screens
from hall.settings import services as settings
from tests.factories import TEST_ACTOR
from tests.web.test_security import _concrete, _routes

REFUSED = "大屏链接无效或已被撤销，请联系大厅管理员重新生成"


def new_key(name: str = "值班室大屏") -> str:
    token = screens.create_link(TEST_ACTOR, name)
    db.session.commit()
    return token


def screen_client(app, key: str):
    """A browser nobody logged in to, after opening the link once."""
    browser = app.test_client()
    response = browser.get(f"/dashboard/screen?key={key}")
    assert response.status_code == 303, response.status_code
    return browser


def entries(action: str) -> list:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- making and revoking links ---------------------------------------------------------

@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_only_the_manager_makes_or_revokes_links(client, login_as, role):
    login_as(role)
    assert client.get("/dashboard/screen-links").status_code == 403
    assert client.post("/dashboard/screen-links", data={"name": "大屏"}).status_code == 403
    assert client.post("/dashboard/screen-links/revoke").status_code == 403
    assert entries(screens.CREATED) == [] and settings.get(screens.GENERATION) == 1


def test_the_anonymous_are_sent_to_the_login(client):
    response = client.get("/dashboard/screen-links")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_manager_makes_a_link_with_its_qr_code(client, login_as):
    login_as("manager")
    assert 'href="/dashboard/screen-links"' in client.get("/dashboard").get_data(as_text=True)
    response = client.post("/dashboard/screen-links", data={"name": "  值班室大屏 "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = re.search(r"http://localhost/dashboard/screen\?key=([\w.\-]+)", page).group(1)
    assert screens.read_token(token) == {"name": "值班室大屏", "generation": 1}
    assert "“值班室大屏”的大屏链接已生成" in page and '<svg role="img" aria-label="二维码"' in page
    [entry] = entries(screens.CREATED)
    assert entry.object_label == "大屏链接：值班室大屏" and '"generation": 1' in entry.after
    assert token not in entry.after + entry.before + entry.object_label
    listed = client.get("/dashboard/screen-links").get_data(as_text=True)
    assert "<td>值班室大屏</td>" in listed and token not in listed


@pytest.mark.parametrize("name, message", [("   ", "请填写大屏名称"), ("屏" * 41, "不能超过 40 个字")])
def test_a_bad_name_is_told_and_changes_nothing(client, login_as, name, message):
    login_as("manager")
    response = client.post("/dashboard/screen-links", data={"name": name})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert "key=" not in response.get_data(as_text=True) and entries(screens.CREATED) == []


def test_revoking_bumps_the_generation_and_is_audited(client, login_as):
    login_as("manager")
    response = client.post("/dashboard/screen-links/revoke")
    assert response.status_code == 302
    assert settings.get(screens.GENERATION) == 2
    [entry] = entries(screens.REVOKED)
    assert entry.before == '{"generation": 1}' and entry.after == '{"generation": 2}'
    assert "已撤销全部大屏链接" in client.get(response.headers["Location"]).get_data(as_text=True)


# --- the screen --------------------------------------------------------------------------

def test_opening_the_link_sets_a_strict_cookie_and_drops_the_key(app):
    key = new_key()
    response = app.test_client().get(f"/dashboard/screen?key={key}")
    assert response.status_code == 303 and response.headers["Location"] == "/dashboard/screen"
    [cookie] = response.headers.getlist("Set-Cookie")        # no session cookie either
    assert cookie.startswith(f"hall_screen={key};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Max-Age=34560000" in cookie and "Secure" not in cookie
    assert response.headers["Cache-Control"] == "no-store"


def test_the_cookie_is_secure_behind_https(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = app.test_client().get(f"/dashboard/screen?key={new_key()}")
    assert "; Secure" in response.headers["Set-Cookie"]


def test_the_screen_shows_the_figures_read_only_and_masked(app, busy_hall):
    browser = screen_client(app, new_key())
    response = browser.get("/dashboard/screen")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "大厅监控" in page and "值班室大屏" in page and "data-dashboard" in page
    assert 'data-figure="tickets_issued" data-format="int">5<' in page
    assert "A004" in page and "刘洋（B岗）" in page and "已超期 5 个工作日" in page
    assert "王**" in page and "王小明" not in page
    assert "11010519491231002X" not in page and "13912345678" not in page
    assert "<form" not in page and "csrf" not in page
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert all(h.startswith("/static/") for h in hrefs), hrefs
    assert "data-case-url" not in page and "data-followups-url" not in page
    assert 'src="/static/js/dashboard.js"' in page
    assert "session=" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_the_api_answers_the_cookie_with_masked_data(app, busy_hall):
    browser = screen_client(app, new_key())
    response = browser.get("/api/v1/dashboard")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["figures"]["tickets_issued"] == 5
    text = response.get_data(as_text=True)
    assert "王小明" not in text and "11010519491231002X" not in text and "13912345678" not in text


def _forged(secret: str = "test-secret", salt: str = screens.SALT, generation=1) -> str:
    return URLSafeTimedSerializer(secret, salt=salt).dumps({"name": "假大屏", "gen": generation})


@pytest.mark.parametrize("bad", ["", "garbage", "tampered", _forged(secret="other-secret"),
                                 _forged(salt="other"), _forged(generation=True),
                                 _forged(generation=2), "x" * 600])
def test_a_bad_key_or_cookie_is_refused(app, bad):
    key = new_key() + "x" if bad == "tampered" else bad
    browser = app.test_client()
    response = browser.get("/dashboard/screen", query_string={"key": key})
    assert response.status_code == 403 and REFUSED in response.get_data(as_text=True)
    assert "hall_screen" not in response.headers.get("Set-Cookie", "")
    browser.set_cookie(screens.COOKIE, key or "empty")
    response = browser.get("/dashboard/screen")
    assert response.status_code == 403 and "hall_screen=;" in response.headers["Set-Cookie"]
    browser.set_cookie(screens.COOKIE, key or "empty")
    response = browser.get("/api/v1/dashboard")
    assert response.status_code == 403
    assert response.get_json()["error"] == {"code": "screen_link_invalid", "message": REFUSED,
                                            "fields": {}}


def test_without_cookie_the_screen_is_refused_and_the_api_wants_a_login(client):
    response = client.get("/dashboard/screen")
    assert response.status_code == 403 and REFUSED in response.get_data(as_text=True)
    assert client.get("/api/v1/dashboard").status_code == 401


def test_revoking_stops_every_screen_and_new_links_work(app, client, login_as):
    old = new_key()
    browser = screen_client(app, old)
    login_as("manager")
    client.post("/dashboard/screen-links/revoke")
    assert browser.get("/api/v1/dashboard").status_code == 403
    response = browser.get("/dashboard/screen")
    assert response.status_code == 403 and REFUSED in response.get_data(as_text=True)
    assert app.test_client().get(f"/dashboard/screen?key={old}").status_code == 403
    assert "自上次撤销以来还没有生成大屏链接" in client.get("/dashboard/screen-links").get_data(as_text=True)
    fresh = screen_client(app, new_key("领导办公室"))
    assert fresh.get("/dashboard/screen").status_code == 200
    assert fresh.get("/api/v1/dashboard").status_code == 200


def test_the_manager_session_still_reads_the_api_beside_a_revoked_cookie(app, client, login_as):
    key = new_key()
    login_as("manager")
    client.post("/dashboard/screen-links/revoke")
    client.set_cookie(screens.COOKIE, key)
    assert client.get("/api/v1/dashboard").status_code == 200


# --- the cookie opens nothing else ---------------------------------------------------------

@pytest.mark.parametrize("path", ["/dashboard", "/reports/", "/cases/", "/admin/users/",
                                  "/admin/settings/rules", "/followups", "/dashboard/screen-links",
                                  "/api/v1/stats/today"])
def test_the_cookie_opens_no_staff_page(app, path):
    browser = screen_client(app, new_key())
    response = browser.get(path)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_cookie_opens_no_route_but_its_own(app):
    browser = screen_client(app, new_key())
    for rule, view, method in _routes(app):
        if getattr(view, "is_public", False) or rule.endpoint == "api.dashboard":
            continue
        response = browser.open(_concrete(rule), method=method)
        expected = (401,) if rule.rule.startswith("/api/") else (302, 401)
        assert response.status_code in expected, f"{method} {rule.rule}"
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], f"{method} {rule.rule}"

"""Nothing answered to a credential is cached: pages, JSON, CSV and XLSX alike.

A case's JSON carries the applicant's full 身份证号, the console and the stats name staff,
and the exports carry everything; a shared computer's browser cache or a proxy must keep
none of it. Every answer to a request with a session user, a bearer token, a wall-screen
cookie or a registered device's key says `Cache-Control: no-store`; public answers to
anonymous requests, and the hall's static files, are left cacheable.
"""
import pytest
from werkzeug.datastructures import Headers

from hall.dashboard import screens
from hall.queue import kiosks
from hall.ratings import devices
from hall.web.http import _no_store
from tests.conftest import STRONG_PASSWORD

STREAMS = ("api.events",)   # endless; their headers are checked through _no_store below


def get_routes(app) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.arguments
                  and rule.endpoint not in STREAMS and rule.endpoint != "static")


def assert_no_store(response, path):
    assert "no-store" in response.headers.get("Cache-Control", ""), (path, response.status_code)


@pytest.mark.parametrize("role", ["manager", "auditor", "admin", "staff"])
def test_every_answer_to_a_signed_in_user_is_no_store(app, client, login_as, role):
    login_as(role)
    routes = get_routes(app)
    assert len(routes) > 40
    kinds = set()
    for path in routes:
        response = client.get(path)
        kinds.add(response.mimetype)
        assert_no_store(response, path)
        response.close()
    assert {"text/html", "application/json"} <= kinds


def test_exports_and_json_with_personal_data_are_no_store(client, login_as, freeze_time):
    freeze_time("2026-12-02 10:00")
    login_as("manager")
    for path in ("/reports/export.csv?start=2026-11-01&end=2026-11-30",
                 "/reports/export.xlsx?start=2026-11-01&end=2026-11-30",
                 "/api/v1/cases", "/api/v1/dashboard", "/api/v1/stats/today",
                 "/api/v1/calendar/due?start=2026-12-01&days=1"):
        response = client.get(path)
        assert response.status_code in (200, 409), path
        assert_no_store(response, path)
    client.post("/logout")
    login_as("auditor")
    response = client.get("/audit/export.csv")
    assert response.mimetype == "text/csv"
    assert_no_store(response, "/audit/export.csv")


def test_bearer_token_answers_are_no_store(app, make):
    from hall.core.extensions import db
    user = make.user(role="manager")
    db.session.commit()
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": user.username,
                                                    "password": STRONG_PASSWORD})
    device = app.test_client()                      # no cookie at all, only the token
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    for path in ("/api/v1/cases", "/api/v1/stats/today", "/api/v1/dashboard"):
        response = device.get(path, headers=headers)
        assert response.status_code == 200, path
        assert_no_store(response, path)


@pytest.mark.parametrize("credential", ["screen", "kiosk cookie", "kiosk header", "evaluator"])
def test_device_and_wall_screen_answers_are_no_store(app, credential):
    client = app.test_client()
    headers = {}
    if credential == "screen":
        client.set_cookie(screens.COOKIE, "some-screen-key")
    elif credential == "kiosk cookie":
        client.set_cookie(kiosks.COOKIE, "some-kiosk-key")
    elif credential == "kiosk header":
        headers[kiosks.HEADER] = "some-kiosk-key"
    else:
        client.set_cookie(devices.COOKIE, "some-tablet-key")
    for path in ("/api/v1/display", "/api/v1/categories", "/kiosk", "/dashboard/screen"):
        assert_no_store(client.get(path, headers=headers), path)


def test_anonymous_public_answers_and_static_files_stay_cacheable(app, client, login_as):
    for path in ("/api/v1/calendar/due?start=2026-12-01&days=1", "/api/v1/categories"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", "")
    login_as("manager")
    static = client.get("/static/css/kiosk.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


@pytest.mark.parametrize("before,after", [
    (None, "no-store"), ("no-cache", "no-cache, no-store"), ("public, max-age=86400", "no-store"),
    ("no-store", "no-store"), ("private, no-cache", "private, no-cache, no-store")])
def test_no_store_keeps_the_event_streams_own_no_cache(before, after):
    headers = Headers({"Cache-Control": before} if before else {})
    _no_store(headers)
    assert headers["Cache-Control"] == after

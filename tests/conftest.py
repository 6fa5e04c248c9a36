"""Shared fixtures: an app on a throwaway database, clients, login, factories, frozen time.

The database is SQLite in a temporary folder unless HALL_TEST_DATABASE_URL names another
(CI passes a throwaway PostgreSQL database). The schema is built once per run by the
migrations, as in production, and every table is emptied after each test.
"""
import os
import threading
from datetime import UTC, datetime

import pytest
from flask import g, request_started
from werkzeug.serving import make_server

from hall import create_app
from hall.cli import upgrade_schema
from hall.core import clock
from hall.core.extensions import db
from hall.settings import services as settings_services
from tests.factories import Factories, empty_tables, open_around_the_clock

STRONG_PASSWORD = "Hall-Test-2026"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("HALL_TEST_DATABASE_URL")
    return url or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "hall-test.sqlite")


def _config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


@pytest.fixture(scope="session")
def _schema(database_url):
    """Build the schema once through the migrations."""
    app = create_app(_config(database_url))
    with app.app_context():
        upgrade_schema()
        empty_tables()
        db.engine.dispose()
    return database_url


@pytest.fixture
def app(_schema):
    app = create_app(_config(_schema))
    # A default of this process only (the gunicorn servers of some tests keep the real one,
    # which matters only on days the test's calendar marks as holidays). Set by hand: with
    # monkeypatch a test's own patches (a failing Session.commit) would outlive its teardown.
    holidays_were_open = settings_services.DEFAULTS["holidays_open"]
    settings_services.DEFAULTS["holidays_open"] = True
    with app.app_context():
        open_around_the_clock()
        yield app
        if "hall_events" in app.extensions:
            app.extensions["hall_events"].stop()
        db.session.remove()
        empty_tables()
        db.engine.dispose()
    clock.freeze(None)
    settings_services.DEFAULTS["holidays_open"] = holidays_were_open


@pytest.fixture(autouse=True)
def _current_user_per_request(request):
    """Forget Flask-Login's cached user as each request starts.

    The app fixture keeps one application context open for the whole test and Flask reuses
    it for every test-client request, so `g` would carry one client's login into another's
    request; a fresh context per request, as in production, has no such cache.
    """
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")

    def forget_cached_user(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget_cached_user, app)
    yield
    request_started.disconnect(forget_cached_user, app)


@pytest.fixture(autouse=True)
def _audit_anchors_elsewhere(tmp_path):
    """`backup` and `audit anchor` write a key and anchors: into the test's folder, not instance/.

    Its own MonkeyPatch, so that a test's `monkeypatch` is still undone before `app` ends.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HALL_AUDIT_ANCHORS", str(tmp_path / "audit-anchors.log"))
        patch.setenv("HALL_AUDIT_KEY_FILE", str(tmp_path / "audit_key"))
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_server(app):
    """The test app served over real HTTP by werkzeug in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app) -> Factories:
    """Factories that add and flush: make.user(...), make.item(...), make.window(...)."""
    return Factories()


class Auth:
    """Logs a test client in and out through the real login page."""

    def __init__(self, client, make: Factories):
        self.client, self.make = client, make

    def login(self, username: str, password: str = STRONG_PASSWORD):
        return self.client.post("/login", data={"username": username, "password": password})

    def login_as(self, role: str, **fields):
        user = self.make.user(role=role, **fields)
        db.session.commit()
        response = self.login(user.username)
        assert response.status_code == 302, response.data.decode()
        return user

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client, make) -> Auth:
    return Auth(client, make)


@pytest.fixture
def login_as(auth):
    return auth.login_as


@pytest.fixture
def freeze_time():
    """freeze_time("2026-11-30 09:00") pins clock.now() (hall local time unless given a tz)."""
    from zoneinfo import ZoneInfo

    def freeze(moment):
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
        clock.freeze(moment.astimezone(UTC))
        return moment

    yield freeze
    clock.freeze(None)

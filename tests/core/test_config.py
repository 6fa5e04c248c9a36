"""Configuration: defaults, the instance file, HALL_* variables, SQLite in WAL mode."""
from sqlalchemy import text

from hall import create_app
from hall.core.extensions import db


def test_defaults_are_shanghai_and_sqlite_in_instance(monkeypatch, tmp_path):
    for name in ("HALL_DATABASE_URL", "HALL_TIMEZONE", "HALL_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"TESTING": True})
    assert app.config["TIMEZONE"] == "Asia/Shanghai"
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/hall.sqlite")
    assert len(app.config["SECRET_KEY"]) >= 32


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("HALL_DATABASE_URL", "postgresql+psycopg://hall@db.example/hall")
    monkeypatch.setenv("HALL_TIMEZONE", "Asia/Urumqi")
    monkeypatch.setenv("HALL_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("HALL_SESSION_COOKIE_SECURE", "true")
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://hall@db.example/hall"
    assert app.config["TIMEZONE"] == "Asia/Urumqi"
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        return
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_behind_a_proxy_the_client_address_comes_from_forwarded_for(monkeypatch, _schema):
    monkeypatch.setenv("HALL_PROXIES", "1")
    app = create_app({"TESTING": True, "DATABASE_URL": _schema, "SECRET_KEY": "x"})
    seen = []
    app.before_request(lambda: seen.append(__import__("flask").request.remote_addr))
    app.test_client().get("/kiosk", headers={"X-Forwarded-For": "10.9.8.7"})
    with app.app_context():
        db.engine.dispose()      # this app's own pool: close it, do not leave it to the GC
    assert seen == ["10.9.8.7"]

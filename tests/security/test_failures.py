"""A full or read-only disk is a Chinese 503, anything unexpected a Chinese 500; never English.

The disk is simulated by making the session's commit (or flush) raise what the driver
raises when it is full or read-only, wrapped by SQLAlchemy as it would be: SQLite's
"database or disk is full" and "attempt to write a readonly database", PostgreSQL's
disk_full and read_only_sql_transaction, and an OSError with ENOSPC or EROFS.
"""
import errno
import sqlite3

import psycopg.errors
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from hall.core.extensions import db
from hall.core.retry import is_storage_failure
from tests.conftest import STRONG_PASSWORD


def sqlite_error(message: str, code: int | None):
    error = sqlite3.OperationalError(message)
    if code is not None:
        error.sqlite_errorcode = code   # what the sqlite3 module sets on a real one
    return OperationalError("COMMIT", {}, error)


STORAGE_ERRORS = {
    "sqlite full": sqlite_error("database or disk is full", 13),
    "sqlite full, no code": sqlite_error("database or disk is full", None),
    "sqlite read-only": sqlite_error("attempt to write a readonly database", 8),
    "sqlite read-only WAL": sqlite_error("attempt to write a readonly database", 8 | 5 << 8),
    "postgresql disk full": OperationalError(
        "INSERT", {}, psycopg.errors.DiskFull("could not extend file")),
    "postgresql read-only": OperationalError(
        "INSERT", {}, psycopg.errors.ReadOnlySqlTransaction("read-only transaction")),
    "no space": OSError(errno.ENOSPC, "No space left on device"),
    "read-only file system": OSError(errno.EROFS, "Read-only file system"),
}
ENGLISH = ("Internal Server Error", "Service Unavailable", "The server encountered")


def test_storage_failures_are_told_apart_from_others():
    assert all(is_storage_failure(error) for error in STORAGE_ERRORS.values())
    others = [sqlite_error("database is locked", 5), sqlite_error("no such table: x", 1),
              OperationalError("X", {}, psycopg.errors.UndefinedTable("x")),
              OSError(errno.ENOENT, "No such file"), ValueError("x")]
    assert not any(is_storage_failure(error) for error in others)


@pytest.fixture
def disk_fails(monkeypatch):
    """Every commit and flush of the session raises `error`."""
    def fail_with(error, method="commit"):
        def failing(self, *args, **kwargs):
            raise error
        monkeypatch.setattr(Session, method, failing)
    return fail_with


def assert_chinese_page(response, status: int):
    page = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html"
    assert f"错误代码 {status}" in page
    assert not any(words in page for words in ENGLISH)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", list(STORAGE_ERRORS))
def test_a_page_on_a_full_disk_answers_a_chinese_503(client, make, disk_fails, name):
    user = make.user(role="staff")
    db.session.commit()
    disk_fails(STORAGE_ERRORS[name])
    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD})
    assert_chinese_page(response, 503)
    assert "系统存储暂不可用" in response.get_data(as_text=True)
    assert response.headers["Retry-After"]


@pytest.mark.parametrize("name", list(STORAGE_ERRORS))
def test_the_api_on_a_full_disk_answers_a_json_503(client, make, disk_fails, name):
    user = make.user(role="staff")
    db.session.commit()
    disk_fails(STORAGE_ERRORS[name], method="flush")
    response = client.post("/api/v1/auth/token",
                           json={"username": user.username, "password": STRONG_PASSWORD})
    assert response.status_code == 503
    assert response.get_json() == {"error": {
        "code": "storage_unavailable", "message": "系统存储暂不可用，请稍后再试", "fields": {}}}


def test_a_full_disk_is_not_retried(client, make, disk_fails, app, monkeypatch):
    user = make.user(role="staff")
    db.session.commit()
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(1)
        raise STORAGE_ERRORS["sqlite full"]
    monkeypatch.setattr(Session, "commit", failing)
    client.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert len(calls) == 1


@pytest.fixture
def unguarded(app):
    """Production's behaviour: an exception no handler takes is answered, not raised."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def broken(*args, **kwargs):
    raise RuntimeError("a bug")


def test_an_unexpected_exception_is_a_chinese_500_page(client, unguarded):
    unguarded.view_functions["home.home"] = broken
    response = client.get("/")
    assert_chinese_page(response, 500)
    assert "系统出现错误" in response.get_data(as_text=True)


def test_an_unexpected_exception_in_the_api_is_the_json_error_shape(client, unguarded):
    unguarded.view_functions["api.calendar_due"] = broken
    response = client.get("/api/v1/calendar/due?start=2026-12-01&days=1")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"
    assert response.get_json()["error"]["message"] == "系统出现错误，请稍后再试"


def test_an_unexpected_oserror_is_a_500_and_a_full_disk_outside_the_database_a_503(
        client, unguarded):
    unguarded.view_functions["home.home"] = lambda: (_ for _ in ()).throw(
        OSError(errno.EACCES, "Permission denied"))
    assert_chinese_page(client.get("/"), 500)
    unguarded.view_functions["home.home"] = lambda: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device"))
    assert_chinese_page(client.get("/"), 503)


@pytest.mark.parametrize("status", [400, 401, 410, 418, 501])
def test_other_http_errors_are_chinese_too(client, app, status):
    from flask import abort
    app.view_functions["home.home"] = lambda: abort(status)
    page = client.get("/")
    assert page.status_code == status
    text = page.get_data(as_text=True)
    assert not any(words in text for words in ENGLISH) and "<title>" in text
    assert f"{status}" in text
    app.view_functions["api.calendar_due"] = lambda: abort(status)
    body = client.get("/api/v1/calendar/due").get_json()
    assert body["error"]["message"] and body["error"]["code"]

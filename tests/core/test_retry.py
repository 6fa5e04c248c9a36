"""A request's unit of work runs again on a transient database error, else 503 (hall.core.retry).

The real faults (a lock held from another connection, a PostgreSQL restart) are in
test_faults.py; here the rules, with errors made by hand.
"""
import sqlite3

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from hall.core import retry
from hall.core.config import engine_options
from hall.core.extensions import db


def failure(orig) -> OperationalError:
    return OperationalError("UPDATE ticket_counter SET last_seq=last_seq + 1", {}, orig)


def locked() -> OperationalError:
    return failure(sqlite3.OperationalError("database is locked"))


def lost() -> OperationalError:
    return failure(psycopg.OperationalError("server closed the connection unexpectedly"))


def test_transient_errors_are_told_apart_from_bugs():
    assert retry.is_transient(locked()) and retry.is_conflict(locked())
    for orig in (psycopg.errors.SerializationFailure("x"), psycopg.errors.DeadlockDetected("x"),
                 psycopg.errors.LockNotAvailable("x")):
        assert retry.is_transient(failure(orig)) and retry.is_conflict(failure(orig))
    for orig in (psycopg.errors.AdminShutdown("x"), psycopg.OperationalError("connection failed")):
        assert retry.is_transient(failure(orig)) and not retry.is_conflict(failure(orig))
    assert not retry.is_transient(failure(sqlite3.OperationalError("no such table: ticket")))
    assert not retry.is_transient(IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation("x")))
    assert not retry.is_transient(ValueError("not a database error"))


def flaky(failures: int, make_error, before=None):
    """A view failing `failures` times with make_error(), then answering "ok"."""
    calls = []

    def view():
        calls.append(1)
        if before is not None:
            before()
        if len(calls) <= failures:
            raise make_error()
        return "ok"
    return retry.retrying(view), calls


def run(app, view):
    with app.test_request_context("/api/v1/tickets", method="POST"):
        return view()


def test_a_locked_database_is_tried_again_until_it_works(app):
    view, calls = flaky(2, locked)
    assert run(app, view) == "ok" and len(calls) == 3


def test_a_lock_that_stays_is_a_503_once_the_budget_is_spent(app):
    app.config["DATABASE_RETRY_SECONDS"] = 0.3
    view, calls = flaky(10 ** 6, locked)
    with pytest.raises(retry.DatabaseBusy):
        run(app, view)
    assert len(calls) > 1


def test_other_database_errors_are_not_tried_again(app):
    view, calls = flaky(1, lambda: IntegrityError("INSERT", {}, sqlite3.IntegrityError("x")))
    with pytest.raises(IntegrityError):
        run(app, view)
    assert len(calls) == 1


def test_a_view_that_has_committed_is_never_run_twice(app):
    view, calls = flaky(1, lost, before=db.session.commit)
    with pytest.raises(retry.DatabaseBusy):
        run(app, view)
    assert len(calls) == 1


def test_a_connection_lost_during_commit_is_not_run_twice_but_a_lock_is(app):
    view, calls = flaky(1, lost, before=lambda: retry._commit_sent(None))
    with pytest.raises(retry.DatabaseBusy):
        run(app, view)
    assert len(calls) == 1
    view, calls = flaky(1, locked, before=lambda: retry._commit_sent(None))
    assert run(app, view) == "ok" and len(calls) == 2


def test_the_api_answers_busy_json_with_retry_after(app):
    with app.test_request_context("/api/v1/tickets", method="POST"):
        response = retry.busy_response()
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.json == {"error": {"code": "busy", "message": "系统繁忙，请稍后再试",
                                       "fields": {}}}


def test_pages_answer_a_chinese_page_that_leads_home(app):
    with app.test_request_context("/kiosk/tickets", method="POST"):
        kiosk = retry.busy_response().get_data(as_text=True)
    with app.test_request_context("/staff"):
        staff = retry.busy_response()
    assert "系统繁忙，请稍后再试" in kiosk and 'href="/kiosk"' in kiosk
    assert 'http-equiv="refresh"' in kiosk      # an unattended kiosk goes home by itself
    assert staff.status_code == 503 and 'href="/"' in staff.get_data(as_text=True)
    assert "refresh" not in staff.get_data(as_text=True)


def test_a_transient_error_outside_the_view_is_a_503_too(app, client):
    def fail():
        raise locked()
    app.before_request(fail)
    response = client.get("/api/v1/categories")
    assert response.status_code == 503 and response.json["error"]["code"] == "busy"


def closing_fails_with(monkeypatch, error):
    def close(self, *args, **kwargs):
        raise error
    db.session.close()
    monkeypatch.setattr(Session, "close", close)
    db.session()


def test_a_connection_lost_while_closing_the_session_is_no_500(app, monkeypatch):
    closing_fails_with(monkeypatch, lost())
    retry.end_session()           # the answer is made: the lost rollback is only logged
    assert not db.session.registry.has()
    assert app.teardown_appcontext_funcs == [retry.end_session]


def test_other_errors_while_closing_the_session_still_raise(app, monkeypatch):
    closing_fails_with(monkeypatch, IntegrityError("COMMIT", {}, sqlite3.IntegrityError("x")))
    with pytest.raises(IntegrityError):
        retry.end_session()


def test_every_view_is_wrapped_and_keeps_its_declaration(app):
    views = {e: v for e, v in app.view_functions.items() if e != "static"}
    assert all(getattr(view, "retrying", False) for view in views.values())
    assert views["api.issue_ticket"].is_public and views["kiosk.take_ticket"].is_public


def test_engine_options_bound_every_lock_wait():
    base = {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True}, "DATABASE_LOCK_TIMEOUT": 2}
    sqlite = engine_options({**base, "DATABASE_URL": "sqlite:///hall.sqlite"})
    assert sqlite == {"pool_pre_ping": True, "connect_args": {"timeout": 2.0}}
    url = "postgresql+psycopg://hall@db/hall?options=-c%20statement_timeout%3D60000"
    pg = engine_options({**base, "DATABASE_URL": url})["connect_args"]
    assert pg["options"] == "-c statement_timeout=60000 -c lock_timeout=2000"
    assert pg["connect_timeout"] == 5
    mine = {**base, "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}}}
    assert engine_options({**mine, "DATABASE_URL": "sqlite://"})["connect_args"] == {"timeout": 30}


def test_a_failed_rollback_leaves_a_fresh_session(app, monkeypatch):
    def rollback(self):
        raise lost()
    broken = db.session()
    monkeypatch.setattr(Session, "rollback", rollback)
    retry.recover_session()
    monkeypatch.undo()
    assert db.session() is not broken

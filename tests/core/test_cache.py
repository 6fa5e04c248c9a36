"""The application's time-limited caches (hall.core.cache): expiry, one set per app, clearing."""
import json
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from hall import create_app
from hall.core import cache
from hall.core.extensions import db
from hall.settings import services as settings
from hall.settings.models import Setting

NOON = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)


@pytest.fixture
def monotonic(monkeypatch):
    """The caches' monotonic clock, stopped at 1000 s and moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(cache, "monotonic", lambda: now[0])
    return now


def test_a_value_keeps_for_its_seconds_of_the_given_time():
    kept = cache.TimedCache(30)
    kept.put("civil", 8.0, NOON)
    assert kept.get("civil", NOON) == 8.0
    assert kept.get("civil", NOON + timedelta(seconds=30) - TICK) == 8.0
    assert kept.get("civil", NOON + timedelta(seconds=30)) is None
    assert kept.get("estate", NOON) is None


def test_a_clock_set_back_makes_a_value_stale():
    kept = cache.TimedCache(30)
    kept.put("civil", 8.0, NOON)
    assert kept.get("civil", NOON - TICK) is None


def test_without_a_time_the_monotonic_clock_counts(monotonic):
    kept = cache.TimedCache(1.0)
    kept.put("settings", {"hall_name": "政务服务中心"})
    monotonic[0] += 0.999
    assert kept.get("settings") == {"hall_name": "政务服务中心"}
    monotonic[0] += 0.001
    assert kept.get("settings") is None


def test_a_new_key_beyond_max_entries_starts_afresh():
    kept = cache.TimedCache(60, max_entries=2)
    kept.put("a", 1, NOON)
    kept.put("b", 2, NOON)
    kept.put("b", 3, NOON)   # a key already kept is replaced, nothing else goes
    assert (kept.get("a", NOON), kept.get("b", NOON)) == (1, 3)
    kept.put("c", 4, NOON)
    assert len(kept) == 1
    assert (kept.get("a", NOON), kept.get("b", NOON), kept.get("c", NOON)) == (None, None, 4)


def test_create_app_gives_each_application_its_own_empty_caches():
    first, second = create_app({"TESTING": True}), create_app({"TESTING": True})
    assert first.extensions[cache.EXTENSION] == {} == second.extensions[cache.EXTENSION]
    assert first.extensions[cache.EXTENSION] is not second.extensions[cache.EXTENSION]


def test_two_applications_never_share_a_value():
    declared = cache.Timed("test.isolation", 60)
    first, second = create_app({"TESTING": True}), create_app({"TESTING": True})
    with first.app_context():
        declared.put("key", "first's", NOON)
        assert declared.get("key", NOON) == "first's"
    with second.app_context():
        assert declared.get("key", NOON) is None
        declared.put("key", "second's", NOON)
    assert declared.of(first).get("key", NOON) == "first's"
    assert declared.of(second).get("key", NOON) == "second's"


def test_an_application_without_install_says_so():
    with Flask("bare").app_context(), pytest.raises(KeyError, match=cache.EXTENSION):
        cache.Timed("test.bare", 1).get("key")


def test_clear_all_empties_every_cache_of_one_application_only():
    kept, other = cache.Timed("test.kept", 60), cache.Timed("test.other", 60)
    first, second = create_app({"TESTING": True}), create_app({"TESTING": True})
    for app in (first, second):
        kept.of(app).put("key", 1, NOON)
        other.of(app).put("key", 2, NOON)
    cache.clear_all(first)
    assert (kept.of(first).get("key", NOON), other.of(first).get("key", NOON)) == (None, None)
    assert (kept.of(second).get("key", NOON), other.of(second).get("key", NOON)) == (1, 2)
    with second.app_context():
        cache.clear_all()
    assert len(kept.of(second)) == len(other.of(second)) == 0


def _store_hall_name(name: str) -> None:
    row = db.session.get(Setting, "hall_name") or Setting(key="hall_name")
    row.value = json.dumps(name, ensure_ascii=False)
    db.session.add(row)
    db.session.commit()


def test_settings_read_by_one_application_stay_with_it(app, _schema, monotonic):
    assert settings.get("hall_name") == "政务服务中心"
    _store_hall_name("榆中县政务服务中心")   # as another worker would: no forget_cached here
    assert settings.get("hall_name") == "政务服务中心"   # kept for its second
    other = create_app({"TESTING": True, "DATABASE_URL": _schema})
    try:
        with other.app_context():
            assert settings.get("hall_name") == "榆中县政务服务中心"
            db.session.remove()
    finally:
        with other.app_context():
            db.engine.dispose()
    cache.clear_all(app)
    assert settings.get("hall_name") == "榆中县政务服务中心"


def test_the_second_runs_out_on_its_own(app, monotonic):
    assert settings.get("hall_name") == "政务服务中心"
    _store_hall_name("榆中县政务服务中心")
    monotonic[0] += settings.CACHE_SECONDS
    assert settings.get("hall_name") == "榆中县政务服务中心"

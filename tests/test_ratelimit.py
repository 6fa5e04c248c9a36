"""Database-backed fixed-window rate limits: counts, windows, reset, purge, concurrency."""
import threading
from datetime import datetime, timedelta, timezone

from hall import create_app, ratelimit
from hall.extensions import db
from hall.ratelimit_models import RateHit

NOW = datetime(2026, 11, 30, 1, 0, 10, tzinfo=timezone.utc)   # window 01:00:00-01:01:00
KEY = "progress:203.0.113.7"


def test_window_start_is_aligned_on_the_epoch():
    assert ratelimit.window_start(NOW, 60) == datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
    assert ratelimit.window_start(NOW, 3600) == datetime(2026, 11, 30, 1, tzinfo=timezone.utc)


def test_hits_up_to_the_limit_pass_then_wait_for_the_window(app):
    verdicts = [ratelimit.hit(KEY, 3, 60, NOW) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert [v.count for v in verdicts] == [1, 2, 3, 4]
    assert verdicts[-1].retry_after == 50 and verdicts[0].retry_after == 0
    assert ratelimit.count(KEY, 60, NOW) == 4


def test_retry_after_rounds_up_and_is_at_least_one_second(app):
    for _ in range(2):
        late = ratelimit.hit(KEY, 1, 60, NOW + timedelta(seconds=49, microseconds=500000))
    assert late.retry_after == 1
    for _ in range(2):
        later = ratelimit.hit(KEY, 1, 60, NOW + timedelta(seconds=10, microseconds=1))
    assert later.retry_after == 40


def test_a_new_window_starts_from_zero(app):
    for _ in range(3):
        ratelimit.hit(KEY, 2, 60, NOW)
    fresh = ratelimit.hit(KEY, 2, 60, NOW + timedelta(seconds=50))
    assert fresh == ratelimit.Limit(allowed=True, count=1, retry_after=0)
    assert ratelimit.count(KEY, 60, NOW) == 3


def test_keys_are_counted_apart(app):
    ratelimit.hit(KEY, 5, 60, NOW)
    assert ratelimit.hit("progress:198.51.100.1", 5, 60, NOW).count == 1
    assert ratelimit.count("nobody", 60, NOW) == 0


def test_long_keys_are_stored_as_a_digest_and_stay_distinct(app):
    first, second = "x" * 300 + "1", "x" * 300 + "2"
    ratelimit.hit(first, 5, 60, NOW)
    assert ratelimit.hit(second, 5, 60, NOW).count == 1
    assert ratelimit.count(first, 60, NOW) == 1
    assert all(len(row.key) <= 120 for row in db.session.scalars(db.select(RateHit)))


def test_reset_forgets_the_current_window_of_one_key(app):
    for _ in range(3):
        ratelimit.hit(KEY, 3, 60, NOW)
    ratelimit.hit("other", 3, 60, NOW)
    ratelimit.reset(KEY, NOW, 60)
    assert ratelimit.count(KEY, 60, NOW) == 0
    assert ratelimit.count("other", 60, NOW) == 1
    assert ratelimit.hit(KEY, 3, 60, NOW).count == 1


def test_hits_belong_to_the_callers_transaction(app):
    ratelimit.hit(KEY, 3, 60, NOW)
    db.session.rollback()
    assert ratelimit.count(KEY, 60, NOW) == 0
    ratelimit.hit(KEY, 3, 60, NOW)
    db.session.commit()
    assert ratelimit.count(KEY, 60, NOW) == 1


def test_purge_deletes_old_windows_only(app):
    for hours_ago in (0, 2, 25, 48):
        ratelimit.hit(KEY, 5, 60, NOW - timedelta(hours=hours_ago))
    assert ratelimit.purge(NOW) == 2
    assert ratelimit.purge(NOW, older_than_seconds=3600) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(RateHit)) == 1


def test_disabled_by_configuration(app):
    app.config["RATELIMIT"] = False
    assert ratelimit.enabled() is False
    verdicts = [ratelimit.hit(KEY, 1, 60, NOW) for _ in range(5)]
    assert all(v.allowed for v in verdicts)
    assert ratelimit.count(KEY, 60, NOW) == 0


def test_hall_ratelimit_off_in_the_environment(app, _schema, monkeypatch):
    assert ratelimit.enabled() is True
    monkeypatch.setenv("HALL_RATELIMIT", "off")
    other = create_app({"TESTING": True, "DATABASE_URL": _schema})
    assert other.config["RATELIMIT"] is False


def test_too_many_is_the_api_error_with_retry_after(app):
    response, status = ratelimit.too_many(42)
    assert status == 429
    assert response.headers["Retry-After"] == "42"
    assert response.get_json() == {"error": {
        "code": "too_many_requests", "message": "请求过于频繁，请 42 秒后再试", "fields": {}}}


def test_concurrent_hits_from_many_workers_count_exactly(app):
    threads, per_thread, limit = 8, 25, 100
    verdicts, errors = [], []
    barrier = threading.Barrier(threads)

    def worker():
        try:
            with app.app_context():
                barrier.wait()
                for _ in range(per_thread):
                    verdicts.append(ratelimit.hit(KEY, limit, 60, NOW))
                    db.session.commit()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    assert sorted(v.count for v in verdicts) == list(range(1, threads * per_thread + 1))
    assert sum(v.allowed for v in verdicts) == limit
    assert ratelimit.count(KEY, 60, NOW) == threads * per_thread

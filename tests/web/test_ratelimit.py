"""Database-backed sliding-window rate limits: counts, the boundary, refunds, concurrency."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from hall import create_app
from hall.cases.api import LOOKUP_LIMIT, LOOKUP_WINDOW
from hall.core import clock
from hall.core.extensions import db
from hall.web import ratelimit
from hall.web.ratelimit_models import RateHit
from tests.live import call, gunicorn

NOW = datetime(2026, 11, 30, 1, 0, 10, tzinfo=UTC)   # window 01:00:00-01:01:00
BOUNDARY = datetime(2026, 11, 30, 1, 1, tzinfo=UTC)   # the next window starts
KEY = "progress:203.0.113.7"


def test_window_start_is_aligned_on_the_epoch():
    assert ratelimit.window_start(NOW, 60) == datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    assert ratelimit.window_start(NOW, 3600) == datetime(2026, 11, 30, 1, tzinfo=UTC)


def test_hits_up_to_the_limit_pass_and_a_refused_hit_is_taken_back(app):
    verdicts = [ratelimit.hit(KEY, 3, 60, NOW) for _ in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert [v.count for v in verdicts] == [1, 2, 3, 4, 4]
    assert verdicts[0].retry_after == 0
    assert ratelimit.count(KEY, 60, NOW) == 3     # refusals do not lengthen the wait
    # The hits sit in the slot 01:00:06-01:00:12, counted until 66 s after it starts.
    assert verdicts[-1].retry_after == 62


def test_a_burst_at_the_boundary_meets_the_burst_before_it(app):
    before = [ratelimit.hit(KEY, 10, 60, BOUNDARY - timedelta(milliseconds=100))
              for _ in range(10)]
    assert all(v.allowed for v in before)
    after = ratelimit.hit(KEY, 10, 60, BOUNDARY + timedelta(milliseconds=100))
    assert not after.allowed and after.count == 11
    assert after.retry_after == 60
    almost_a_window = BOUNDARY + timedelta(seconds=59, milliseconds=800)
    assert not ratelimit.hit(KEY, 10, 60, almost_a_window).allowed
    assert ratelimit.hit(KEY, 10, 60, BOUNDARY + timedelta(seconds=60)).count == 1


def test_no_span_of_the_window_holds_more_than_the_limit(app):
    start = BOUNDARY - timedelta(seconds=30)
    allowed = []
    for step in range(600):                     # one hit every 0.2 s for two minutes
        moment = start + timedelta(milliseconds=200 * step)
        if ratelimit.hit(KEY, 10, 60, moment).allowed:
            allowed.append(moment)
    for first in allowed:
        assert len([m for m in allowed if first <= m < first + timedelta(seconds=60)]) <= 10
    assert len(allowed) == 20                   # and a steady client is not starved


def test_a_hit_counts_for_one_window_and_at_most_a_tenth_more(app):
    ratelimit.hit(KEY, 10, 60, NOW)                           # slot 01:00:06-01:00:12
    assert ratelimit.count(KEY, 60, NOW + timedelta(seconds=60)) == 1
    assert ratelimit.count(KEY, 60, datetime(2026, 11, 30, 1, 1, 11, 999999,
                                             tzinfo=UTC)) == 1
    assert ratelimit.count(KEY, 60, datetime(2026, 11, 30, 1, 1, 12, tzinfo=UTC)) == 0


def test_retry_after_rounds_up_and_is_at_least_one_second(app):
    ratelimit.hit(KEY, 1, 60, NOW)
    soon = ratelimit.hit(KEY, 1, 60, datetime(2026, 11, 30, 1, 1, 11, 500000,
                                              tzinfo=UTC))
    assert not soon.allowed and soon.retry_after == 1
    later = ratelimit.hit(KEY, 1, 60, NOW + timedelta(microseconds=1))
    assert not later.allowed and later.retry_after == 62


def test_a_window_long_after_starts_from_zero(app):
    for _ in range(3):
        ratelimit.hit(KEY, 2, 60, NOW)
    fresh = ratelimit.hit(KEY, 2, 60, NOW + timedelta(seconds=120))
    assert fresh == ratelimit.Limit(allowed=True, count=1, retry_after=0)


def test_refund_gives_an_allowed_hit_back(app):
    first = ratelimit.hit(KEY, 2, 60, NOW)
    second = ratelimit.hit(KEY, 2, 60, NOW)
    ratelimit.refund(second)
    assert ratelimit.count(KEY, 60, NOW) == 1
    assert ratelimit.hit(KEY, 2, 60, NOW).allowed
    refused = ratelimit.hit(KEY, 2, 60, NOW)
    ratelimit.refund(refused)                   # already taken back: nothing more
    assert ratelimit.count(KEY, 60, NOW) == 2 and first.allowed


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
    ratelimit.refund(verdicts[0])
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


def test_concurrent_hits_from_many_workers_let_exactly_the_limit_through(app):
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
    assert len(verdicts) == threads * per_thread
    assert sorted(v.count for v in verdicts if v.allowed) == list(range(1, limit + 1))
    assert ratelimit.count(KEY, 60, NOW) == limit


# --- through the progress look-up ---------------------------------------------------------

def _guess(client, address="10.0.0.9"):
    return client.get("/api/v1/progress?case_no=20261201000001&code=123456",
                      environ_base={"REMOTE_ADDR": address})


def test_the_look_up_limit_does_not_double_at_a_window_boundary(app, client, freeze_time,
                                                                 monkeypatch):
    monkeypatch.setattr("hall.cases.api.time.sleep", lambda seconds: None)
    boundary = datetime.fromtimestamp(
        (int(datetime(2026, 12, 1, 10, 0, tzinfo=UTC).timestamp()) // LOOKUP_WINDOW + 1)
        * LOOKUP_WINDOW, UTC)
    freeze_time(boundary - timedelta(seconds=2))
    assert [_guess(client).status_code for _ in range(LOOKUP_LIMIT)] == [404] * LOOKUP_LIMIT
    freeze_time(boundary + timedelta(seconds=2))
    refused = _guess(client)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == LOOKUP_WINDOW - 2
    assert _guess(client, "10.0.0.10").status_code == 404   # another address is not held
    freeze_time(boundary + timedelta(seconds=LOOKUP_WINDOW - 3))
    assert _guess(client).status_code == 429
    freeze_time(boundary + timedelta(seconds=LOOKUP_WINDOW))
    assert clock.now() > boundary
    assert [_guess(client).status_code for _ in range(LOOKUP_LIMIT + 1)] == (
        [404] * LOOKUP_LIMIT + [429])


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/api/v1/progress?case_no=20261201000001&code=123456"])
def test_forty_concurrent_guesses_get_at_most_ten_answers(app, database_url, path):
    with gunicorn(database_url, workers=4, extra_env={"HALL_RATELIMIT": "on"}) as base:
        with ThreadPoolExecutor(40) as pool:
            statuses = list(pool.map(lambda _: call(base, "GET", path)[0], range(40)))
    assert statuses.count(404) == LOOKUP_LIMIT
    assert statuses.count(429) == 40 - LOOKUP_LIMIT

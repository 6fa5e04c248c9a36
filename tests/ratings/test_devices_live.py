"""One key, many submissions at once, through gunicorn with several workers: one rating."""
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets
from hall.ratings import devices
from hall.ratings.models import Rating, RatingKey
from tests.factories import TEST_ACTOR
from tests.live import call, gunicorn, registered_tablet

pytestmark = pytest.mark.slow


def status_of(base: str, path: str, body: dict) -> int:
    """A POST from a browser that was never registered (no cookie, no CSRF session)."""
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_one_key_sent_many_times_at_once_rates_once(app, make, database_url):
    category = make.category(code="civil", name="社会事务", prefix="A")
    staff = make.user(role="staff")
    window = make.window(no=3, categories=[category], staff_a_id=staff.id)
    ticket = tickets.issue_ticket(category, clock.now())
    tickets.call_next(window, Actor.of(staff), clock.now())
    tickets.finish(ticket, Actor.of(staff), clock.now())
    token, _ = devices.register_device(TEST_ACTOR, "3号窗口评价器", window, clock.now())
    ticket_id = ticket.id
    db.session.commit()
    with gunicorn(database_url, workers=4, extra_env={"HALL_RATELIMIT": "on"}) as base:
        headers = registered_tablet(base, token)
        with ThreadPoolExecutor(8) as pool:
            fetched = list(pool.map(
                lambda _: call(base, "POST", "/windows/3/rate/keys", {}, headers), range(8)))
        assert {status for status, _ in fetched} == {200}
        keys = {s["key"] for _, body in fetched for s in body["services"]
                if s["ref"] == ticket_id}
        assert len(keys) == 1
        [key] = keys
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda level: call(
                base, "POST", "/windows/3/rate", {"key": key, "level": level % 5 + 1}, headers),
                range(16)))
        statuses = sorted(status for status, _ in results)
        anonymous = status_of(base, "/windows/3/rate", {"key": key, "level": 1})
    db.session.rollback()
    assert set(statuses) == {201, 409}, statuses
    [rating] = db.session.scalars(select(Rating)).all()
    # a repeat of the very same submission (a double tap) is answered with the first rating;
    # every other submission with the used key is refused
    created = [body for status, body in results if status == 201]
    assert all(body == {"id": rating.id, "level": rating.level, "follow_up": rating.is_bad}
               for body in created)
    assert len(created) == sum(1 for level in range(16) if level % 5 + 1 == rating.level)
    assert anonymous in (400, 403)      # no device cookie (and no CSRF session): refused
    assert db.session.scalar(select(func.count()).select_from(RatingKey)) == 1
    assert db.session.scalar(select(RatingKey.used_at)) is not None

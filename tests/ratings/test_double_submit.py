"""The evaluator tablet's double tap: the same submission answers 201 twice, rates once."""
from sqlalchemy import func, select

from hall.core.extensions import db
from hall.ratings.models import Rating
from tests.ratings.conftest import key_of


def test_the_same_tablet_submission_twice_gets_the_first_rating_back(ratings_hall, tablet):
    browser = tablet()
    key = key_of(browser, ratings_hall.ticket())
    body = {"key": key, "level": 2, "reasons": ["等候时间长"]}
    first = browser.post("/windows/3/rate", json=body)
    again = browser.post("/windows/3/rate", json=body)
    assert first.status_code == again.status_code == 201 and again.json == first.json
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 1
    changed = browser.post("/windows/3/rate", json={**body, "level": 5})   # not the same
    assert changed.status_code == 409 and changed.json["error"]["code"] == "already_rated"

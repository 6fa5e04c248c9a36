"""A whole case scenario with every log line captured: no full ID number or phone anywhere
in the logs, the public pages or the public API answers."""
import logging
import urllib.error
import urllib.parse
import urllib.request

import pytest

from hall.calendar.services import sync_from_chinesecalendar
from hall.core import clock
from hall.core.extensions import db
from tests.factories import PASSWORD, TEST_ACTOR

ID_NUMBER, PHONE, NAME = "11010519491231002X", "13912345678", "王小明"


@pytest.fixture
def scenario(client, make, freeze_time):
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff")
    make.window(no=7, staff_a_id=staff.id)
    item = make.item(promised_days=5, legal_days=20)
    material = make.material(item)
    db.session.commit()
    token = client.post("/api/v1/auth/token", json={"username": staff.username,
                                                     "password": PASSWORD}).json["token"]
    body = {"item": item.code, "window": 7, "materials": [material.id],
            "applicant": {"type": "person", "name": NAME, "id_number": ID_NUMBER, "phone": PHONE}}
    return client.post("/api/v1/cases", json=body,
                       headers={"Authorization": "Bearer " + token}).json


def assert_clean(text: str) -> None:
    assert ID_NUMBER not in text and ID_NUMBER.lower() not in text
    assert PHONE not in text and NAME not in text


def test_public_pages_and_answers_are_masked(client, scenario):
    case_no, code = scenario["case_no"], scenario["query_code"]
    token = scenario["progress_url"].rsplit("/", 1)[1]
    answers = [
        client.get(f"/api/v1/progress?case_no={case_no}&code={code}").get_data(as_text=True),
        client.post("/progress", data={"case_no": case_no, "code": code}).get_data(as_text=True),
        client.get(f"/p/{token}").get_data(as_text=True),
        client.get("/public/cases").get_data(as_text=True),
    ]
    assert "138****" not in answers[0] and "139****5678" in answers[0]
    for text in answers:
        assert_clean(text)


def test_logs_of_the_whole_scenario_hold_no_personal_data(app, caplog, scenario, live_server):
    caplog.set_level(logging.DEBUG)
    app.logger.info("受理：身份证 %s 电话 %s", ID_NUMBER, PHONE)
    query = urllib.parse.urlencode({"case_no": ID_NUMBER, "code": PHONE})
    _get(f"{live_server}/api/v1/progress?{query}")   # a request line with both in it
    text = caplog.text
    assert "GET /api/v1/progress?" in text          # the request line was captured
    assert "110105********002X" in text and "139****5678" in text
    assert ID_NUMBER not in text and PHONE not in text


def _get(url: str) -> None:
    try:
        urllib.request.urlopen(url).close()
    except urllib.error.HTTPError as error:
        error.close()

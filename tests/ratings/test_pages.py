"""The evaluator tablet, the phone rating pages and the manager's follow-up page."""
import pytest
from sqlalchemy import func, select

from hall.core import clock
from hall.core.extensions import db
from hall.ratings import services
from hall.ratings.models import FollowUp, Rating
from tests.ratings.conftest import key_of, offered


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_evaluator_shows_the_window_and_the_acting_staff(ratings_hall, make, tablet):
    browser = tablet()
    page = browser.get("/windows/3/rate")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "社会事务窗口" in text and "陈晓燕" in text and "MZ0301" in text
    assert "非常满意" in text and "非常不满意" in text and "等候时间长" in text
    assert "<script>" not in text and 'data-window-no="3"' in text
    assert 'data-keys-url="/windows/3/rate/keys"' in text
    backup = make.user(role="staff", name="赵刚", staff_no="MZ0302")
    ratings_hall.window.staff_b_id = backup.id
    ratings_hall.ticket(staff=backup)                     # B acts today: the tablet shows B
    assert "赵刚" in browser.get("/windows/3/rate").get_data(as_text=True)
    assert browser.get("/windows/99/rate").status_code == 404


def test_the_evaluator_rates_a_ticket_just_finished_at_its_window(ratings_hall, tablet):
    browser = tablet()
    ticket = ratings_hall.ticket()
    [service] = offered(browser)
    assert (service["kind"], service["ref"], service["label"]) == ("ticket", ticket.id, "A001")
    body = {"key": service["key"], "level": 2, "reasons": ["办理效率低"]}
    response = browser.post("/windows/3/rate", json=body)
    assert response.status_code == 201 and response.json["follow_up"] is True
    rating = db.session.scalar(select(Rating))
    assert rating.channel == "evaluator" and rating.reason_list == ["办理效率低"]
    again = browser.post("/windows/3/rate", json=body)      # a double tap: the first answer
    assert again.status_code == 201 and again.json == response.json
    assert offered(browser) == [] and count(Rating) == 1


def test_the_evaluator_is_offered_nothing_old_unfinished_or_from_elsewhere(ratings_hall, make,
                                                                           tablet,
                                                                          freeze_time):
    browser = tablet()
    other = make.window(no=8, name="税务窗口", categories=[ratings_hall.category],
                        staff_a_id=ratings_hall.staff.id)
    ratings_hall.ticket(window=other)
    assert offered(browser) == []
    old = ratings_hall.ticket()
    ratings_hall.ticket(finish=False)                     # being served: nothing to rate yet
    key = key_of(browser, old)
    assert len(offered(browser)) == 1 and key_of(browser, old) == key   # the same key again
    freeze_time("2026-12-04 10:10:01")            # the key lived 10 minutes
    assert offered(browser) == []
    late = browser.post("/windows/3/rate", json={"key": key, "level": 5})
    assert late.status_code == 404 and late.json["error"]["code"] == "key_invalid"
    assert count(Rating) == 0
    freeze_time("2026-12-04 10:05")
    bad = browser.post("/windows/3/rate", json={"key": key, "level": 9})
    assert bad.status_code == 400 and count(Rating) == 0
    assert browser.post("/windows/3/rate", json={"key": key, "level": 5}).status_code == 201


def test_the_evaluator_rates_a_case_closed_at_its_window(ratings_hall, tablet):
    browser = tablet()
    case = ratings_hall.case()
    [service] = offered(browser)
    assert (service["kind"], service["ref"]) == ("case", case.case_no)
    response = browser.post("/windows/3/rate", json={"key": service["key"], "level": 5})
    assert response.status_code == 201 and response.json["follow_up"] is False
    assert db.session.scalar(select(Rating)).case_id == case.id


def test_the_ticket_phone_page_flow(client, ratings_hall):
    ticket = ratings_hall.ticket()
    waiting = ratings_hall.ticket(finish=False)
    assert "办结后可以评价" in client.get(f"/t/{waiting.token}/rate").get_data(as_text=True)
    assert "评价本次服务" not in client.get(f"/t/{waiting.token}").get_data(as_text=True)
    assert f"/t/{ticket.token}/rate" in client.get(f"/t/{ticket.token}").get_data(as_text=True)
    form = client.get(f"/t/{ticket.token}/rate").get_data(as_text=True)
    assert "非常满意" in form and 'name="level"' in form
    bad = client.post(f"/t/{ticket.token}/rate", data={"comment": "x"})
    assert bad.status_code == 400 and count(Rating) == 0
    done = client.post(f"/t/{ticket.token}/rate", data={"level": "1", "reasons": ["服务态度差"],
                                                       "comment": "态度不好"})
    assert "感谢您的评价" in done.get_data(as_text=True)
    assert db.session.scalar(select(Rating)).channel == "qr" and count(FollowUp) == 1
    again = client.get(f"/t/{ticket.token}/rate").get_data(as_text=True)
    assert "您已评价，感谢您的反馈" in again
    repost = client.post(f"/t/{ticket.token}/rate", data={"level": "5"})
    assert "您已评价，感谢您的反馈" in repost.get_data(as_text=True) and count(Rating) == 1


def test_the_receipt_phone_page_flow(client, ratings_hall):
    open_case = ratings_hall.case(close=False)
    assert "办结后可以评价" in client.get(f"/p/{open_case.token}/rate").get_data(as_text=True)
    assert "评价本次服务" not in client.get(f"/p/{open_case.token}").get_data(as_text=True)
    case = ratings_hall.case()
    assert f"/p/{case.token}/rate" in client.get(f"/p/{case.token}").get_data(as_text=True)
    done = client.post(f"/p/{case.token}/rate", data={"level": "4"})
    assert "感谢您的评价" in done.get_data(as_text=True)
    assert "您已评价" in client.get(f"/p/{case.token}/rate").get_data(as_text=True)
    assert client.get("/p/unknown/rate").status_code == 404


@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_the_follow_up_page_is_for_managers_only(client, login_as, ratings_hall, role):
    login_as(role)
    assert client.get("/followups").status_code == 403
    assert client.post("/followups/1/callback", data={"note": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, ratings_hall):
    assert client.get("/followups").status_code == 302


def test_the_manager_sees_and_works_a_follow_up(client, login_as, ratings_hall, freeze_time):
    rating = services.rate_ticket(ratings_hall.ticket().token, 1, "等了一个小时", ["等候时间长"],
                                  "qr", clock.now())
    services.rate_ticket(ratings_hall.ticket().token, 5, "", [], "qr", clock.now())
    db.session.commit()
    follow_up_id = rating.follow_up.id
    freeze_time("2026-12-08 09:00")               # the call-back was due on 12-07
    login_as("manager")
    text = client.get("/followups").get_data(as_text=True)
    assert "等了一个小时" in text and "3号窗口" in text and "陈晓燕" in text
    assert "2026-12-07" in text and "2026-12-25" in text and "已超期" in text
    assert "50.0%" in text                         # one of two ratings satisfied
    client.post(f"/followups/{follow_up_id}/callback", data={"note": "已电话回访"})
    assert db.session.get(FollowUp, follow_up_id).status == "called_back"
    client.post(f"/followups/{follow_up_id}/result", data={"note": "已增开窗口"})
    assert db.session.get(FollowUp, follow_up_id).status == "closed"
    assert "没有待处理的差评" in client.get("/followups").get_data(as_text=True)


def test_the_nav_shows_follow_ups_to_managers(client, login_as, ratings_hall):
    login_as("manager")
    assert "差评回访" in client.get("/followups").get_data(as_text=True)

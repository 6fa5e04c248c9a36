"""POST /api/v1/ratings as docs/api.md describes it, and the rate limit."""
from sqlalchemy import func, select

from hall.core.extensions import db
from hall.ratings.models import FollowUp, Rating


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_rating_a_ticket_then_again_is_409(client, ratings_hall):
    ticket = ratings_hall.ticket()
    response = client.post("/api/v1/ratings", json={"ticket_token": ticket.token, "level": 5,
                                                    "comment": "服务很好"})
    assert response.status_code == 201
    assert response.json == {"id": response.json["id"], "level": 5, "follow_up": False}
    again = client.post("/api/v1/ratings", json={"ticket_token": ticket.token, "level": 1,
                                                 "comment": ""})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_rated"
    assert count(Rating) == 1


def test_a_bad_rating_of_a_case_opens_a_follow_up(client, ratings_hall):
    case = ratings_hall.case()
    response = client.post("/api/v1/ratings", json={
        "case_no": case.case_no, "code": case.query_code, "level": 2, "comment": "材料说不清",
        "reasons": ["材料要求不明"]})
    assert response.status_code == 201 and response.json["follow_up"] is True
    assert count(FollowUp) == 1
    again = client.post("/api/v1/ratings", json={"case_no": case.case_no,
                                                 "code": case.query_code, "level": 5})
    assert again.status_code == 409


def test_wrong_code_and_unknown_case_answer_the_same_404(client, ratings_hall):
    case = ratings_hall.case()
    wrong = "000000" if case.query_code != "000000" else "111111"
    bad_code = client.post("/api/v1/ratings", json={"case_no": case.case_no, "code": wrong,
                                                    "level": 5, "comment": ""})
    unknown = client.post("/api/v1/ratings", json={"case_no": "620524202612040999",
                                                   "code": case.query_code, "level": 5})
    no_ticket = client.post("/api/v1/ratings", json={"ticket_token": "nope", "level": 5})
    assert bad_code.status_code == unknown.status_code == no_ticket.status_code == 404
    assert bad_code.json == unknown.json


def test_bad_input_is_400_with_fields_and_stores_nothing(client, ratings_hall):
    ticket = ratings_hall.ticket()
    for body, field in (({"level": 7}, "level"), ({"level": 3, "comment": "长" * 501}, "comment"),
                        ({"level": 2, "reasons": "等候时间长"}, "reasons"),
                        ({"level": 3, "channel": "evaluator"}, "channel")):
        response = client.post("/api/v1/ratings", json={"ticket_token": ticket.token, **body})
        assert response.status_code == 400, body
        assert field in response.json["error"]["fields"]
    nothing = client.post("/api/v1/ratings", json={"level": 5})
    assert nothing.status_code == 400 and "ticket_token" in nothing.json["error"]["fields"]
    assert client.post("/api/v1/ratings", data="x").status_code == 400
    assert count(Rating) == 0


def test_an_unfinished_ticket_cannot_be_rated(client, ratings_hall):
    ticket = ratings_hall.ticket(finish=False)
    response = client.post("/api/v1/ratings", json={"ticket_token": ticket.token, "level": 5})
    assert response.status_code == 409 and response.json["error"]["code"] == "not_finished"


def test_twenty_ratings_per_address_in_ten_minutes_then_429(app, client, ratings_hall):
    app.config["RATELIMIT"] = True
    body = {"ticket_token": "unknown-token", "level": 5}
    statuses = [client.post("/api/v1/ratings", json=body).status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429
    refused = client.post("/api/v1/ratings", json=body)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


def test_the_openapi_description_lists_ratings(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "post" in paths["/api/v1/ratings"]

"""POST and GET /api/v1/complaints: the JSON twin of the form and of the public wall."""
from openapi_spec_validator import validate
from sqlalchemy import func, select

from hall.complaints import services
from hall.complaints.models import Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from tests.complaints.conftest import COMPLAINT


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint))


def test_submitting_returns_201_with_the_reply_deadline(client, complaints_hall):
    response = client.post("/api/v1/complaints", json={**COMPLAINT, "department": "MZ"})
    assert response.status_code == 201
    assert response.json == {"id": response.json["id"], "kind": "complaint", "status": "open",
                             "created_at": "2026-12-04T10:00:00+08:00",
                             "reply_due": "2026-12-11"}
    complaint = db.session.get(Complaint, response.json["id"])
    assert (complaint.channel, complaint.department_id) == ("api", complaints_hall.department.id)


def test_a_device_may_name_its_channel(client, complaints_hall):
    body = {"kind": "suggestion", "content": "建议增加老花镜", "channel": "kiosk"}
    assert client.post("/api/v1/complaints", json=body).status_code == 201
    assert db.session.scalar(select(Complaint.channel)) == "kiosk"
    bad = client.post("/api/v1/complaints", json={**body, "channel": "evaluator"})
    assert bad.status_code == 400 and "channel" in bad.json["error"]["fields"]


def test_bad_input_is_400_with_chinese_fields_and_stores_nothing(client, complaints_hall):
    response = client.post("/api/v1/complaints", json={
        "kind": "complaint", "content": "", "name": "", "phone": "123", "window": 42})
    assert response.status_code == 400
    error = response.json["error"]
    assert set(error["fields"]) == {"content", "name", "phone", "window"}
    assert error["fields"]["phone"].startswith("联系电话应为") and error["code"] == "invalid"
    long = client.post("/api/v1/complaints", json={**COMPLAINT, "content": "字" * 501})
    assert long.status_code == 400 and "500" in long.json["error"]["fields"]["content"]
    assert client.post("/api/v1/complaints", data="not json").status_code == 400
    assert client.post("/api/v1/complaints", json=["list"]).status_code == 400
    assert count() == 0


def test_control_characters_are_refused_or_stripped(client, complaints_hall):
    refused = client.post("/api/v1/complaints", json={**COMPLAINT, "content": "\x00等候"})
    assert refused.status_code == 400 and refused.json["error"]["code"] == "invalid_text"
    assert count() == 0     # C0 controls in JSON: refused by hall.web.input_guard
    client.post("/api/v1/complaints", json={**COMPLAINT, "content": "\u202e等候\u2066太久\x7f"})
    assert db.session.scalar(select(Complaint.content)) == "等候太久"


def test_five_an_hour_then_json_429_in_chinese(client, complaints_hall):
    statuses = [client.post("/api/v1/complaints", json=COMPLAINT).status_code for _ in range(6)]
    assert statuses == [201] * 5 + [429]
    refused = client.post("/api/v1/complaints", json=COMPLAINT)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.json["error"]["code"] == "too_many_requests"
    assert refused.json["error"]["message"].startswith("提交过于频繁")
    assert count() == 5


def test_the_public_list_is_masked_and_paginated(client, complaints_hall):
    complaint = complaints_hall.complaint(content="我是王小明，电话13912345678")
    complaints_hall.complaint(content="没有答复的不公开")
    services.answer(Actor.of(complaints_hall.manager), complaint, "王小明您好，已整改。", clock.now())
    db.session.commit()
    response = client.get("/api/v1/complaints")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    for secret in ("王小明", "13912345678", "没有答复的不公开"):
        assert secret not in body, secret
    assert (response.json["page"], response.json["pages"], response.json["total"]) == (1, 1, 1)
    item = response.json["items"][0]
    assert (item["name"], item["phone"], item["window"]) == ("王**", "139****5678", 3)
    assert item["content"] == "我是王**，电话139****5678" and item["answer"] == "王**您好，已整改。"
    assert item["status"] == "answered" and item["resolved"] is False
    assert client.get("/api/v1/complaints?kind=praise").json["total"] == 0


def test_the_openapi_description_lists_complaints_and_stays_valid(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    assert {"get", "post"} <= set(document["paths"]["/api/v1/complaints"])
    display = document["paths"]["/api/v1/display"]["get"]["responses"]["200"]
    assert "duty_leader" in display["content"]["application/json"]["schema"]["properties"]

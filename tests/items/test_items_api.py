"""The service guide as JSON (docs/api.md) and the OpenAPI description."""
import pytest
from openapi_spec_validator import validate

from hall.core.extensions import db


@pytest.fixture
def catalogue(make):
    mz = make.department(code="MZ", name="县民政局", sort_order=1)
    sc = make.department(code="SC", name="县市场监督管理局", sort_order=2)
    marriage = make.item(department=mz, code="62052400MZ-XK-0001", name="内地居民婚姻登记",
                         type="confirmation", legal_days=20, promised_days=5,
                         charges_fee=True, fee_standard="每件 9 元",
                         fee_basis="发改价格〔2017〕1186号", online=True, visits=1)
    make.item(department=mz, code="62052400MZ-QT-0002", name="婚姻登记记录证明",
              type="public_service", legal_days=0, promised_days=0, charges_fee=False,
              online=False, visits=1)
    make.item(department=sc, code="62052400SC-XK-0001", name="食品经营许可")
    make.item(department=sc, code="62052400SC-XK-0009", name="未公开事项", is_published=False)
    ids = {
        "id_card": make.material(marriage, name="居民身份证", form="original", copies=1,
                                 required=True, deferrable=False, position=1).id,
        "household": make.material(marriage, name="户口簿", form="copy", copies=2,
                                   required=True, deferrable=True, position=2).id,
        "photo": make.material(marriage, name="合影照片", form="original_and_copy", copies=3,
                               required=False, deferrable=False, position=3).id,
    }
    db.session.commit()
    return ids


def codes(response) -> list[str]:
    assert response.status_code == 200
    body = response.get_json()
    assert body["count"] == len(body["items"])
    return [item["code"] for item in body["items"]]


def test_list_published_items(client, catalogue):
    assert codes(client.get("/api/v1/items")) == [
        "62052400MZ-QT-0002", "62052400MZ-XK-0001", "62052400SC-XK-0001"]


def test_list_summary_fields(client, catalogue):
    items = client.get("/api/v1/items?q=内地居民").get_json()["items"]
    assert items == [{
        "code": "62052400MZ-XK-0001", "name": "内地居民婚姻登记", "type": "行政确认",
        "department": "县民政局", "kind": "promised", "legal_days": 20, "promised_days": 5,
        "online": True, "visits": 1, "aliases": []}]


@pytest.mark.parametrize("query,expected", [
    ({"q": "婚姻"}, ["62052400MZ-QT-0002", "62052400MZ-XK-0001"]),
    ({"q": "SC-XK"}, ["62052400SC-XK-0001"]),
    ({"q": "市场监督"}, ["62052400SC-XK-0001"]),
    ({"q": "婚姻 证明"}, ["62052400MZ-QT-0002"]),
    ({"q": "没有这个"}, []),
    ({"department": "MZ"}, ["62052400MZ-QT-0002", "62052400MZ-XK-0001"]),
    ({"department": "SC"}, ["62052400SC-XK-0001"]),
    ({"department": "NOPE"}, []),
    ({"department": "MZ", "q": "证明"}, ["62052400MZ-QT-0002"]),
    ({"department": "SC", "q": "婚姻"}, []),
])
def test_search(client, catalogue, query, expected):
    assert codes(client.get("/api/v1/items", query_string=query)) == expected


def test_one_item_with_its_guide_elements(client, catalogue):
    response = client.get("/api/v1/items/62052400MZ-XK-0001")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    item = response.get_json()
    assert item["code"] == "62052400MZ-XK-0001"
    assert item["name"] == "内地居民婚姻登记"
    assert item["type"] == "行政确认"
    assert item["department"] == "县民政局"
    assert item["kind"] == "promised"
    assert (item["legal_days"], item["promised_days"]) == (20, 5)
    assert item["fees"]["charged"] is True
    assert item["fees"]["standard"] == "每件 9 元"
    assert item["fees"]["basis"] == "发改价格〔2017〕1186号"
    for key in ("legal_basis", "conditions", "procedure", "place", "consult_phone",
                "complaint_phone", "online", "visits", "special_steps", "windows"):
        assert key in item, key
    assert item["procedure"] == ["申请", "受理", "审查", "决定"]


def test_materials_of_an_item(client, catalogue):
    materials = client.get("/api/v1/items/62052400MZ-XK-0001").get_json()["materials"]
    trimmed = [{k: m[k] for k in ("id", "name", "form", "copies", "required", "deferrable")}
               for m in materials]
    assert trimmed == [
        {"id": catalogue["id_card"], "name": "居民身份证", "form": "原件", "copies": 1,
         "required": True, "deferrable": False},
        {"id": catalogue["household"], "name": "户口簿", "form": "复印件", "copies": 2,
         "required": True, "deferrable": True},
        {"id": catalogue["photo"], "name": "合影照片", "form": "原件及复印件", "copies": 3,
         "required": False, "deferrable": False},
    ]


def test_immediate_item_without_fee(client, catalogue):
    item = client.get("/api/v1/items/62052400MZ-QT-0002").get_json()
    assert item["kind"] == "immediate"
    assert (item["legal_days"], item["promised_days"]) == (0, 0)
    assert item["fees"]["charged"] is False and item["fees"]["standard"] == "不收费"
    assert item["type"] == "公共服务"
    assert item["materials"] == []


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    message = body["error"]["message"]
    assert message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert isinstance(body["error"]["fields"], dict)
    return body["error"]


@pytest.mark.parametrize("code", ["NO-SUCH-ITEM", "62052400SC-XK-0009"])
def test_unknown_or_unpublished_item_is_404(client, catalogue, code):
    error = assert_error(client.get(f"/api/v1/items/{code}"), 404, "not_found")
    assert error["fields"] == {}


def test_unknown_api_path_has_the_error_shape(client):
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_has_the_error_shape(client, catalogue):
    assert_error(client.post("/api/v1/items", json={}), 405, "method_not_allowed")


def test_item_api_is_public(client, catalogue):
    assert client.get("/api/v1/items").status_code == 200
    assert client.get("/api/v1/items/62052400MZ-XK-0001").status_code == 200


def test_openapi_document_is_valid_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    validate(document)   # raises on an invalid document


def test_openapi_lists_the_item_and_token_paths(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    assert "get" in paths["/api/v1/items"]
    assert {p["name"] for p in paths["/api/v1/items"]["get"]["parameters"]} >= {"q", "department"}
    assert "get" in paths["/api/v1/items/{code}"]
    assert "404" in paths["/api/v1/items/{code}"]["get"]["responses"]
    assert "post" in paths["/api/v1/auth/token"]
    material = document["components"]["schemas"]["Material"]["properties"]
    assert {"id", "name", "form", "copies", "required", "deferrable"} <= set(material)

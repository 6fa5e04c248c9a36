"""POST /api/v1/ratings: a citizen rates a finished ticket or a closed case (public)."""

from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.ratings import services
from hall.ratings.models import Rating
from hall.web import idempotency, ratelimit
from hall.web.access import public
from hall.web.api import bp, spec
from hall.web.helpers import client_address
from hall.web.responses import json_body

LIMIT, WINDOW_SECONDS = 20, 600
API_CHANNELS = ("qr", "kiosk")


def _rate(data: dict, now):
    channel = data.get("channel", "qr")
    if channel not in API_CHANNELS:
        raise DomainError("评价渠道不正确", fields={"channel": "须为 qr 或 kiosk"})
    args = (data.get("level"), data.get("comment", ""), data.get("reasons", []), channel, now)
    if "ticket_token" in data:
        return services.rate_ticket(str(data.get("ticket_token") or ""), *args)
    if "case_no" in data:
        return services.rate_case(str(data.get("case_no") or ""), str(data.get("code") or ""),
                                  *args)
    raise DomainError("请提供 ticket_token，或 case_no 与 code",
                      fields={"ticket_token": "请提供排队号令牌或办件编号与查询码"})


@bp.post("/ratings")
@public
def create_rating():
    now = clock.now()
    verdict = ratelimit.hit(f"rating:{client_address()}", LIMIT, WINDOW_SECONDS, now)
    keep_counted()   # the count stands even when the request is refused
    if not verdict.allowed:
        return ratelimit.too_many(verdict.retry_after)
    data = json_body()
    held = idempotency.api_claim("rating", data, now)
    if held.repeated:
        return _created(db.session.get(Rating, int(held.first.resource))), held.first.status
    rating = _rate(data, now)
    idempotency.complete(held, rating.id, 201)
    return _created(rating), 201


def _created(rating: Rating) -> dict:
    return {"id": rating.id, "level": rating.level, "follow_up": rating.is_bad}


spec.add_schemas({"RatingRequest": {
    "type": "object", "required": ["level"],
    "properties": {
        "ticket_token": {"type": "string", "description": "排队号二维码中的令牌"},
        "case_no": {"type": "string"}, "code": {"type": "string", "description": "查询码"},
        "level": {"type": "integer", "minimum": 1, "maximum": 5,
                  "description": "5 非常满意 … 1 非常不满意"},
        "comment": {"type": "string", "maxLength": services.COMMENT_MAX},
        "reasons": {"type": "array", "items": {"type": "string",
                                               "enum": list(services.REASONS)}},
        "channel": {"type": "string", "enum": list(API_CHANNELS), "default": "qr"}}},
    "RatingCreated": {"type": "object", "required": ["id", "level", "follow_up"],
                      "properties": {"id": {"type": "integer"}, "level": {"type": "integer"},
                                     "follow_up": {"type": "boolean"}}}})

spec.add_paths({"/api/v1/ratings": {"post": {
    "summary": "好差评：评价已办结的排队号或办件（一次一评；可带 Idempotency-Key）",
    "tags": ["ratings"], "parameters": [idempotency.HEADER_PARAMETER],
    "requestBody": spec.json_body(spec.ref("RatingRequest")),
    "responses": {"201": spec.json_response("已评价", spec.ref("RatingCreated")),
                  **spec.error_responses(400, 404, 409, 422, 429)}}}})

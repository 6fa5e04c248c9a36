"""The JSON answers of /api/v1: the contract's error body and the request's JSON object.

A leaf: every layer that answers an API request (the blueprint, the input guard, rate
limits, retries, the domains' api modules) imports it, and it imports no part of the hall
but its errors.
"""
from flask import jsonify, request

from hall.core.errors import DomainError, error_body

HTTP_MESSAGES = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthorized", "需要登录或有效的令牌"),
    403: ("forbidden", "无权执行此操作"),
    404: ("not_found", "未找到"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "当前状态不允许此操作"),
    413: ("too_large", "请求内容过大"),
    415: ("unsupported_media_type", "请使用 JSON 格式提交"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
}


def error(status: int, code: str | None = None, message: str | None = None, fields=None):
    """The contract's error body with its status."""
    default_code, default_message = HTTP_MESSAGES.get(status, ("error", "服务器错误"))
    return jsonify(error_body(code or default_code, message or default_message, fields)), status


def json_body() -> dict:
    """The request's JSON object, or a 400 DomainError."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError("请求体须为 JSON 对象", code="invalid_json")
    return data

"""The small domain error that services raise, with a message for people."""


class DomainError(Exception):
    """A rule of the hall was broken; `message` is Chinese and shown as is."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None,
                 fields: dict | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.fields = fields or {}
        self.status = status or self.status


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The API contract's error object: {"error": {"code", "message", "fields"}}."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}

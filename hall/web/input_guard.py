"""Hostile input: what every request passes through before a handler sees it.

The policy, in one place for pages and the JSON API alike:

* Stored text never carries control characters. The C0 controls other than TAB, LF and CR
  (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F) and lone surrogates (U+D800-U+DFFF) are
  invisible on screen, PostgreSQL refuses NUL, XML (the Excel exports) refuses all of them,
  and a lone surrogate cannot even be written as UTF-8.

  - Submitted page forms are typed or pasted by people (Word puts VT into copied text for a
    manual line break), so there they are cleaned away quietly: VT and FF become a space
    (right in one-line fields and in text areas alike), the others are dropped. Every form
    field and uploaded file name is cleaned, passwords included, so a password reads the
    same when it is set and when it is typed. Pages read fields both through WTForms and
    straight from `request.form` (notes, comments), which is why this happens here, once.
  - JSON bodies (values and keys at any depth), query strings and URL path segments are
    written by programs, so there they make the request fail with 400 (`invalid_text`,
    naming the field) before any handler runs: nothing changes, and the sender learns of
    its bug instead of having its data altered.

* Integers in JSON bodies must fit a 32-bit signed column (400 otherwise), and `<int:...>`
  in URLs stops at the same bound (404: no object has such a number), so a huge id never
  reaches the database driver; pages that read numbers from a query string pass them
  through `bounded` or `page_number` for the same reason.

* Dates in query strings and JSON bodies go through `parse_day` (or `query_day`): strictly
  YYYY-MM-DD in ASCII digits, from DATE_MIN to DATE_MAX. Anything else is a `BadParameter`,
  answered 400 in Chinese naming the field (the API's error body, or the error page), so no
  year 9999 ever meets date arithmetic (a day later is an OverflowError) and no year 1 meets
  the database. A century either side of today is room enough for every deadline and report.

* Everything else printable - emoji (4-byte ones and ZWJ sequences too), CJK Extension B,
  RTL marks, combining characters - is kept exactly as sent. Lengths are each form's and
  each service's business (Length validators, `within_limit`): a value is checked against
  its column before the database sees it, and refused in Chinese when too long, so nothing
  is ever cut short, by the database or by the code.
"""
import re
from datetime import date

from flask import render_template, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from hall.core.errors import DomainError
from hall.web.responses import error

INT_MAX = 2**31 - 1
PAGE_MAX = 100_000
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
BREAKS = re.compile(r"[\x0b\x0c]")
TEXT_MESSAGE = "提交的内容含有不允许的控制字符或无效字符"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
DATE_MIN, DATE_MAX = date(2000, 1, 1), date(2099, 12, 31)
DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DATE_MESSAGE = "日期须为 2000-01-01 至 2099-12-31 之间的有效日期，格式为 YYYY-MM-DD"


class BadParameter(DomainError):
    """A malformed or out-of-range value in the query string or body: 400 naming it."""

    def __init__(self, field: str, message: str):
        super().__init__(message, code="invalid", fields={field: message})


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in URLs, up to the largest value a 32-bit integer column holds."""

    def __init__(self, map, fixed_digits=0, min=None, max=INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def install(app) -> None:
    """Bound URL integers and check every request; call before blueprints are registered."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(guard_request)


def clean_text(value: str) -> str:
    """A person's text without control characters: VT and FF become spaces, the rest go."""
    return FORBIDDEN.sub("", BREAKS.sub(" ", value))


def bad_text(value) -> bool:
    return isinstance(value, str) and FORBIDDEN.search(value) is not None


def first_problem(data) -> tuple[str, str] | None:
    """(field, message) for the first forbidden string or out-of-range integer in JSON data."""
    stack = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if bad_text(key):
                    return path or "body", TEXT_MESSAGE
                stack.append((f"{path}.{key}" if path else key, inner))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", inner) for i, inner in enumerate(value))
        elif bad_text(value):
            return path or "body", TEXT_MESSAGE
        elif isinstance(value, int) and abs(value) > INT_MAX:
            return path or "body", "数值超出允许范围"
    return None


def _url_problem() -> tuple[str, str] | None:
    for name, value in (request.view_args or {}).items():
        if bad_text(value):
            return name, TEXT_MESSAGE
    for name, value in request.args.items(multi=True):
        if bad_text(name) or bad_text(value):
            return name, TEXT_MESSAGE
    return None


def _json_problem() -> tuple[str, str] | None:
    if not request.is_json:
        return None
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        return "body", "JSON 嵌套层次过深"
    return first_problem(data)


def _clean_form() -> None:
    if request.mimetype not in FORM_TYPES:
        return
    cleaned = ImmutableMultiDict([(clean_text(k), clean_text(v))
                                  for k, v in request.form.items(multi=True)])
    request._get_current_object().__dict__["form"] = cleaned
    for upload in request.files.values():
        if upload.filename:
            upload.filename = clean_text(upload.filename)


def guard_request():
    """Refuse programs' bad text and huge numbers; clean people's form text."""
    problem = _url_problem() or _json_problem()
    if problem is not None:
        return refuse(*problem)
    _clean_form()
    return None


def refuse(field: str, message: str):
    """400 with the contract's error body for the API and JSON, the error page for pages."""
    if request.path.startswith("/api/") or request.is_json:
        code = "invalid_text" if message == TEXT_MESSAGE else "invalid"
        return error(400, code, message, {field: message})
    return render_template("error.html", status=400, message=message), 400


def within_limit(value, limit: int, field: str, label: str) -> str:
    """Free text for a service, stripped, or a DomainError when it is longer than `limit`."""
    text = str(value or "").strip()
    if len(text) > limit:
        message = f"{label}不能超过 {limit} 个字，现在有 {len(text)} 字"
        raise DomainError(message, fields={field: message})
    return text


def bounded(number: int | None) -> int | None:
    """A number from a query string, or None when no 32-bit column could hold it."""
    return number if number is not None and abs(number) <= INT_MAX else None


def day_in_range(day: date | None) -> bool:
    return day is not None and DATE_MIN <= day <= DATE_MAX


def parse_day(text, field: str) -> date | None:
    """A YYYY-MM-DD date from DATE_MIN to DATE_MAX; None when empty; else BadParameter."""
    text = "" if text is None else str(text).strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text) if DATE_SHAPE.fullmatch(text) else None
    except ValueError:
        day = None
    if not day_in_range(day):
        raise BadParameter(field, DATE_MESSAGE)
    return day


def query_day(args, name: str) -> date | None:
    """?name=YYYY-MM-DD, None when absent or empty, a 400 when malformed or out of range."""
    return parse_day(args.get(name), name)


def page_number(args) -> int:
    """?page= from 1 to PAGE_MAX: garbage is the first page, a huge one an empty page."""
    return min(max(1, args.get("page", 1, type=int)), PAGE_MAX)

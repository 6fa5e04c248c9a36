"""How a person is named on papers, pages, exports and timelines: 姓名, with the 工号.

Timelines, follow-ups, complaint replies and the audit log keep the username: it is unique and
never changes, so it stays the technical key. The name a citizen or a manager reads is looked
up when the page is drawn, not copied at write time: rows written before accounts had names
render with names without a backfill, and a corrected typo in a name shows on the next print.
"""
from flask import has_request_context, request
from sqlalchemy import select

from hall.auth.models import User, person_label
from hall.core.extensions import db

# Actors that are not people (Actor.system(...), devices, the public): said in Chinese.
NON_PERSON_ACTORS = {"system": "系统", "cli": "命令行", "demo": "演示数据导入",
                     "simulate": "模拟运行", "kiosk": "自助机", "citizen": "群众"}
_CACHE_KEY = "hall.people_labels"


def people_labels() -> dict[str, str]:
    """username -> label for every account, one query per request.

    Kept in the request's WSGI environ rather than flask.g: tests (and the CLI) hold one app
    context across many requests, and a name changed by one request must show in the next.
    """
    if not has_request_context():
        return _load_labels()
    cached = request.environ.get(_CACHE_KEY)
    if cached is None:
        cached = request.environ[_CACHE_KEY] = _load_labels()
    return cached


def _load_labels() -> dict[str, str]:
    rows = db.session.execute(select(User.username, User.name, User.staff_no))
    return {username: person_label(name, staff_no, username) for username, name, staff_no in rows}


def person(username: str | None, unknown: str | None = None) -> str:
    """The label for a stored username; non-person actors in Chinese; a name nobody has (a
    username typed at the login page, say) as kept, or `unknown` when given."""
    if not username:
        return ""
    fallback = username if unknown is None else unknown
    return people_labels().get(username) or NON_PERSON_ACTORS.get(username, fallback)


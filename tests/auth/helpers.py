"""Small helpers for the account and access tests."""
import re

from sqlalchemy import func, select

from hall.core.extensions import db


def committed_count(model, *where) -> int:
    """Rows in the database as another connection sees them (committed data only)."""
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model).where(*where))


def committed_row(model, *where):
    """One committed row (as a Row of columns), read outside the test's session."""
    with db.engine.connect() as connection:
        return connection.execute(select(model.__table__).where(*where)).one_or_none()


def text_of(response) -> str:
    return response.get_data(as_text=True)


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no csrf_token in the page"
    return match.group(1)

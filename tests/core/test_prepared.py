"""Prepared statements: stored as the ORM stores, failing as SQLAlchemy fails."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, insert
from sqlalchemy.exc import IntegrityError

from hall.core.extensions import db
from hall.core.prepared import Prepared
from hall.events.models import Event

INSERT_EVENT = Prepared(lambda dialect: insert(Event.__table__).values(
    {name: bindparam(name, type_=Event.__table__.c[name].type)
     for name in ("id", "created_at", "kind", "payload")}))


def test_values_go_through_the_column_types(app):
    moment = datetime(2026, 12, 1, 1, 2, 3, tzinfo=UTC)
    INSERT_EVENT.run({"id": 7, "created_at": moment, "kind": "test", "payload": "{}"}).close()
    INSERT_EVENT.run({"id": 8, "created_at": moment, "kind": "test", "payload": "{}"}).close()
    db.session.commit()
    assert [e.created_at for e in db.session.query(Event).order_by(Event.id)] == [moment] * 2


def test_driver_errors_come_back_as_sqlalchemy_errors(app):
    moment = datetime(2026, 12, 1, tzinfo=UTC)
    INSERT_EVENT.run({"id": 1, "created_at": moment, "kind": "test", "payload": "{}"}).close()
    with pytest.raises(IntegrityError):
        INSERT_EVENT.run({"id": 1, "created_at": moment, "kind": "test", "payload": "{}"})
    db.session.rollback()

"""Appending to the audit chain: the head keeps the last entry's id, hash and previous hash."""
import pytest

from hall.audit import services
from hall.audit.models import AuditEntry, AuditHead
from hall.audit.services import Actor, ObjectRef, record, verify_chain
from hall.core.extensions import db


def test_entries_chain_and_the_head_follows(app):
    entries = [record(Actor.system(), "test.append", label=f"第{n}条", after={"n": n})
               for n in range(3)]
    db.session.commit()
    assert [e.id for e in entries] == [1, 2, 3]
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    head = db.session.get(AuditHead, 1)
    assert (head.last_id, head.last_hash, head.prev_hash) == (3, entries[2].hash,
                                                              entries[1].hash)
    assert verify_chain() == (3, None, "")


def test_an_object_named_by_reference_is_recorded_by_type_and_id(app):
    record(Actor.system(), "ticket.issued", ObjectRef("Ticket", 42), label="A001")
    db.session.commit()
    entry = db.session.get(AuditEntry, 1)
    assert (entry.object_type, entry.object_id, entry.object_label) == ("Ticket", "42", "A001")


def test_postgresql_appends_in_one_statement_with_the_same_hash(app, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the one-statement append is PostgreSQL's")
    monkeypatch.setattr(services, "_append", lambda *args: pytest.fail("took the slow path"))
    text = '含"引号"与 emoji 😀 和换行\n的内容 \\ 反斜杠'
    record(Actor.system(), "test.append", label=text, before={"text": text}, after={"n": 1})
    record(Actor.system(), "test.append", label="第二条")
    db.session.commit()
    assert verify_chain() == (2, None, "")

"""Appending to the audit chain: the head keeps the last entry's id, hash and previous hash."""
import pytest

from hall.audit.models import AuditEntry, AuditHead
from hall.audit.services import Actor, ObjectRef, record, verify_chain
from hall.core import journal
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
    monkeypatch.setattr(journal, "_append_step_by_step",
                        lambda *args: pytest.fail("took the slow path"))
    text = '含"引号"与 emoji 😀 和换行\n的内容 \\ 反斜杠'
    record(Actor.system(), "test.append", label=text, before={"text": text}, after={"n": 1})
    record(Actor.system(), "test.append", label="第二条")
    db.session.commit()
    assert verify_chain() == (2, None, "")


def test_a_text_that_holds_a_mark_is_chained_step_by_step(app):
    """A user's text may hold the journal's marks: the entry then takes the general path,
    on either database, and its hash still verifies."""
    text = f"{journal.ENTRY_ID.mark} {journal.PREV_HASH.mark} @@hall-"
    first = record(Actor.system(), "test.append", label=text, after={"text": text})
    second = record(Actor.system(), "test.append", label="第二条")
    db.session.commit()
    assert second.prev_hash == first.hash
    assert db.session.get(AuditEntry, 1).object_label == text
    assert verify_chain() == (2, None, "")


def test_holes_cut_a_text_only_where_its_marks_are_in_order():
    number, text = journal.Hole("n", number=True), journal.Hole("t")
    marked = f'{{"a":"{number.mark}","b":"x{text.mark}y"}}'
    assert journal.split_at_holes(marked, (number, text)) == ['{"a":', ',"b":"x', 'y"}']
    assert journal.split_at_holes(marked, (text, number)) is None
    assert journal.split_at_holes(marked + text.mark, (number, text)) is None

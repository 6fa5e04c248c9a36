"""The event journal and its server-sent event stream, read through the generator."""
import json
import threading

from hall.core import clock
from hall.core.extensions import db
from hall.events import stream
from hall.events.services import events_after, publish


def publish_committed(kind: str, **payload) -> int:
    event_id = publish(kind, payload, clock.now())
    db.session.commit()
    return event_id


def read(generator, count: int) -> list[str]:
    chunks = []
    for chunk in generator:
        chunks.append(chunk)
        if len([c for c in chunks if c.startswith("id:")]) >= count:
            break
    generator.close()
    return chunks


def test_event_ids_increase_in_commit_order(app):
    ids = [publish_committed("ticket.issued", number=f"A00{n}") for n in range(1, 4)]
    assert ids == [1, 2, 3]
    assert [row[0] for row in events_after(1)] == [2, 3]


def test_a_rolled_back_event_is_never_seen(app):
    publish("ticket.issued", {"number": "A001"}, clock.now())
    db.session.rollback()
    kept = publish_committed("ticket.issued", number="A002")
    assert [json.loads(row[2])["number"] for row in events_after(0)] == ["A002"]
    assert kept >= 1


def test_stream_starts_with_a_comment_and_resumes_after_last_event_id(app):
    publish_committed("ticket.issued", number="A001")
    second = publish_committed("ticket.called", number="A001", window=3)
    publish_committed("ticket.done", number="A001")
    generator = stream.event_stream(last_id=second - 1, keepalive=0.2, max_seconds=2)
    chunks = read(generator, 2)
    assert chunks[0].startswith("retry:") and ": connected" in chunks[0]
    events = [c for c in chunks if c.startswith("id:")]
    assert events[0].startswith(f"id: {second}\nevent: ticket.called\ndata: ")
    assert "ticket.done" in events[1]


def test_stream_delivers_live_events_and_filters_kinds(app):
    generator = stream.event_stream(last_id=None, kinds={"ticket.called"}, keepalive=0.2,
                                    max_seconds=5)
    assert next(generator).startswith("retry:")

    def later():
        with app.app_context():
            publish_committed("ticket.issued", number="A001")
            publish_committed("ticket.called", number="A001", window=3)

    threading.Timer(0.3, later).start()
    chunks = read(generator, 1)
    called = [c for c in chunks if c.startswith("id:")]
    assert len(called) == 1 and "event: ticket.called" in called[0]
    assert '"window": 3' in called[0]


def test_stream_sends_keep_alive_comments_when_quiet(app):
    generator = stream.event_stream(last_id=None, keepalive=0.1, max_seconds=0.5)
    chunks = list(generator)
    assert ": keep-alive\n\n" in chunks


def test_events_endpoint_is_an_event_stream(client):
    response = client.get("/api/v1/events", headers={"Last-Event-ID": "0"}, buffered=False)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    first = next(response.response)
    assert (first.decode() if isinstance(first, bytes) else first).startswith("retry:")
    response.close()

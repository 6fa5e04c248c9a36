"""The event stream's limits: open streams per address, lifetime, keep-alive, gone clients.

Through the main application's test client (as `flask run` and the demo serve it) and the
stream process's slim application, which run the same view.
"""
import os
import resource
import socket
import threading
import time

import pytest

from hall.core import clock
from hall.core.extensions import db
from hall.events import stream
from hall.events.server import create_stream_app
from hall.events.services import publish

EVENTS = "/api/v1/events"


def publish_committed(kind: str, **payload) -> int:
    event_id = publish(kind, payload, clock.now())
    db.session.commit()
    return event_id


def open_stream(client, address: str, **headers):
    return client.get(EVENTS, environ_base={"REMOTE_ADDR": address}, headers=headers,
                      buffered=False)


def chunks_of(response, until=lambda text: False, seconds: float = 10) -> list[str]:
    """Read a streamed answer until `until(text so far)` or its end."""
    chunks, deadline = [], time.monotonic() + seconds
    for chunk in response.response:
        chunks.append(chunk.decode() if isinstance(chunk, bytes) else chunk)
        if until("".join(chunks)) or time.monotonic() > deadline:
            break
    return chunks


def event_ids(text: str) -> list[int]:
    """Ids of dispatched events (an id-only message moves the cursor, it is no event)."""
    return [int(block.split("\n")[0][4:]) for block in text.split("\n\n")
            if block.startswith("id: ") and "\ndata: " in block]


@pytest.fixture
def stream_app(app, database_url):
    """The stream process's application on the test database."""
    slim = create_stream_app({"TESTING": True, "DATABASE_URL": database_url,
                              "SECRET_KEY": "test-secret"})
    yield slim
    if "hall_events" in slim.extensions:
        slim.extensions["hall_events"].stop()
    with slim.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("which", ["main", "stream"])
def test_the_twenty_first_stream_from_one_address_is_refused(app, client, stream_app, which):
    target = client if which == "main" else stream_app.test_client()
    served = app if which == "main" else stream_app
    held = [open_stream(target, "10.0.0.5") for _ in range(20)]
    assert {r.status_code for r in held} == {200}
    refused = open_stream(target, "10.0.0.5")
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "too_many_streams"
    assert "上限（20 个）" in refused.json["error"]["message"]
    assert refused.headers["Retry-After"].isdigit()
    assert open_stream(target, "10.0.0.6").status_code == 200    # another address: unaffected
    held[0].close()                                             # a closed stream frees its slot
    again = open_stream(target, "10.0.0.5")
    assert again.status_code == 200
    assert open_stream(target, "10.0.0.5").status_code == 429
    for response in held[1:] + [again]:
        response.close()
    assert stream.slots_for(served).count("10.0.0.5") == 0


def test_the_cap_is_configurable(app, client):
    app.config["EVENTS_PER_ADDRESS"] = 2
    first, second = open_stream(client, "10.0.0.7"), open_stream(client, "10.0.0.7")
    third = open_stream(client, "10.0.0.7")
    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    assert "上限（2 个）" in third.json["error"]["message"]
    first.close(), second.close()


def test_behind_the_proxy_the_cap_counts_the_real_client(database_url, _schema):
    proxied = create_stream_app({"TESTING": True, "DATABASE_URL": database_url,
                                 "SECRET_KEY": "test-secret", "PROXIES": 1,
                                 "EVENTS_PER_ADDRESS": 1})
    client = proxied.test_client()
    try:
        first = open_stream(client, "127.0.0.1", **{"X-Forwarded-For": "192.0.2.1"})
        other = open_stream(client, "127.0.0.1", **{"X-Forwarded-For": "192.0.2.2"})
        again = open_stream(client, "127.0.0.1", **{"X-Forwarded-For": "192.0.2.1"})
        assert (first.status_code, other.status_code, again.status_code) == (200, 200, 429)
        first.close(), other.close()
    finally:
        if "hall_events" in proxied.extensions:
            proxied.extensions["hall_events"].stop()
        with proxied.app_context():
            db.engine.dispose()


def test_parallel_requests_never_exceed_the_cap():
    slots, taken = stream.StreamSlots(), []
    barrier = threading.Barrier(40)

    def take():
        barrier.wait()
        taken.append(slots.take("10.0.0.9", 20))

    threads = [threading.Thread(target=take) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = [slot for slot in taken if slot is not None]
    assert len(held) == 20 and slots.count("10.0.0.9") == 20
    held[0].release(), held[0].release()          # releasing twice gives back one slot
    assert slots.count("10.0.0.9") == 19


def test_a_stream_ends_at_its_lifetime_and_the_reconnect_misses_nothing(app, client):
    app.config["EVENTS_MAX_SECONDS"] = 0.6
    first = publish_committed("ticket.issued", number="A001")
    response = client.get(EVENTS, headers={"Last-Event-ID": str(first - 1)}, buffered=False)
    started = time.monotonic()
    threading.Timer(0.2, lambda: _publish_from_thread(app, "ticket.called", "A001")).start()
    text = "".join(chunks_of(response))        # read to the end: the stream ends by itself
    assert time.monotonic() - started < 5
    response.close()
    assert event_ids(text) == [first, first + 1]
    assert text.endswith(f"retry: {stream.RETRY_MS}\nid: {first + 1}\n\n: reconnect\n\n")
    missed = [publish_committed("ticket.done", number="A001"),
              publish_committed("ticket.issued", number="A002")]
    resumed = client.get(EVENTS, headers={"Last-Event-ID": str(first + 1)}, buffered=False)
    text = "".join(chunks_of(resumed, until=lambda t: len(event_ids(t)) >= 2))
    resumed.close()
    assert event_ids(text) == missed


def _publish_from_thread(app, kind: str, number: str) -> None:
    with app.app_context():
        publish_committed(kind, number=number)
        db.session.remove()


def test_a_filtered_stream_ends_with_the_id_it_covered(app, client):
    app.config["EVENTS_MAX_SECONDS"] = 0.3
    publish_committed("ticket.called", number="A001")
    skipped = publish_committed("ticket.issued", number="A002")
    response = client.get(EVENTS + "?kinds=ticket.called", headers={"Last-Event-ID": "0"},
                          buffered=False)
    text = "".join(chunks_of(response))
    response.close()
    assert event_ids(text) == [skipped - 1]
    assert f"id: {skipped}\n\n" in text          # the reconnect does not read A002 again


def test_lifetimes_are_spread_below_the_maximum():
    lifetimes = [stream.lifetime(900) for _ in range(200)]
    assert all(900 * (1 - stream.LIFETIME_JITTER) <= s <= 900 for s in lifetimes)
    assert max(lifetimes) - min(lifetimes) > 60


def test_quiet_streams_get_keep_alive_comments(app, client):
    app.config["EVENTS_KEEPALIVE_SECONDS"] = 0.1
    response = client.get(EVENTS, buffered=False)
    started = time.monotonic()
    text = "".join(chunks_of(response, until=lambda t: t.count(": keep-alive") >= 2))
    response.close()
    assert text.count(": keep-alive\n\n") >= 2 and time.monotonic() - started < 3


def test_a_stream_whose_client_left_ends_and_frees_its_slot(app, client):
    mine, theirs = socket.socketpair()
    gone = stream.client_gone_check({"gunicorn.socket": mine})
    assert gone() is False
    theirs.close()
    assert gone() is True
    mine.close()
    assert stream.client_gone_check({}) is None
    app.config["EVENTS_KEEPALIVE_SECONDS"] = 0.1
    flag = {"gone": False}
    body = stream.event_stream(None, keepalive=0.1, client_gone=lambda: flag["gone"])
    assert next(body).startswith("retry:")
    threading.Timer(0.3, flag.update, kwargs={"gone": True}).start()
    started = time.monotonic()
    list(body)                                   # ends by itself once the client is gone
    assert time.monotonic() - started < 2


@pytest.mark.skipif(resource.getrlimit(resource.RLIMIT_NOFILE)[0] < 2100,
                    reason="needs descriptors above 2000")
def test_a_client_on_a_high_descriptor_is_not_taken_for_gone():
    """A process holding thousands of streams has descriptors far above select()'s 1023."""
    low, theirs = socket.socketpair()
    high = socket.socket(fileno=os.dup2(low.fileno(), 2048))
    low.close()
    try:
        high.settimeout(5)
        gone = stream.client_gone_check({"gunicorn.socket": high})
        assert gone() is False and high.gettimeout() == 5
        theirs.sendall(b"x")                     # pipelined bytes are not an end of file
        assert gone() is False
        assert high.recv(1) == b"x"
        theirs.close()
        assert gone() is True
    finally:
        high.close()


@pytest.mark.parametrize("key, value", [("EVENTS_PER_ADDRESS", "0"), ("EVENTS_PER_ADDRESS", "x"),
                                        ("EVENTS_MAX_SECONDS", "-5"),
                                        ("EVENTS_KEEPALIVE_SECONDS", "99999")])
def test_nonsense_settings_stop_the_start(database_url, key, value):
    with pytest.raises(ValueError, match=f"HALL_{key}"):
        create_stream_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", key: value})


def test_the_stream_process_serves_nothing_else(stream_app):
    response = stream_app.test_client().get("/kiosk")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_a_journal_lost_while_catching_up_ends_the_stream_for_a_resume(app, monkeypatch):
    from sqlalchemy.exc import OperationalError
    publish_committed("ticket.issued", number="A001")
    publish_committed("ticket.issued", number="A002")

    def away(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(stream, "events_after", away)
    chunks = list(stream.event_stream(last_id=0, keepalive=0.1, max_seconds=5))
    assert chunks[0].startswith("retry:")
    assert chunks[-1] == f"retry: {stream.RETRY_MS}\nid: 0\n\n: unavailable\n\n"

"""Two workers on one outbox never send a message twice, and lose none."""
import threading

from sqlalchemy import func, select

from hall.core.extensions import db
from hall.notify.models import OutboxMessage
from hall.notify.worker import Policy
from tests.notify.conftest import queue, sms_worker


def test_two_workers_share_the_outbox_without_sending_twice(app, gateway):
    """Real time, real threads: each worker has its own connection and claims its own
    batches (PostgreSQL: FOR UPDATE SKIP LOCKED under the claim lock; SQLite: one writer)."""
    server = gateway(delay=0.002)   # a gateway that takes a moment, so the claims overlap
    keys = queue(300) + queue(20, phone="13800001111", prefix="busy")
    policy = Policy(batch=10, idle_seconds=0.01)
    errors, claimed_by = [], {}
    together = threading.Barrier(2)

    def work(name: str):
        try:
            with app.app_context():
                worker = sms_worker(server, policy)
                together.wait(10)
                claimed_by[name] = worker.drain().sent
        except Exception as exc:   # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert server.duplicates() == {}
    # The busy number's hourly allowance (6) holds across both workers; the rest waits.
    busy = [key for key in server.delivered if key.startswith("busy:")]
    assert len(busy) == 6
    assert set(server.delivered) == set(keys[:300]) | set(busy)
    assert claimed_by["one"] + claimed_by["two"] == 306
    assert claimed_by["one"] > 0 and claimed_by["two"] > 0, claimed_by
    db.session.expire_all()
    waiting = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                .where(OutboxMessage.status == "pending"))
    assert waiting == 14

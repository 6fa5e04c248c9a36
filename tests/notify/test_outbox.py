"""Queueing: once per key, in the caller's transaction, even when two transactions race."""
import threading
import time

import pytest
from sqlalchemy import func, select

from hall.core import clock
from hall.core.extensions import db
from hall.notify import messages, outbox
from hall.notify.models import OutboxMessage


def rows() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_same_key_twice_queues_one_message(app, moment):
    assert outbox.enqueue("booking_confirmed", "139 1234 5678", "【大厅】预约成功", "booking:7",
                          clock.now()) is True
    assert outbox.enqueue("booking_confirmed", "13912345678", "【大厅】另一段文字", "booking:7",
                          clock.now()) is False
    db.session.commit()
    (message,) = rows()
    assert (message.phone, message.text, message.status, message.tries) == (
        "13912345678", "【大厅】预约成功", "pending", 0)
    assert message.next_at == moment.now and message.created_at == moment.now


def test_a_message_lives_and_dies_with_its_cause(app, moment):
    outbox.enqueue("ticket_called", "13912345678", "【大厅】请A001号", "ticket:1:called", clock.now())
    db.session.rollback()
    assert rows() == []


def test_landlines_take_no_sms_and_bad_calls_are_refused(app, moment):
    assert outbox.enqueue("case_closed", "0938-1234567", "【大厅】已办结", "case:1", clock.now()) is False
    with pytest.raises(ValueError):
        outbox.enqueue("birthday", "13912345678", "【大厅】", "x", clock.now())
    with pytest.raises(ValueError):
        outbox.enqueue("case_closed", "13912345678", "", "x", clock.now())
    assert rows() == []


def test_a_long_key_is_kept_unique_by_its_digest(app, moment):
    base = "appointment:" + "x" * 200
    assert outbox.enqueue("booking_reminder", "13912345678", "t", base + "1", clock.now())
    assert outbox.enqueue("booking_reminder", "13912345678", "t", base + "2", clock.now())
    assert not outbox.enqueue("booking_reminder", "13912345678", "t", base + "1", clock.now())
    assert [len(m.key) for m in rows()] == [120, 120]


def test_two_transactions_racing_on_one_key_queue_it_once(app, moment):
    """The second insert waits for the first's commit and then does nothing (PostgreSQL: the
    unique index's lock; SQLite: the one writer)."""
    results, errors = [], []
    first_inserted = threading.Event()

    def enqueue_in_own_transaction(hold: float):
        try:
            with app.app_context():
                results.append(outbox.enqueue("ticket_called", "13912345678", "【大厅】请A001号",
                                              "ticket:1:called", clock.now()))
                first_inserted.set()
                time.sleep(hold)
                db.session.commit()
        except Exception as exc:   # reported below
            errors.append(exc)

    first = threading.Thread(target=enqueue_in_own_transaction, args=(0.5,))
    first.start()
    assert first_inserted.wait(10)
    second = threading.Thread(target=enqueue_in_own_transaction, args=(0,))
    second.start()
    first.join(20)
    second.join(20)
    assert errors == []
    assert sorted(results) == [False, True]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_the_texts_are_signed_and_say_what_to_do():
    from datetime import datetime
    start, end = datetime(2026, 12, 4, 9, 30), datetime(2026, 12, 4, 10, 0)
    texts = {
        "booking_confirmed": messages.build("booking_confirmed", "县政务服务中心", category="不动产登记",
                                            start=start, end=end, code="482913"),
        "booking_reminder": messages.build("booking_reminder", "县政务服务中心", category="不动产登记",
                                           start=start, end=end, code="482913"),
        "ticket_ahead": messages.build("ticket_ahead", "县政务服务中心", number="A012", ahead=3),
        "ticket_called": messages.build("ticket_called", "县政务服务中心", number="A012", window="3"),
        "case_closed": messages.build("case_closed", "县政务服务中心", case_no="620524202612040001",
                                      item="居民身份证换领"),
        "case_supplement": messages.build("case_supplement", "县政务服务中心",
                                          case_no="620524202612040001", item="居民身份证换领", days=5),
    }
    assert set(texts) == set(messages.BUILDERS)
    assert all(text.startswith("【县政务服务中心】") for text in texts.values())
    assert "12月4日（周五）09:30-10:00" in texts["booking_confirmed"]
    assert "预约码482913" in texts["booking_confirmed"]
    assert "前面还有3人，请回到大厅" in texts["ticket_ahead"]
    assert "请A012号到3号窗口办理" in texts["ticket_called"]
    assert "已办结" in texts["case_closed"] and "5个工作日内" in texts["case_supplement"]
    assert messages.signed("  ", "x") == "【政务服务中心】x"

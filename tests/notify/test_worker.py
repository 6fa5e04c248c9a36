"""The worker against a stand-in gateway: retries with backoff, gives up, never loses or
repeats a message, keeps to the per-phone limit, and logs masked numbers only."""
import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.notify import channels
from hall.notify.channels import LogChannel, Outgoing, SmsChannel
from hall.notify.models import OutboxMessage
from hall.notify.worker import Policy, Worker, backoff_seconds, install_producers, run_producers
from hall.settings import services as settings
from tests.notify.conftest import QUICK, SECRET, drain_until_settled, phone_of, queue, sms_worker
from tests.notify.gateway import StandInGateway


def messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_every_message_arrives_exactly_once_through_an_outage(app, moment, gateway):
    server = gateway(fail_first=7)
    keys = queue(45)
    drain_until_settled(sms_worker(server), moment)
    assert server.bad_signatures == 0
    assert server.duplicates() == {}
    assert set(server.delivered) == set(keys)           # none lost
    assert all(m.status == "sent" and m.sent_at is not None and m.last_error == ""
               for m in messages())
    assert server.requests == 45 + 7                    # each refused request was one try
    first = server.bodies[0]
    assert set(first) == {"id", "phone", "text"} and first["text"].startswith("【测试大厅】")


def test_the_signature_is_the_hmac_of_the_exact_body():
    message = Outgoing(1, "ticket:1", "ticket_called", "13912345678", "【大厅】请A001号")
    body = channels.body_of(message)
    assert json.loads(body) == {"id": "ticket:1", "phone": "13912345678", "text": "【大厅】请A001号"}
    import hashlib
    import hmac
    assert channels.signature(body, SECRET) == hmac.new(SECRET.encode(), body,
                                                        hashlib.sha256).hexdigest()


def test_a_wrong_secret_is_refused_by_the_gateway_and_retried(app, moment, gateway):
    server = gateway()
    queue(1)
    worker = Worker(SmsChannel(server.url, "not-the-secret"), QUICK)
    worker.drain()
    (message,) = messages()
    assert server.bad_signatures == 1 and not server.delivered
    assert (message.status, message.tries) == ("pending", 1)
    assert message.last_error == '网关答复 HTTP 401：{"ok": false}'


def test_the_backoff_doubles_with_jitter_up_to_its_cap():
    policy = Policy(base_seconds=30, max_seconds=3600)
    low = [backoff_seconds(n, policy, lambda a, b: a) for n in range(1, 10)]
    high = [backoff_seconds(n, policy, lambda a, b: b) for n in range(1, 10)]
    assert high == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert low == [h / 2 for h in high]
    assert all(low[n] <= backoff_seconds(n + 1, policy) <= high[n] for n in range(9))


def test_failed_tries_wait_longer_each_time(app, moment, gateway):
    server = gateway(fail_first=1000)
    queue(1)
    worker = sms_worker(server, Policy(max_tries=5, base_seconds=10, max_seconds=1000))
    waits = []
    for tries in range(1, 5):
        worker.drain()
        (message,) = messages()
        waits.append((message.next_at - clock.now()).total_seconds())
        moment.advance(waits[-1] - 1)
        worker.drain()   # nothing is tried early
        assert messages()[0].tries == tries
        moment.advance(1)
    assert [5 <= waits[0] <= 10, 10 <= waits[1] <= 20, 20 <= waits[2] <= 40, 40 <= waits[3] <= 80] \
        == [True] * 4, waits


def test_after_the_last_try_the_message_is_failed_and_the_manager_retries_it(
        app, client, login_as, moment, gateway):
    down = gateway(fail_first=10_000)
    queue(2)
    drain_until_settled(sms_worker(down), moment)
    failed = messages()
    assert [(m.status, m.tries) for m in failed] == [("failed", 4), ("failed", 4)]
    assert failed[0].last_error.startswith("网关答复 HTTP 503")

    login_as("manager")
    page = client.get("/notify/").get_data(as_text=True)
    assert "发送失败 2" in page and "网关答复 HTTP 503" in page and "重新发送" in page
    assert "139****0000" in page and phone_of(0) not in page
    assert 'href="/notify/"' in page   # the manager's navigation

    response = client.post(f"/notify/{failed[0].id}/retry")
    assert response.status_code == 302
    assert "已重新排入发送队列" in client.get("/notify/").get_data(as_text=True)
    from hall.audit.models import AuditEntry
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "notify.retry"))
    assert entry is not None and phone_of(0) not in entry.object_label + entry.before + entry.after
    assert "139****0000" in entry.object_label
    # A message that is not failed is not retried again.
    assert "无需重发" in client.post(f"/notify/{failed[0].id}/retry",
                                     follow_redirects=True).get_data(as_text=True)

    up = gateway()
    sms_worker(up).drain()
    assert [m.status for m in messages()] == ["sent", "failed"]
    assert set(up.delivered) == {failed[0].key}


def test_the_page_is_for_managers_only(app, client, login_as, moment):
    queue(1)
    login_as("staff")
    assert client.get("/notify/").status_code == 403
    assert client.post("/notify/1/retry").status_code == 403


def test_a_number_gets_at_most_its_hourly_allowance_and_the_rest_waits(app, moment, gateway):
    settings.update(Actor.system("test"), {"notify_per_phone_hour": 2})
    db.session.commit()
    server = gateway()
    keys = queue(5, phone="13800001111") + queue(1, prefix="other")
    worker = sms_worker(server)
    worker.drain()
    assert len(server.delivered) == 3   # two to the busy number, one to the other
    held = [m for m in messages() if m.status == "pending"]
    assert len(held) == 3 and all(m.tries == 0 for m in held)
    assert all(m.next_at == moment.now + timedelta(hours=1) for m in held)
    moment.advance(1800)
    worker.drain()
    assert len(server.delivered) == 3    # still within the hour
    moment.advance(1801)
    worker.drain()
    assert len(server.delivered) == 5
    moment.advance(3601)
    worker.drain()
    assert set(server.delivered) == set(keys) and server.duplicates() == {}
    sent = sorted(m.sent_at for m in messages() if m.phone == "13800001111")
    for n in range(len(sent) - 2):     # never three within one hour
        assert sent[n + 2] - sent[n] >= timedelta(hours=1)


def test_the_log_channel_writes_masked_numbers_only(app, moment, caplog, gateway):
    queue(3)
    with caplog.at_level(logging.INFO, logger="hall.notify"):
        Worker(LogChannel(), QUICK).drain()
        down = gateway(fail_first=100)
        queue(1, prefix="down")
        sms_worker(down).drain()
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "139****0000" in text and "139****0002" in text
    assert all(phone_of(n) not in text for n in range(3))
    assert "请A000号" not in text        # nor the text itself
    assert [m.status for m in messages()] == ["sent"] * 3 + ["pending"]


def test_the_channel_is_the_gateway_when_configured_else_the_log():
    assert isinstance(channels.from_config({}), LogChannel)
    chosen = channels.from_config({"SMS_URL": "https://sms.example.gov.cn/send?x=1",
                                   "SMS_SECRET": "s"})
    assert isinstance(chosen, SmsChannel) and chosen.path == "/send?x=1"
    with pytest.raises(ValueError):
        channels.from_config({"SMS_URL": "ftp://x"})


def test_an_unreachable_gateway_is_a_failed_try(app, moment):
    from tests.live import free_port
    queue(1)
    Worker(SmsChannel(f"http://127.0.0.1:{free_port()}/x", timeout=2), QUICK).drain()
    (message,) = messages()
    assert (message.status, message.tries) == ("pending", 1)
    assert message.last_error.startswith("网关无法连接")


def test_a_crashed_workers_claim_is_taken_up_after_its_lease(app, moment, gateway):
    from hall.notify.worker import claim
    queue(2)
    taken, _ = claim("dead-worker", clock.now(), QUICK)
    db.session.commit()
    assert len(taken) == 2
    server = gateway()
    worker = sms_worker(server)
    worker.drain()
    assert not server.delivered       # still leased
    moment.advance(QUICK.lease_seconds + 1)
    worker.drain()
    assert len(server.delivered) == 2 and all(m.status == "sent" for m in messages())


def test_producers_run_each_in_its_own_transaction(app, moment):
    from hall.notify import outbox

    def reminders(now):
        outbox.enqueue("booking_reminder", "13912345678", "【大厅】提醒", "reminder:1", now)

    def broken(now):
        outbox.enqueue("booking_reminder", "13912345679", "【大厅】提醒", "reminder:2", now)
        raise RuntimeError("bug")

    install_producers(app, [("broken", broken), ("reminders", reminders)])
    assert run_producers(app) == 1
    db.session.rollback()
    assert [m.key for m in messages()] == ["reminder:1"]


def test_the_command_drains_the_outbox_to_the_log(app, runner, moment):
    queue(3)
    result = runner.invoke(args=["notify", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "已发送 3 条" in result.output and "日志" in result.output
    assert [m.status for m in messages()] == ["sent"] * 3


def test_the_command_uses_the_gateway_when_configured(app, runner, moment):
    with StandInGateway(secret=SECRET) as server:
        app.config.update(SMS_URL=server.url, SMS_SECRET=SECRET)
        queue(2)
        result = runner.invoke(args=["notify", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "已发送 2 条" in result.output and "短信网关" in result.output
    assert len(server.delivered) == 2 and server.bad_signatures == 0


def test_the_sms_settings_are_read_from_the_environment_as_written(monkeypatch, tmp_path):
    from hall import create_app
    monkeypatch.setenv("HALL_SMS_URL", " https://sms.example.gov.cn/send ")
    monkeypatch.setenv("HALL_SMS_SECRET", "on")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SECRET_KEY": "x"})
    assert app.config["SMS_URL"] == "https://sms.example.gov.cn/send"
    assert app.config["SMS_SECRET"] == "on"


def test_a_stopped_worker_records_what_it_sent_and_leaves_the_rest_due(app, moment):
    class StopAfterTwo(LogChannel):
        sent = 0

        def send(self, message):
            self.sent += 1
            if self.sent == 2:
                worker.stop()
            return super().send(message)

    queue(5)
    worker = Worker(StopAfterTwo(), QUICK)
    total = worker.drain()
    assert (total.sent, total.returned) == (2, 3)
    assert [m.status for m in messages()] == ["sent", "sent", "pending", "pending", "pending"]
    assert all(m.next_at == moment.now and m.tries == 0 and m.claim is None
               for m in messages()[2:])


def test_a_batch_held_back_entirely_does_not_end_the_drain(app, moment, gateway):
    settings.update(Actor.system("test"), {"notify_per_phone_hour": 1})
    db.session.commit()
    server = gateway()
    queue(3, phone="13800001111")            # one sent, then two batches held back entirely
    moment.advance(1)
    queue(2, prefix="later")                 # due after them
    worker = sms_worker(server, Policy(batch=1))
    total = worker.drain()
    assert (total.sent, total.held) == (3, 2)
    assert len(server.delivered) == 3

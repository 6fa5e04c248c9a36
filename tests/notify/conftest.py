"""The outbox's fixtures: a stand-in gateway, a quick retry policy, a clock that moves."""
from datetime import UTC, datetime, timedelta

import pytest

from hall.core import clock
from hall.core.extensions import db
from hall.notify import outbox
from hall.notify.channels import SmsChannel
from hall.notify.worker import Policy, Worker
from tests.notify.gateway import StandInGateway

SECRET = "gateway-test-secret"
START = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)   # 09:00 in the hall
QUICK = Policy(max_tries=4, base_seconds=10, max_seconds=60, batch=20, idle_seconds=0.01)


@pytest.fixture
def moment():
    """The frozen clock; `moment.advance(seconds)` moves it on."""
    class Moment:
        now = START

        def advance(self, seconds: float) -> datetime:
            self.now += timedelta(seconds=seconds)
            clock.freeze(self.now)
            return self.now

    clock.freeze(START)
    yield Moment()
    clock.freeze(None)


@pytest.fixture
def gateway():
    """gateway(fail_first=K, delay=s): a started stand-in gateway checking the signature."""
    started = []

    def start(**options) -> StandInGateway:
        server = StandInGateway(secret=SECRET, **options).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def sms_worker(server: StandInGateway, policy: Policy = QUICK) -> Worker:
    return Worker(SmsChannel(server.url, SECRET, timeout=5), policy, sleep=lambda s: None)


def phone_of(n: int) -> str:
    return f"139{n:08d}"


def queue(count: int, *, phone: str | None = None, kind: str = "ticket_called",
          prefix: str = "t") -> list[str]:
    """Enqueue `count` messages (one number each unless `phone`) and commit; their keys."""
    keys = []
    for n in range(count):
        key = f"{prefix}:{n}"
        assert outbox.enqueue(kind, phone or phone_of(n), f"【测试大厅】请A{n:03d}号到3号窗口办理。",
                              key, clock.now())
        keys.append(key)
    db.session.commit()
    return keys


def drain_until_settled(worker: Worker, moment, rounds: int = 50) -> int:
    """Run the worker, moving the clock past each backoff, until nothing is left to send."""
    from hall.notify import services
    for round_no in range(rounds):
        worker.drain()
        waiting = services.counts()
        if waiting["pending"] == 0 and waiting["sending"] == 0:
            return round_no
        moment.advance(worker.policy.max_seconds + 1)
    raise AssertionError(f"still waiting after {rounds} rounds: {services.counts()}")

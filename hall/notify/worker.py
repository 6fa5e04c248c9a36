"""The worker that empties the outbox: claim due messages, send them, record what happened.

One step: claim a batch (one short transaction), send each message outside any transaction,
record the outcomes (one more). Claiming moves rows to `sending` with a lease; a worker that
dies mid-batch leaves rows whose lease runs out, and the next claim takes them up again (the
gateway sees the same id, the message's key, and may drop the repeat).

Two workers never send the same row: claims are serialized (PostgreSQL: a transaction-scoped
advisory lock, and the rows themselves read FOR UPDATE SKIP LOCKED so a row a page is
retrying is passed over; SQLite: its single writer, the claim's first statement being an
UPDATE); a worker records outcomes only on rows still holding its claim token, and it sends
only during the first half of its lease, so a live worker's rows are never taken over.

The per-phone limit (setting notify_per_phone_hour) is judged inside that serialized claim on
what was sent in the last hour and what other workers hold in flight: a message over the
limit goes back to pending until the oldest of those sends is an hour old. It waits; it is
never dropped. A failed send is tried again after an exponential backoff with jitter, and
after `max_tries` it is marked failed for the manager (消息通知 page) to see and retry.

Periodic producers (appointment reminders, the no-show sweep) are registered by the wiring
in `app.extensions[PRODUCERS]` and run about every 30 s inside the loop, each in its own
transaction.
"""
import logging
import random
import secrets
import signal
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import DBAPIError

from hall.core import clock
from hall.core.extensions import db
from hall.core.masking import scrub
from hall.core.retry import is_transient
from hall.notify.channels import Delivery, Outgoing
from hall.notify.models import ERROR_LENGTH, OutboxMessage
from hall.settings import services as settings

PRODUCERS = "hall_notify_producers"
PRODUCER_SECONDS = 30
CLAIM_LOCK = 0x68616C6C6E6F74   # the advisory lock that serializes claims on PostgreSQL
GATEWAY_DOWN_AFTER = 3          # failures in a row that stop a batch: the gateway looks down
HOUR = timedelta(hours=1)
RECORD_SECONDS = 60             # how long recording a sent batch is tried again
log = logging.getLogger("hall.notify")

_OUTBOX = OutboxMessage.__table__


@dataclass(frozen=True)
class Policy:
    """How the worker paces itself; the defaults suit a real gateway, tests and the bench
    shorten the delays (app.config NOTIFY_* or arguments)."""

    max_tries: int = 12             # about 5 hours of retries at the defaults below
    base_seconds: float = 30.0      # the first retry's delay; doubled after each failure
    max_seconds: float = 3600.0     # a retry waits at most this long
    batch: int = 50                 # messages per claim
    lease_seconds: float = 300.0    # a claim's hold; another worker takes over after it
    idle_seconds: float = 1.0       # sleep when nothing is due

    @classmethod
    def from_config(cls, config, **overrides) -> "Policy":
        names = {"max_tries": "NOTIFY_MAX_TRIES", "base_seconds": "NOTIFY_BACKOFF_SECONDS",
                 "max_seconds": "NOTIFY_BACKOFF_MAX_SECONDS", "batch": "NOTIFY_BATCH",
                 "lease_seconds": "NOTIFY_LEASE_SECONDS", "idle_seconds": "NOTIFY_IDLE_SECONDS"}
        values = {name: type(getattr(cls, name))(config[key])
                  for name, key in names.items() if key in config}
        return cls(**{**values, **{k: v for k, v in overrides.items() if v is not None}})


def backoff_seconds(tries: int, policy: Policy, rand: Callable[[float, float], float]
                    = random.uniform) -> float:
    """The wait after the `tries`-th failed try: base·2^(tries-1), capped, with equal jitter
    (half fixed, half random) so that messages failed together do not return together."""
    delay = min(policy.max_seconds, policy.base_seconds * 2 ** max(0, tries - 1))
    return delay / 2 + rand(0, delay / 2)


@dataclass
class Step:
    """What one step did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    gave_up: int = 0
    held: int = 0          # over the per-phone limit: back to pending, later
    returned: int = 0      # not tried (the gateway looked down, or the worker stops)
    gateway_down: bool = False


@dataclass
class _Outcomes:
    sent: list[int] = field(default_factory=list)
    failed: list[tuple[Outgoing, str]] = field(default_factory=list)
    untried: list[int] = field(default_factory=list)
    gateway_down: bool = False   # why the untried were not tried: they wait a while


# --- claiming -----------------------------------------------------------------------------------


def claim(token: str, now: datetime, policy: Policy) -> tuple[list[Outgoing], int]:
    """Take up to `policy.batch` due messages for this worker; (messages to send now, held
    back by the per-phone limit). Runs in the caller's transaction, which must commit."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(CLAIM_LOCK)))
    # A dead worker's rows first go back to pending, so that the claim below is one walk
    # of the (status, next_at) index in order, stopping after the batch.
    connection.execute(update(_OUTBOX).where(_OUTBOX.c.status == "sending",
                                             _OUTBOX.c.lease_until < now)
                       .values(status="pending", claim=None, lease_until=None))
    chosen = (select(_OUTBOX.c.id)
              .where(_OUTBOX.c.status == "pending", _OUTBOX.c.next_at <= now)
              .order_by(_OUTBOX.c.next_at).limit(policy.batch)
              .with_for_update(skip_locked=True))
    rows = connection.execute(
        update(_OUTBOX).where(_OUTBOX.c.id.in_(chosen.scalar_subquery()))
        .values(status="sending", claim=token,
                lease_until=now + timedelta(seconds=policy.lease_seconds))
        .returning(_OUTBOX.c.id, _OUTBOX.c.key, _OUTBOX.c.kind, _OUTBOX.c.phone,
                   _OUTBOX.c.text)).all()
    claimed = sorted((Outgoing(*row) for row in rows), key=lambda message: message.id)
    limit = int(settings.get("notify_per_phone_hour") or 0)
    if limit <= 0 or not claimed:
        return claimed, 0
    allowed, held = _within_phone_limit(claimed, token, now, limit)
    return allowed, held


def _within_phone_limit(claimed: list[Outgoing], token: str, now: datetime,
                        limit: int) -> tuple[list[Outgoing], int]:
    """Keep the messages each number may still receive this hour; put the others back."""
    phones = {message.phone for message in claimed}
    # When each counted send happened: sent ones at their time; those in flight elsewhere
    # and those this batch is about to send, now.
    counted = _recent_sends(phones, now)
    for phone, in_flight in _in_flight_elsewhere(phones, token, now):
        counted[phone].extend([now] * in_flight)
    allowed, held = [], defaultdict(list)
    for message in claimed:
        if len(counted[message.phone]) < limit:
            counted[message.phone].append(now)
            allowed.append(message)
        else:
            held[message.phone].append(message.id)
    for phone, ids in held.items():
        # Free again when the oldest counted send is an hour old.
        wait_until = max(min(counted[phone]) + HOUR, now + timedelta(seconds=1))
        db.session.execute(update(_OUTBOX).where(_OUTBOX.c.id.in_(ids))
                           .values(status="pending", claim=None, lease_until=None,
                                   next_at=wait_until))
    return allowed, sum(len(ids) for ids in held.values())


def _recent_sends(phones: set[str], now: datetime) -> dict[str, list[datetime]]:
    rows = db.session.execute(select(_OUTBOX.c.phone, _OUTBOX.c.sent_at).where(
        _OUTBOX.c.phone.in_(phones), _OUTBOX.c.status == "sent",
        _OUTBOX.c.sent_at > now - HOUR))
    times = defaultdict(list)
    for phone, sent_at in rows:
        times[phone].append(sent_at)
    return times


def _in_flight_elsewhere(phones: set[str], token: str, now: datetime):
    return db.session.execute(select(_OUTBOX.c.phone, func.count()).where(
        _OUTBOX.c.phone.in_(phones), _OUTBOX.c.status == "sending",
        _OUTBOX.c.claim != token, _OUTBOX.c.lease_until >= now).group_by(_OUTBOX.c.phone))


# --- recording ----------------------------------------------------------------------------------


def record_outcomes(token: str, outcomes: _Outcomes, now: datetime, policy: Policy,
                    rand=random.uniform) -> tuple[int, int]:
    """Write what the sends did; (retried later, given up). Only rows this claim still holds
    change. Runs in the caller's transaction."""
    mine = _OUTBOX.c.claim == token
    released = {"claim": None, "lease_until": None}
    if outcomes.sent:
        db.session.execute(update(_OUTBOX).where(_OUTBOX.c.id.in_(outcomes.sent), mine)
                           .values(status="sent", sent_at=now, tries=_OUTBOX.c.tries + 1,
                                   last_error="", **released))
    if outcomes.untried:
        wait = backoff_seconds(1, policy, rand) if outcomes.gateway_down else 0
        db.session.execute(update(_OUTBOX).where(_OUTBOX.c.id.in_(outcomes.untried), mine)
                           .values(status="pending", **released,
                                   next_at=now + timedelta(seconds=wait)))
    retried = gave_up = 0
    failed_ids = [message.id for message, _ in outcomes.failed]
    tries = dict(db.session.execute(select(_OUTBOX.c.id, _OUTBOX.c.tries)
                                    .where(_OUTBOX.c.id.in_(failed_ids), mine)).all())
    for message, error in outcomes.failed:
        if message.id not in tries:
            continue
        count = tries[message.id] + 1
        values = {"tries": count, "last_error": error[:ERROR_LENGTH], **released}
        if count >= policy.max_tries:
            values["status"] = "failed"
            gave_up += 1
        else:
            values["status"] = "pending"
            values["next_at"] = now + timedelta(seconds=backoff_seconds(count, policy, rand))
            retried += 1
        db.session.execute(update(_OUTBOX).where(_OUTBOX.c.id == bindparam("mid"), mine)
                           .values(**values), {"mid": message.id})
    return retried, gave_up


# --- the loop -----------------------------------------------------------------------------------


class Worker:
    """One worker process's loop around a channel (channels.from_config)."""

    def __init__(self, channel, policy: Policy | None = None, *, app=None,
                 sleep: Callable[[float], None] = time.sleep):
        self.channel = channel
        self.policy = policy or Policy()
        self.app = app
        self.sleep = sleep
        self.stopping = False
        self._producers_due = 0.0

    def stop(self, *args) -> None:
        """Finish the message in hand, record the batch, then leave the loop."""
        self.stopping = True

    def step(self) -> Step:
        """Claim, send and record one batch."""
        token = secrets.token_hex(16)
        with _transaction():
            messages, held = claim(token, clock.now(), self.policy)
        outcomes = self._send_all(messages)
        step = Step(claimed=len(messages) + held, held=held, sent=len(outcomes.sent),
                    returned=len(outcomes.untried))
        step.gateway_down = outcomes.gateway_down
        step.retried, step.gave_up = self._record(token, outcomes)
        for message, error in outcomes.failed:
            log.warning("短信 #%s（%s）发送失败：%s", message.id, message.kind, scrub(error))
        return step

    def _record(self, token: str, outcomes: _Outcomes) -> tuple[int, int]:
        """Record the batch, trying again for a while if the database is briefly away: what
        was sent must not wait for its lease and go out a second time."""
        deadline = time.monotonic() + RECORD_SECONDS
        while True:
            try:
                with _transaction():
                    return record_outcomes(token, outcomes, clock.now(), self.policy)
            except DBAPIError as exc:
                if not is_transient(exc) or time.monotonic() > deadline:
                    raise
                self.sleep(0.2)

    def _send_all(self, messages: list[Outgoing]) -> _Outcomes:
        outcomes = _Outcomes()
        started = time.monotonic()
        failures_in_a_row = 0
        for index, message in enumerate(messages):
            # Stop before the lease runs out (another worker would take the rest up) and
            # when the gateway looks down: the rest wait without using a try.
            outcomes.gateway_down = failures_in_a_row >= GATEWAY_DOWN_AFTER
            if (self.stopping or outcomes.gateway_down
                    or time.monotonic() - started > self.policy.lease_seconds / 2):
                outcomes.untried.extend(m.id for m in messages[index:])
                break
            delivery = self._send(message)
            if delivery.delivered:
                outcomes.sent.append(message.id)
                failures_in_a_row = 0
            else:
                outcomes.failed.append((message, delivery.error))
                failures_in_a_row += 1
        outcomes.gateway_down = failures_in_a_row >= GATEWAY_DOWN_AFTER
        return outcomes

    def _send(self, message: Outgoing) -> Delivery:
        try:
            return self.channel.send(message)
        except Exception as exc:   # a channel's bug must not lose the batch's records
            log.exception("短信 #%s：发送通道出错", message.id)
            return Delivery(False, f"发送通道出错：{type(exc).__name__}")

    def drain(self) -> Step:
        """Send everything due now (`notify run --once`); totals of the steps."""
        total = Step()
        try:
            while not self.stopping:
                self.run_producers_if_due()
                step = self.safe_step()
                if step is None:
                    continue
                _add(total, step)
                if step.gateway_down or not _progressed(step):
                    break
        finally:
            self.channel.close()
        return total

    def run(self) -> None:
        """The service's loop: until stop() (SIGTERM, SIGINT)."""
        try:
            while not self.stopping:
                self.run_producers_if_due()
                step = self.safe_step()
                if step is None:
                    continue
                if step.gateway_down:
                    self.sleep(min(self.policy.max_seconds, self.policy.base_seconds))
                elif not _progressed(step):
                    self.sleep(self.policy.idle_seconds)
        finally:
            self.channel.close()

    def safe_step(self) -> Step | None:
        """One step; None (after a pause) when the database was briefly unavailable (locked,
        restarting): the claimed rows' lease brings them back."""
        try:
            return self.step()
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            _recover()
            log.warning("消息通知：数据库暂不可用（%s），稍后重试", type(exc.orig).__name__)
            self.sleep(min(5.0, self.policy.idle_seconds * 5))
            return None

    def run_producers_if_due(self) -> None:
        if time.monotonic() < self._producers_due:
            return
        self._producers_due = time.monotonic() + PRODUCER_SECONDS
        run_producers(self.app or current_app)

    def install_signals(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)


def _progressed(step: Step) -> bool:
    """Did the step settle any message or put one off (so more may be due at once)?"""
    return step.sent + step.retried + step.gave_up + step.held > 0


def _add(total: Step, step: Step) -> None:
    for name in ("claimed", "sent", "retried", "gave_up", "held", "returned"):
        setattr(total, name, getattr(total, name) + getattr(step, name))
    total.gateway_down = total.gateway_down or step.gateway_down


class _transaction:
    """The worker's boundary: commit the block, or roll it back and let the error go on."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None:
            db.session.commit()
        else:
            _recover()
        return False


def _recover() -> None:
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.remove()


# --- periodic producers ------------------------------------------------------------------------


def install_producers(app, producers) -> None:
    """The wiring's producers: (name, function(now)) pairs the loop calls every ~30 s."""
    app.extensions[PRODUCERS] = list(producers)


def run_producers(app) -> int:
    """Call each producer in its own transaction; one that fails is logged and skipped, the
    others still run. Returns how many succeeded."""
    done = 0
    for name, produce in app.extensions.get(PRODUCERS, []):
        try:
            with _transaction():
                produce(clock.now())
            done += 1
        except Exception as exc:
            log.warning("消息通知：定时任务 %s 出错（%s）", name, type(exc).__name__)
    return done

"""History for the dashboard benchmark: years of tickets, cases, ratings and follow-ups of
the demo hall, generated in Python and written in bulk (not through the services).

Each working day gets its tickets by the hour in every category, served at the windows
that serve it; about a third of the served tickets lead to a case for one of the window's
items, with its deadline on the hall's working-day calendar. A case closes early, on its due
day or late (with its 超期说明) as planned, unless that lies after the benchmark's "now": then
it is still open, and yellow or red by the same rules the application applies. 40% of the
services are rated, a few cases too; every 差评 has its follow-up.
"""
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bench.dashboard_calendar import Calendar
from hall.demo.simulation import people
from hall.demo.simulation.queue_day import HOURLY_SHARE
from hall.demo.simulation.run import WEEKDAY_LOAD

UTC = UTC
LEVELS, LEVEL_WEIGHTS = (5, 4, 3, 2, 1), (70, 21, 6, 2, 1)
OUTCOMES = ((0.02, "withdrawn"), (0.03, "rejected"), (0.06, "late"), (0.55, "early"))

COLUMNS = {
    "ticket": ("id", "category_id", "issued_category_id", "day", "seq", "number", "token",
               "priority", "rank", "queued_at", "status", "issued_at", "window_id", "staff_id",
               "called_at", "started_at", "finished_at", "recalls", "requeues"),
    "ticket_counter": ("category_id", "day", "last_seq"),
    "case": ("id", "case_no", "query_code", "token", "item_id", "kind", "promised_days",
             "legal_days", "applicant_type", "applicant_name", "id_number", "credit_code",
             "contact", "phone", "window_id", "staff_id", "ticket_id", "status", "created_at",
             "accepted_at", "clock_start_on", "paused_workdays", "extension_days", "due_date",
             "legal_due_date", "yellow_from", "calendar_missing_year", "frozen_warning",
             "refusal_reason", "closed_at", "closed_on", "result", "result_note",
             "overdue_reason", "workdays_used", "closed_on_time", "closed_early"),
    "case_counter": ("day", "last_seq"),
    "case_pause": ("id", "case_id", "reason", "note", "started_at", "started_on", "ended_at",
                   "ended_on", "workdays"),
    "rating": ("id", "ticket_id", "case_id", "level", "reasons", "comment", "channel",
               "window_id", "staff_id", "department_id", "item_id", "created_at"),
    "follow_up": ("id", "rating_id", "status", "callback_due", "fix_due", "callback_at",
                  "callback_note", "callback_by", "result_at", "result_note", "result_by"),
}
ORDER = ("ticket", "ticket_counter", "case", "case_counter", "case_pause", "rating", "follow_up")


@dataclass
class Catalogue:
    """The demo hall as plain tuples: what the generator draws from."""

    region: str
    categories: list            # (id, prefix, weight, mean minutes)
    windows: dict               # category id -> [(window id, staff id, single department id)]
    items: dict                 # (window id, category id) -> [(id, department id, promised, legal)]
    yellow_ratio: float = 0.2
    yellow_min: int = 1


@dataclass
class Ids:
    ticket: int = 0
    case: int = 0
    pause: int = 0
    rating: int = 0
    follow_up: int = 0


@dataclass
class Batch:
    rows: dict = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, row: tuple) -> None:
        self.rows[table].append(row)


class History:
    """Generates one working day at a time into a Batch."""

    def __init__(self, catalogue: Catalogue, calendar: Calendar, zone, now: datetime,
                 tickets_per_day: float, case_share: float, seed: int = 1):
        self.cat, self.cal, self.zone = catalogue, calendar, zone
        self.now = now.astimezone(UTC).replace(tzinfo=None)
        self.today = now.astimezone(zone).date()
        self.per_day, self.case_share = tickets_per_day, case_share
        self.rng = random.Random(seed)
        self.ids = Ids()
        self._midnight: dict = {}
        self.people = [people.applicant(self.rng, "62052400MZJ-GG-0001") for _ in range(400)]
        self.orgs = [people.applicant(self.rng, "62052400SCJ-XK-0001") for _ in range(400)]
        self.orgs = [a for a in self.orgs if a["type"] == "org"]

    def utc(self, day: date, hour: int, minutes: float) -> datetime:
        """A local time of a day as naive UTC (the hall's zone has no summer time)."""
        base = self._midnight.get(day)
        if base is None:
            local = datetime.combine(day, time(0), self.zone)
            base = self._midnight[day] = local.astimezone(UTC).replace(tzinfo=None)
        return base + timedelta(hours=hour, minutes=minutes)

    def office(self, day: date) -> datetime:
        return self.utc(day, 9, self.rng.uniform(5, 8 * 60 + 15))

    # --- tickets -------------------------------------------------------------------------

    def day(self, day: date, batch: Batch) -> None:
        rng = self.rng
        count = round(self.per_day * WEEKDAY_LOAD[day.weekday()] * rng.uniform(0.9, 1.1))
        categories = rng.choices(self.cat.categories, [c[2] for c in self.cat.categories], k=count)
        hours = rng.choices(list(HOURLY_SHARE), list(HOURLY_SHARE.values()), k=count)
        seqs: dict = defaultdict(int)
        cases = 0
        for category, hour in zip(categories, hours):
            seqs[category[0]] += 1
            ticket = self.ticket(day, category, seqs[category[0]], hour)
            batch.add("ticket", ticket)
            if ticket[10] == "done":
                if rng.random() < self.case_share:
                    cases += 1
                    self.case(day, cases, ticket, category[0], batch)
                if rng.random() < 0.4:
                    self.ticket_rating(ticket, batch)
        for category_id, last in seqs.items():
            batch.add("ticket_counter", (category_id, day, last))
        if cases:
            batch.add("case_counter", (day, cases))

    def ticket(self, day: date, category, seq: int, hour: int) -> tuple:
        rng, ids = self.rng, self.ids
        ids.ticket += 1
        category_id, prefix, _, minutes = category
        window_id, staff_id, _ = rng.choice(self.cat.windows[category_id])
        issued = self.utc(day, hour, rng.random() * 60)
        called = issued + timedelta(minutes=min(150.0, rng.expovariate(1 / 12)))
        priority = rng.random() < 0.02
        if rng.random() < 0.04:
            status, started, finished = "no_show", None, called + timedelta(minutes=1)
        else:
            started = called + timedelta(seconds=rng.uniform(15, 90))
            service = max(1.0, rng.lognormvariate(0, 0.4) * minutes)
            status, finished = "done", started + timedelta(minutes=service)
        return (ids.ticket, category_id, category_id, day, seq, f"{prefix}{seq:03d}",
                f"h{ids.ticket}", priority, 2 if priority else 0, issued, status, issued,
                window_id, staff_id, called, started, finished, 0, 0)

    def ticket_rating(self, ticket: tuple, batch: Batch) -> None:
        window_id, staff_id = ticket[12], ticket[13]
        department = next((d for w, _, d in self.cat.windows[ticket[1]] if w == window_id), None)
        at = ticket[16] + timedelta(seconds=self.rng.uniform(20, 150))
        channel = "evaluator" if self.rng.random() < 0.85 else "qr"
        self.rating((ticket[0], None), (window_id, staff_id, department, None), at,
                    channel, batch)

    def rating(self, subject, where, at: datetime, channel: str, batch: Batch) -> None:
        if at > self.now:
            return
        day = at.replace(tzinfo=UTC).astimezone(self.zone).date()
        self.ids.rating += 1
        level = self.rng.choices(LEVELS, LEVEL_WEIGHTS)[0]
        reasons = "等候时间长" if level <= 2 else ""
        batch.add("rating", (self.ids.rating, *subject, level, reasons, "", channel, *where, at))
        if level <= 2:
            self.follow_up(day, at, batch)

    def follow_up(self, day: date, at: datetime, batch: Batch) -> None:
        self.ids.follow_up += 1
        callback_due, fix_due = self.cal.add(day, 1), self.cal.add(day, 15)
        called = self.office(self.cal.loose(day, self.rng.randint(0, 1)))
        fixed = self.office(self.cal.loose(day, self.rng.randint(2, 14)))
        status = ("closed" if fixed <= self.now else
                  "called_back" if called <= self.now and self.rng.random() < 0.8 else "open")
        called_at = max(called, at) if status != "open" else None
        done_at = max(fixed, at) if status == "closed" else None
        batch.add("follow_up", (
            self.ids.follow_up, self.ids.rating, status, callback_due, fix_due, called_at,
            "已电话回访" if called_at else "", "manager" if called_at else "",
            done_at, "已整改" if done_at else "", "manager" if done_at else ""))

    # --- cases ---------------------------------------------------------------------------

    def case(self, day: date, seq: int, ticket: tuple, category_id: int, batch: Batch) -> None:
        rng, ids = self.rng, self.ids
        ids.case += 1
        window_id, staff_id = ticket[12], ticket[13]
        item = rng.choice(self.cat.items[(window_id, category_id)])
        accepted = ticket[15] + timedelta(minutes=rng.uniform(1, 4))
        applicant = rng.choice(self.orgs if rng.random() < 0.35 else self.people)
        head = (ids.case, f"{self.cat.region}{day:%Y%m%d}{seq:04d}",
                f"{rng.randrange(10**6):06d}", f"c{ids.case}", item[0],
                "immediate" if item[2] == 0 else "promised", item[2], item[3],
                applicant["type"], applicant["name"], applicant.get("id_number", ""),
                applicant.get("credit_code", ""), applicant.get("contact", ""),
                applicant["phone"], window_id, staff_id, ticket[0])
        roll = rng.random()
        if roll < 0.015:
            tail = self.unaccepted("not_accepted", accepted, "申请人不具备申请资格")
        elif roll < 0.03:
            tail = self.unaccepted("awaiting_supplement", accepted, "")
        elif item[2] == 0:
            tail = self.immediate(day, accepted)
        else:
            tail = self.promised(day, accepted, item, batch)
        batch.add("case", head + tail)
        if tail[12] is not None and rng.random() < 0.05:       # closed_at: rated by QR
            at = tail[12] + timedelta(minutes=rng.uniform(10, 240))
            self.rating((None, ids.case), (window_id, staff_id, item[1], item[0]), at,
                        "qr", batch)

    @staticmethod
    def unaccepted(status: str, at: datetime, reason: str) -> tuple:
        return (status, at, None, None, 0, 0, None, None, None, None, None, reason,
                None, None, None, "", "", None, None, None)

    def immediate(self, day: date, accepted: datetime) -> tuple:
        closed = accepted + timedelta(minutes=self.rng.uniform(2, 10))
        result = "approved" if self.rng.random() < 0.98 else "rejected"
        if closed > self.now:
            return ("in_progress", accepted, accepted, day, 0, 0, day, day, None, None, None,
                    "", None, None, None, "", "", None, None, None)
        return ("closed", accepted, accepted, day, 0, 0, day, day, None, None, None, "",
                closed, day, result, "经审查不符合法定条件" if result == "rejected" else "", "",
                0, True, False)

    def promised(self, day: date, accepted: datetime, item: tuple, batch: Batch) -> tuple:
        rng, promised, legal = self.rng, item[2], item[3]
        pause = None
        if rng.random() < 0.1:
            begins = self.cal.loose(day, rng.randint(1, max(1, promised // 2)))
            pause = (begins, rng.randint(1, 5))
        ends = self.cal.loose(pause[0], pause[1]) if pause else None
        paused = pause[1] if pause and ends <= self.today else 0
        due = self.cal.add(day, promised + (pause[1] if pause else 0))
        close_day = self.close_day(day, due or self.cal.loose(day, promised), ends, rng)
        closed = self.office(close_day)
        if pause and pause[0] <= self.today:
            self.pause_row(pause, ends, batch)
        if closed > self.now:
            return self.still_open(day, accepted, promised, legal, pause, ends)
        return self.closed(day, accepted, promised, legal, paused, due, close_day, closed)

    def close_day(self, day: date, due: date, pause_ends: date | None, rng) -> date:
        roll, outcome = rng.random(), "due"
        for share, name in OUTCOMES:
            if roll < share:
                outcome = name
                break
            roll -= share
        first = self.cal.loose(pause_ends or day, 1)
        if outcome == "late":
            return self.cal.loose(due, rng.randint(1, 5))
        room = self.cal.between(first, due)
        if outcome == "due" or room < 1:
            return max(due, first)
        return self.cal.loose(first, rng.randint(0, room - 1))

    def dates(self, day: date, promised: int, legal: int, paused: int):
        """due, legal due, yellow from and the missing year, as deadlines.recompute sets them."""
        due, missing = self.cal.add_or_missing(day, promised + paused)
        legal_due, legal_missing = self.cal.add_or_missing(day, legal + paused)
        if missing or legal_missing:
            return None, None, None, missing or legal_missing
        threshold = max(self.cat.yellow_min, math.floor(self.cat.yellow_ratio * promised))
        return due, max(legal_due, due), self.cal.yellow_from(due, threshold), None

    def closed(self, day, accepted, promised, legal, paused, due, close_day, closed) -> tuple:
        due, legal_due, yellow, missing = self.dates(day, promised, legal, paused)
        late = due is not None and close_day > due
        result = self.rng.choices(("approved", "rejected", "withdrawn"), (95, 3, 2))[0]
        used = max(0, self.cal.between(day, close_day) - paused)
        return ("closed", accepted, accepted, day, paused, 0, due, legal_due, yellow, missing,
                None, "", closed, close_day, result,
                "现场核查与申请材料不符" if result == "rejected" else "",
                "需会同相关部门联合审查，协调耗时较长" if late else "", used, not late,
                bool(due and not late and close_day < due))

    def still_open(self, day, accepted, promised, legal, pause, ends) -> tuple:
        suspended = pause is not None and pause[0] <= self.today < ends
        paused = pause[1] if pause and ends <= self.today else 0
        due, legal_due, yellow, missing = self.dates(day, promised, legal, paused)
        frozen = None
        if suspended:
            frozen = "yellow" if yellow and yellow <= pause[0] else "green"
            frozen = "red" if due and due < pause[0] else frozen
        return ("suspended" if suspended else "in_progress", accepted, accepted, day, paused,
                0, due, legal_due, yellow, missing, frozen, "", None, None, None, "", "",
                None, None, None)

    def pause_row(self, pause, ends: date, batch: Batch) -> None:
        self.ids.pause += 1
        started = self.utc(pause[0], 10, 0)
        ended = self.utc(ends, 10, 0) if ends <= self.today else None
        batch.add("case_pause", (self.ids.pause, self.ids.case, "supplement", "补正材料",
                                 started, pause[0], ended, ends if ended else None,
                                 pause[1] if ended else None))

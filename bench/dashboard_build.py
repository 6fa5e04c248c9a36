"""Builds (or finds) the dashboard benchmark's database on SQLite or PostgreSQL.

The demo hall is loaded by `flask demo`; the history (bench/dashboard_data.py) is written in
bulk, by executemany on one raw sqlite3 connection or by COPY through psycopg; then today,
up to the benchmark's "now" (15:00 on the last working day), is simulated through the real
services (hall/demo/simulation), so the live day has its audit entries, events and window states.
The finished database carries a `bench_meta` table and is reused by later runs.
"""
import json
import os
import sqlite3
import subprocess
import sys
import time as timer
from datetime import UTC, datetime, time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "host=127.0.0.1 user=postgres"
PASSWORD = "Hall-Figures-2026"
CHUNK_DAYS = 20


def url_for(engine: str, args) -> str:
    if engine == "sqlite":
        return f"sqlite:///{Path(args.db_path).resolve()}"
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{args.pg_name}"


def read_meta(url: str) -> dict | None:
    """The finished build's description, or None when there is none."""
    from sqlalchemy import create_engine
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT value FROM bench_meta WHERE key = 'build'")).first()
    except Exception:       # no database, no table: not built
        return None
    finally:
        engine.dispose()
    return json.loads(row[0]) if row else None


def reset(engine: str, args) -> None:
    """An empty database where the benchmark's one was."""
    if engine == "sqlite":
        path = Path(args.db_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg
    with psycopg.connect(f"{PG_SERVER} dbname=postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {args.pg_name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {args.pg_name}")


def load_demo(url: str) -> None:
    env = {**os.environ, "HALL_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "hall", "demo"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def upgrade(url: str) -> None:
    """Apply migrations written since the database was built (new indexes, say)."""
    env = {**os.environ, "HALL_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "hall", "init-db"], cwd=ROOT,
                   env=env, check=True, capture_output=True)


def build(engine: str, args, log=print) -> dict:
    """Make the database from scratch; returns its description."""
    url = url_for(engine, args)
    began = timer.monotonic()
    reset(engine, args)
    load_demo(url)
    from hall import create_app
    from hall.core import clock
    from hall.core.extensions import db
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        now, ids = _history(engine, args, log)
        log("今天（截至基准时刻）按真实服务模拟……")
        from hall.demo.simulation import simulate
        clock.freeze(now)
        try:
            simulate(1, start=clock.local(now).date(), seed=args.seed,
                     arrivals=args.today_arrivals, progress=log)
        finally:
            clock.freeze(None)
        meta = {"now": now.isoformat(), "counts": _counts(),
                "build_seconds": round(timer.monotonic() - began), "engine": engine,
                "history_ids": ids}
        _store_meta(meta)
        db.session.commit()
        db.engine.dispose()
    return meta


def _history(engine: str, args, log) -> tuple[datetime, dict]:
    """Seat the staff, then write the years before today in bulk."""
    from dataclasses import asdict

    from bench.dashboard_data import Batch, History
    from hall.core.extensions import db
    from hall.demo.simulation.staff import seat_staff
    _bench_user()
    seat_staff()
    db.session.commit()
    catalogue, calendar, zone = _catalogue(), _calendar(args.years), _zone()
    now = _bench_now(calendar, zone)
    days = calendar.days.before(now.astimezone(zone).date(), round(args.years * 250))
    share = args.cases / (args.tickets * 0.96)
    history = History(catalogue, calendar, zone, now, args.tickets / len(days), share, args.seed)
    db.session.remove()
    sink = SqliteSink(args.db_path) if engine == "sqlite" else PgSink(args.pg_name)
    for first in range(0, len(days), CHUNK_DAYS):
        batch = Batch()
        for day in days[first:first + CHUNK_DAYS]:
            history.day(day, batch)
        sink.write(batch)
        log(f"  {days[min(first + CHUNK_DAYS, len(days)) - 1]}：已写入 {history.ids.ticket} 张号票、"
            f"{history.ids.case} 件办件、{history.ids.rating} 条评价")
    sink.finish()
    _attribute_tickets()
    return now, asdict(history.ids)


def _attribute_tickets() -> None:
    """The bulk-written tickets' department and item, as the application stores them when a
    window calls a ticket and when its first case is accepted (migration 0017's backfill)."""
    from hall.core.extensions import db
    from hall.queue.attribution import backfill
    with db.engine.begin() as connection:
        backfill(connection)


def _bench_user() -> None:
    from hall.auth.services import create_user
    from hall.core import clock
    from hall.core.actor import Actor
    create_user(Actor.system("bench"), clock.now(), username="bench", role="manager",
                password=PASSWORD, must_change=False, name="基准测试")


def _zone():
    from hall.core import clock
    return clock.hall_zone()


def _calendar(years: float):
    """The calendar from a year before the history to two years after today."""
    from datetime import date, timedelta

    from bench.dashboard_calendar import Calendar
    from hall.calendar.services import load_calendar
    today = date.today()
    return Calendar(load_calendar(), today - timedelta(days=round(366 * (years + 1))),
                    today + timedelta(days=730))


def _bench_now(calendar, zone) -> datetime:
    """15:00 on the last working day up to today: the live day the dashboard looks at."""
    from hall.core import clock
    today = clock.local().date()
    day = today if calendar.days.is_open(today) else calendar.days.before(today, 1)[0]
    return datetime.combine(day, time(15), zone).astimezone(UTC)


def _catalogue():
    from sqlalchemy import select

    from bench.dashboard_data import Catalogue
    from hall.core.extensions import db
    from hall.demo.simulation.run import category_weights
    from hall.demo.simulation.staff import serving_windows
    from hall.queue.models import Category
    from hall.settings import services as settings
    weights, minutes = category_weights()
    categories = [(c.id, c.prefix, weights[c.id], minutes[c.id])
                  for c in db.session.scalars(select(Category).order_by(Category.id))
                  if c.id in weights]
    windows, items = {}, {}
    for window in serving_windows():
        departments = {d.id for d in window.departments}
        single = next(iter(departments)) if len(departments) == 1 else None
        for category in window.categories:
            windows.setdefault(category.id, []).append((window.id, window.staff_a_id, single))
            own = [i for i in category.items if i.department_id in departments] or category.items
            items[(window.id, category.id)] = [(i.id, i.department_id, i.promised_days,
                                                i.legal_days) for i in own]
    return Catalogue(settings.get("region_code"), categories, windows, items,
                     float(settings.get("warning_yellow_ratio")),
                     int(settings.get("warning_yellow_min")))


def _counts() -> dict:
    from hall.core.extensions import db
    tables = ("ticket", "case", "rating", "follow_up", "case_pause", "audit_entry", "event")
    counts = {t: db.session.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
    counts["open_cases"] = db.session.execute(text(
        """SELECT count(*) FROM "case" WHERE status IN ('in_progress', 'suspended')""")).scalar()
    return counts


def _store_meta(meta: dict) -> None:
    from hall.core.extensions import db
    db.session.execute(text("CREATE TABLE IF NOT EXISTS bench_meta "
                            "(key VARCHAR(20) PRIMARY KEY, value TEXT)"))
    db.session.execute(text("DELETE FROM bench_meta"))
    db.session.execute(text("INSERT INTO bench_meta (key, value) VALUES ('build', :v)"),
                       {"v": json.dumps(meta)})


# --- writers ---------------------------------------------------------------------------------

class SqliteSink:
    """executemany on one raw connection, one transaction per chunk of days. Dates and
    times are stored as SQLAlchemy stores them on SQLite (ISO text, microseconds)."""

    def __init__(self, path: str):
        from datetime import date
        sqlite3.register_adapter(datetime, lambda v: v.isoformat(" ", "microseconds"))
        sqlite3.register_adapter(date, lambda v: v.isoformat())
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA synchronous=OFF")
        self.connection.execute("PRAGMA cache_size=-400000")

    def write(self, batch) -> None:
        from bench.dashboard_data import COLUMNS, ORDER
        for table in ORDER:
            rows = batch.rows.get(table)
            if not rows:
                continue
            names = ", ".join(f'"{c}"' for c in COLUMNS[table])
            marks = ", ".join("?" for _ in COLUMNS[table])
            self.connection.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                        rows)
        self.connection.commit()

    def finish(self) -> None:
        self.connection.close()


class PgSink:
    """COPY through psycopg, parents before children, one transaction per chunk of days."""

    def __init__(self, name: str):
        import psycopg
        self.connection = psycopg.connect(f"{PG_SERVER} dbname={name}")

    def write(self, batch) -> None:
        from bench.dashboard_data import COLUMNS, ORDER
        with self.connection.cursor() as cursor:
            for table in ORDER:
                rows = batch.rows.get(table)
                if not rows:
                    continue
                names = ", ".join(f'"{c}"' for c in COLUMNS[table])
                with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        self.connection.commit()

    def finish(self) -> None:
        with self.connection.cursor() as cursor:
            for table in ("ticket", "case", "case_pause", "rating", "follow_up"):
                cursor.execute(f"""SELECT setval(pg_get_serial_sequence('"{table}"', 'id'),
                                   (SELECT coalesce(max(id), 1) FROM "{table}"))""")
        self.connection.commit()
        self.connection.autocommit = True
        self.connection.execute("VACUUM ANALYZE")
        self.connection.close()

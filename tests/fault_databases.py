"""Databases for the fault tests: halls to load, throwaway and private PostgreSQL."""
import contextlib
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from hall import create_app
from hall.calendar.services import sync_from_chinesecalendar
from hall.cli import upgrade_schema
from hall.core import clock
from hall.core.extensions import db
from tests.factories import TEST_ACTOR, Factories, empty_tables, open_around_the_clock
from tests.live import free_port

LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def hall_app(url: str, **config):
    """An app on `url` for setting up and inspecting (the servers run their own)."""
    return create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "faults",
                       "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                       **config})


def build_schema(url: str) -> str:
    app = hall_app(url)
    with app.app_context():
        upgrade_schema()
        db.engine.dispose()
    return url


@dataclass(frozen=True)
class SeededHall:
    url: str                # the database the servers run on
    username: str           # of window 1's staff member
    item: str               # code of the item accepted at window 1
    materials: list[int]    # ids of its two materials


def build_hall(url: str) -> SeededHall:
    """An empty hall with two queue categories, a staffed window and an item."""
    app = hall_app(url, DATABASE_LOCK_TIMEOUT=30)   # killed servers' locks may linger a moment
    with app.app_context():
        empty_tables()
        open_around_the_clock()   # the servers run on the real clock, at any hour
        make = Factories()
        sync_from_chinesecalendar(TEST_ACTOR, clock.now())
        lines = [make.category(code="civil", name="社会事务", prefix="A"),
                 make.category(code="biz", name="企业开办", prefix="B")]
        staff = make.user(role="staff")
        make.window(no=1, categories=lines, staff_a_id=staff.id)
        item = make.item(promised_days=5, legal_days=20)
        materials = [make.material(item).id for _ in range(2)]
        db.session.commit()
        seeded = SeededHall(url=url, username=staff.username, item=item.code,
                            materials=materials)
        db.session.remove()
        db.engine.dispose()
    return seeded


@contextlib.contextmanager
def inspecting(url: str, **config):
    """An application context on the database, for looking at what the servers left."""
    app = hall_app(url, **config)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@contextlib.contextmanager
def write_lock_held(url: str, seconds: float | None):
    """Another connection holds the write lock (SQLite) or the counters' lock (PostgreSQL).

    Released after `seconds`, or when the block ends (None).
    """
    if url.startswith("sqlite"):
        holder = sqlite3.connect(make_url(url).database, isolation_level=None,
                                 check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = psycopg.connect(**libpq(url))
        holder.execute("LOCK TABLE ticket_counter IN EXCLUSIVE MODE")
    release = threading.Timer(seconds, holder.rollback) if seconds is not None else None
    if release is not None:
        release.start()
    try:
        yield
    finally:
        if release is not None:
            release.join()
        holder.rollback()
        holder.close()


def libpq(url) -> dict:
    """psycopg's connection keywords for a SQLAlchemy URL."""
    url = make_url(url)
    values = {"host": url.host, "port": url.port, "user": url.username,
              "password": url.password, "dbname": url.database}
    return {key: value for key, value in values.items() if value is not None}


def pg_server():
    """The server for throwaway databases: HALL_TEST_DATABASE_URL's when it is PostgreSQL."""
    url = os.environ.get("HALL_TEST_DATABASE_URL", "")
    return make_url(url if url.startswith("postgresql") else LOCAL_PG).set(database="postgres")


def admin_execute(server, sql: str, params=()) -> list:
    with psycopg.connect(**libpq(server), autocommit=True, connect_timeout=3) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@contextlib.contextmanager
def throwaway_pg_database():
    """A new, empty database on the PostgreSQL server; skips when we cannot make one."""
    server = pg_server()
    name = f"hall_faults_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        admin_execute(server, f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL server to make a throwaway database on ({exc})")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        admin_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def terminate_connections(url: str) -> int:
    """What a server restart looks like to the app: every connection of the database dies."""
    name = make_url(url).database
    rows = admin_execute(make_url(url).set(database="postgres"),
                         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    return len(rows)


class PrivateCluster:
    """A PostgreSQL cluster of our own (never the shared one) that we may stop and start."""

    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name))
        self.bin = bins[-1].parent
        self.root = Path(tempfile.mkdtemp(prefix="hall-pg-", dir="/tmp"))
        self.port = free_port()
        shutil.chown(self.root, "postgres")
        self._as_postgres("initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
                          "--no-sync", "-E", "UTF8")
        self.start()
        admin_execute(self.url("postgres"), 'CREATE DATABASE "hall"')

    @staticmethod
    def available() -> bool:
        import pwd
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return False
        return os.geteuid() == 0 and any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))

    @property
    def data(self) -> str:
        return str(self.root / "data")

    def url(self, database: str = "hall") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _as_postgres(self, tool: str, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", str(self.bin / tool), *args],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._as_postgres("pg_ctl", "-D", self.data, "-o", options, "-l",
                          str(self.root / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

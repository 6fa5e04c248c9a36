"""Backup and restore of the whole database: SQLite's online backup, pg_dump for PostgreSQL."""
import shutil
import sqlite3
import subprocess

from sqlalchemy.engine import URL

from hall.core import cache
from hall.core.errors import DomainError
from hall.core.extensions import db


def _libpq(url: URL) -> str:
    """The database URL as pg_dump and pg_restore understand it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _need(program: str) -> str:
    found = shutil.which(program)
    if not found:
        raise DomainError(f"找不到 {program}，请安装 PostgreSQL 客户端工具（postgresql-client）")
    return found


def backup(path: str) -> None:
    """A consistent copy while the hall keeps running."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(url.database) as source, sqlite3.connect(path) as target:
            source.backup(target)
        return
    subprocess.run([_need("pg_dump"), "--format=custom", "--no-owner", f"--file={path}",
                    _libpq(url)], check=True, capture_output=True)


def restore(path: str) -> None:
    """Replace the database with a backup (stop the hall's servers first)."""
    url = db.engine.url
    db.session.remove()
    db.engine.dispose()
    cache.clear_all()   # nothing read before the restore stays
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(path) as source, sqlite3.connect(url.database) as target:
            source.backup(target)
        return
    subprocess.run([_need("pg_restore"), "--clean", "--if-exists", "--no-owner",
                    "--single-transaction", f"--dbname={_libpq(url)}", path],
                   check=True, capture_output=True)

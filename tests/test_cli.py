"""init-db, demo and audit verify from the command line."""
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.auth.models import User
from hall.core.extensions import db
from hall.items.models import Department, Item
from hall.queue.models import Category
from hall.windows.models import Window


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_init_db_is_safe_to_run_twice(runner):
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "数据库已就绪" in result.output


def test_demo_loads_the_county_hall_and_prints_passwords(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert count(Department) == 16
    assert count(Window) == 24
    assert count(Category) >= 6
    assert count(Item) >= 40
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"admin", "manager", "staff", "auditor"}
    for user in db.session.scalars(select(User)):
        assert user.username in result.output


def test_demo_refuses_to_load_twice(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0
    assert "已有大厅数据" in again.output
    assert count(Department) == 16


def test_demo_prints_the_accounts_once_and_keeps_them_private(runner, tmp_path):
    import os
    accounts = tmp_path / "demo-accounts.txt"
    result = runner.invoke(args=["demo", "--accounts-file", str(accounts)])
    assert result.exit_code == 0, result.output
    assert result.output.count("演示账户") == 1
    assert accounts.read_text(encoding="utf-8") == result.stdout   # scripts/demo prints the file
    assert os.stat(accounts).st_mode & 0o777 == 0o600


def test_demo_passwords_log_in(runner, client):
    output = runner.invoke(args=["demo"]).output
    line = next(line for line in output.splitlines() if line.startswith("admin"))
    _, username, password = line.split()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302


def test_audit_verify_passes_then_names_the_altered_entry(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "审计日志完好" in ok.output
    entry = db.session.get(AuditEntry, 5)
    entry.after = entry.after.replace("县", "乡", 1) + " "
    db.session.commit()
    bad = runner.invoke(args=["audit", "verify"])
    assert bad.exit_code == 1
    assert "第 5 条" in bad.output


def test_housekeeping_drops_old_events_but_keeps_the_audit_log(runner, freeze_time):
    from datetime import timedelta

    from hall.core import clock
    from hall.events.models import Event
    from hall.events.services import publish
    freeze_time("2026-12-01 09:00")
    publish("ticket.issued", {"number": "A001"}, clock.now() - timedelta(days=5))
    publish("ticket.issued", {"number": "A002"}, clock.now())
    db.session.commit()
    audit_before = count(AuditEntry)
    result = runner.invoke(args=["housekeeping"])
    assert result.exit_code == 0 and "已清理 1 条屏幕事件" in result.output
    assert count(Event) == 1 and count(AuditEntry) == audit_before

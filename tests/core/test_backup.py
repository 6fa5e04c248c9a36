"""A populated database survives backup and restore, and its audit chain still verifies."""
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.items.models import Department, Item


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Department, Item, AuditEntry))


def test_backup_then_restore_round_trips_and_the_chain_verifies(runner, tmp_path):
    assert runner.invoke(args=["demo"]).exit_code == 0
    before = counts()
    path = str(tmp_path / "hall.core.backup")
    made = runner.invoke(args=["backup", path])
    assert made.exit_code == 0, made.output
    db.session.execute(db.delete(Item).where(Item.code.like("%SCJ%")))
    db.session.commit()
    assert counts()[1] < before[1]
    restored = runner.invoke(args=["restore", path, "--yes"])
    assert restored.exit_code == 0, restored.output
    assert counts() == before
    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0 and f"共 {before[2]} 条" in verified.output

"""Anchors: the chain's head signed and written outside the database, checked by verify."""
import json
import os

import pytest
from sqlalchemy import text

from hall.audit import anchors
from hall.audit.services import Actor, record
from hall.core.extensions import db


def add_entries(count: int, start: int = 1) -> None:
    actor = Actor(user_id=1, username="admin1", role="admin", address="10.0.0.1")
    for n in range(start, start + count):
        record(actor, "department.update", label=f"部门{n}", after={"name": f"新{n}"})
    db.session.commit()


def run(runner, *args):
    return runner.invoke(args=list(args))


def anchor(runner) -> None:
    made = run(runner, "audit", "anchor")
    assert made.exit_code == 0, made.output
    assert "已写入审计锚点" in made.output


def lines() -> list[dict]:
    return [json.loads(line) for line in anchors.anchors_path().read_text().splitlines()]


def write_lines(rows: list[dict]) -> None:
    anchors.anchors_path().write_text(
        "".join(json.dumps(row, sort_keys=True, separators=(",", ":")) + "\n" for row in rows))


def cut_the_log_after(last_id: int) -> None:
    """What a database writer can do: delete the last entries and point the head back."""
    kept = db.session.execute(text("SELECT hash, prev_hash FROM audit_entry WHERE id = :id"),
                              {"id": last_id}).one()
    db.session.execute(text("DELETE FROM audit_entry WHERE id > :id"), {"id": last_id})
    db.session.execute(text("UPDATE audit_head SET last_id = :id, last_hash = :hash, "
                            "prev_hash = :prev WHERE id = 1"),
                       {"id": last_id, "hash": kept.hash, "prev": kept.prev_hash})
    db.session.commit()


@pytest.fixture
def chain(app):
    add_entries(6)


def test_no_anchors_passes_with_a_warning(runner, chain):
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "审计日志完好：共 6 条" in verified.output
    assert "警告：没有审计锚点" in verified.output
    assert "audit anchor" in verified.output


def test_anchor_signs_the_head_and_verify_reports_its_age(runner, chain, freeze_time):
    freeze_time("2026-12-02 09:00")
    anchor(runner)
    row = lines()[0]
    assert (row["entry"], row["kind"], row["prev"]) == (6, "timer", "")
    stored = db.session.execute(text("SELECT hash FROM audit_entry WHERE id = 6")).scalar()
    assert row["hash"] == stored
    assert "mac" in row and len(row["mac"]) == 64
    add_entries(3, start=7)
    freeze_time("2026-12-02 09:25")
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "1 个锚点签名有效" in verified.output
    assert "最新锚点写于 2026-12-02 09:00（25 分钟前，至第 6 条）" in verified.output
    assert "其后的 3 条尚未锚定" in verified.output
    assert "警告" not in verified.output


def test_a_stale_anchor_is_warned_about(runner, chain, freeze_time):
    freeze_time("2026-12-01 09:00")
    anchor(runner)
    freeze_time("2026-12-04 10:00")
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 0
    assert "警告：最新的锚点已是 3 天前写的" in verified.output


def test_cutting_the_log_after_an_anchor_is_caught(runner, chain, freeze_time):
    freeze_time("2026-12-02 09:00")
    add_entries(4, start=7)
    anchor(runner)
    freeze_time("2026-12-02 09:10")
    cut_the_log_after(7)
    # The chain alone cannot tell: it is whole and its head matches.
    from hall.audit.services import verify_chain
    assert verify_chain() == (7, None, "")
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1
    assert "第 1 行的锚点（2026-12-02 09:00:00 写入）" in verified.output
    assert "记录日志已到第 10 条，现在该条不存在（日志止于第 7 条）" in verified.output


def test_rewriting_the_anchored_entry_and_everything_after_is_caught(runner, chain):
    anchor(runner)
    cut_the_log_after(5)
    add_entries(1, start=100)   # a new entry 6 in place of the anchored one
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1
    assert "所记第 6 条的哈希与日志不符" in verified.output


@pytest.mark.parametrize("change", [
    {"entry": 3}, {"hash": "0" * 64}, {"at": "2026-12-09T00:00:00+00:00"}, {"kind": "backup"},
    {"mac": "f" * 64}])
def test_a_forged_anchor_line_fails(runner, chain, change):
    anchor(runner)
    rows = lines()
    rows[0].update(change)
    write_lines(rows)
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1
    assert "第 1 行的锚点" in verified.output and "签名无效" in verified.output


def test_an_anchor_signed_with_another_key_fails(runner, chain, monkeypatch):
    anchor(runner)
    monkeypatch.setenv("HALL_AUDIT_KEY", "k" * 40)
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1 and "由另一个密钥签名" in verified.output


def test_a_line_taken_out_of_the_file_is_caught(runner, chain):
    for _ in range(3):
        anchor(runner)
    rows = lines()
    write_lines([rows[0], rows[2]])
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1
    assert "第 2 行的锚点" in verified.output and "与上一行不相接" in verified.output


def test_a_garbled_line_fails_and_is_not_written_after(runner, chain):
    anchor(runner)
    with open(anchors.anchors_path(), "a") as out:
        out.write("not json\n")
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1 and "第 2 行无法解析" in verified.output
    refused = run(runner, "audit", "anchor")
    assert refused.exit_code != 0 and "最后一行已损坏" in refused.output


def test_anchors_without_a_key_cannot_pass(runner, chain, tmp_path):
    anchor(runner)
    os.remove(tmp_path / "audit_key")
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1 and "找不到签名密钥" in verified.output


def test_the_key_is_made_once_private_and_a_short_key_is_refused(runner, chain, tmp_path,
                                                                  monkeypatch):
    anchor(runner)
    key_file = tmp_path / "audit_key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    first = key_file.read_text()
    anchor(runner)
    assert key_file.read_text() == first and len(lines()) == 2
    monkeypatch.setenv("HALL_AUDIT_KEY", "short")
    refused = run(runner, "audit", "anchor")
    assert refused.exit_code != 0 and "密钥太短" in refused.output


def test_no_anchor_over_a_head_that_does_not_match(runner, chain):
    db.session.execute(text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": "a" * 64})
    db.session.commit()
    refused = run(runner, "audit", "anchor")
    assert refused.exit_code != 0 and "链头所指第 6 条与日志不符" in refused.output
    assert not anchors.anchors_path().exists() or lines() == []


def test_an_empty_log_can_be_anchored(runner, app):
    anchor(runner)
    assert lines()[0]["entry"] == 0
    add_entries(2)
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "其后的 2 条尚未锚定" in verified.output


def test_backup_writes_an_anchor_and_restore_supersedes_later_ones(runner, chain, tmp_path):
    path = str(tmp_path / "hall.core.backup")
    made = run(runner, "backup", path)
    assert made.exit_code == 0, made.output
    assert "审计锚点至第 6 条" in made.output
    assert [(row["kind"], row["entry"]) for row in lines()] == [("backup", 6)]
    add_entries(3, start=7)
    anchor(runner)
    restored = run(runner, "restore", path, "--yes")
    assert restored.exit_code == 0, restored.output
    assert [(row["kind"], row["entry"]) for row in lines()] == [
        ("backup", 6), ("timer", 9), ("restore", 6)]
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "警告：1 个锚点写于此后恢复的备份之后" in verified.output
    # After the restore, the log grows again and is anchored afresh.
    add_entries(1, start=20)
    anchor(runner)
    cut_the_log_after(6)
    verified = run(runner, "audit", "verify")
    assert verified.exit_code == 1 and "第 4 行的锚点" in verified.output


def test_a_backup_is_made_even_when_no_anchor_can_be_written(runner, chain, tmp_path):
    db.session.execute(text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": "a" * 64})
    db.session.commit()
    path = tmp_path / "hall.core.backup"
    made = run(runner, "backup", str(path))
    assert made.exit_code == 0, made.output
    assert "警告：未写入审计锚点" in made.output and path.exists()

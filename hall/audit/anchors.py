"""The audit chain's head, signed and written outside the database.

The hash chain finds an entry that was altered, removed or slipped in, but not the end of
the log cut off: whoever can write to the database can delete the last entries and set
`audit_head` to the new last one, and the shorter chain is whole again. An anchor records
the head as it was - entry id, its hash, the time - in a line signed with HMAC-SHA256 under
a key the database never sees, appended to a file outside the database. `audit verify`
checks every line's signature, that the lines follow one another (each carries the
signature of the one before, so a line taken out is found too), and that every anchored
entry still exists with that hash. Cutting the log after an anchor, and rewriting the head
to match, is then caught; what happened after the newest anchor is not, which is why the
anchor timer runs often and `verify` says how old the newest anchor is.

Nothing here is on the path that writes entries: issuing a ticket is as fast as before.

A restore puts the database back to an earlier moment, so anchors written after the backup
name entries that are gone for a legitimate reason. `flask restore` therefore appends a
signed restore line; anchors before it that name entries beyond the restored head are
reported as superseded, not as tampering.

Where things live (README and SECURITY.md say the same):
  key      HALL_AUDIT_KEY (at least 32 characters), or the file named by HALL_AUDIT_KEY_FILE,
           else instance/audit_key, made on first use with mode 0600.
  anchors  HALL_AUDIT_ANCHORS, else instance/audit-anchors.log.
The same names without HALL_ work in instance/config.py.
"""
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from hall.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db

KEY_MIN_LENGTH = 32
FORMAT = 1
KINDS = ("timer", "backup", "manual", "restore")
STALE_AFTER = timedelta(days=1)   # verify warns when the newest anchor is older
CHECK_BATCH = 1000


class AnchorError(DomainError):
    """The key or the anchors file cannot be used; the message is Chinese."""


def _setting(name: str):
    return current_app.config.get(name) or os.environ.get(f"HALL_{name}") or None


def anchors_path() -> Path:
    configured = _setting("AUDIT_ANCHORS")
    return Path(configured) if configured else Path(current_app.instance_path) / "audit-anchors.log"


def _usable(key: str, where: str) -> bytes:
    key = key.strip()
    if len(key) < KEY_MIN_LENGTH:
        raise AnchorError(f"{where}中的审计锚点密钥太短，至少须 {KEY_MIN_LENGTH} 个字符")
    return key.encode("utf-8")


def signing_key(create: bool = False) -> bytes | None:
    """The HMAC key: configured, or in its key file; made once when `create` is set."""
    configured = _setting("AUDIT_KEY")
    if configured:
        return _usable(str(configured), "HALL_AUDIT_KEY ")
    path = Path(_setting("AUDIT_KEY_FILE") or Path(current_app.instance_path) / "audit_key")
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):   # another writer made it first
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_hex(32) + "\n")
    return _usable(path.read_text(), f"密钥文件 {path} ")


def fingerprint(key: bytes) -> str:
    """Names the key in each line without revealing it, so a changed key is told apart."""
    return hashlib.sha256(b"hall-audit-anchor-key:" + key).hexdigest()[:16]


def _signature(key: bytes, fields: dict) -> str:
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """One line of the anchors file."""

    line: int
    kind: str
    at: datetime
    entry: int
    hash: str
    key: str
    prev: str
    mac: str

    @property
    def label(self) -> str:
        """How verify names it: the line and the hall-time moment it was written."""
        return f"第 {self.line} 行的锚点（{clock.local(self.at):%Y-%m-%d %H:%M:%S} 写入）"


def current_head() -> tuple[int, str]:
    """The committed head (entry id, hash); refused when it names no such entry."""
    head = db.session.get(AuditHead, 1)
    if head is None or head.last_id == 0:
        return 0, GENESIS_HASH
    stored = db.session.scalar(select(AuditEntry.hash).where(AuditEntry.id == head.last_id))
    if stored != head.last_hash:
        raise AnchorError(f"链头所指第 {head.last_id} 条与日志不符，拒绝写入锚点；"
                          "请先运行 flask --app hall audit verify")
    return head.last_id, head.last_hash


def write_anchor(kind: str = "manual") -> Anchor:
    """Sign the current head and append it to the anchors file (under a file lock)."""
    if kind not in KINDS:
        raise ValueError(kind)
    key = signing_key(create=True)
    entry, entry_hash = current_head()
    db.session.rollback()   # hold no snapshot or connection while the file is locked
    path = anchors_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "a+", encoding="utf-8") as out:
            fcntl.flock(out, fcntl.LOCK_EX)
            prev = _last_signature(out)
            fields = {"v": FORMAT, "kind": kind, "at": clock.now().isoformat(),
                      "entry": entry, "hash": entry_hash, "key": fingerprint(key),
                      "prev": prev}
            fields["mac"] = _signature(key, fields)
            out.seek(0, os.SEEK_END)
            out.write(json.dumps(fields, sort_keys=True, separators=(",", ":")) + "\n")
            out.flush()
            os.fsync(out.fileno())
            line = _line_count(out)
    except OSError as exc:
        raise AnchorError(f"无法写入审计锚点文件 {path}：{exc.strerror}") from exc
    return _anchor(line, fields)


def _last_signature(handle) -> str:
    """The mac of the file's last line, or "" for an empty file."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    if size == 0:
        return ""
    handle.seek(max(0, size - 4096))
    tail = handle.read().strip().splitlines()
    try:
        return str(json.loads(tail[-1])["mac"])
    except (IndexError, ValueError, KeyError, TypeError):
        raise AnchorError("审计锚点文件的最后一行已损坏，拒绝续写；请检查该文件") from None


def _line_count(handle) -> int:
    handle.seek(0)
    return sum(1 for _ in handle)


def _anchor(line: int, fields: dict) -> Anchor:
    return Anchor(line=line, kind=str(fields["kind"]), at=datetime.fromisoformat(fields["at"]),
                  entry=int(fields["entry"]), hash=str(fields["hash"]), key=str(fields["key"]),
                  prev=str(fields["prev"]), mac=str(fields["mac"]))


@dataclass
class Report:
    """What verify found in the anchors file."""

    problem: str = ""
    anchors: list[Anchor] = field(default_factory=list)
    superseded: set[int] = field(default_factory=set)   # lines a later restore went back past
    warnings: list[str] = field(default_factory=list)

    @property
    def newest(self) -> Anchor | None:
        """The newest anchor that still holds (not a restore line, not superseded)."""
        holding = [a for a in self.anchors
                   if a.kind != "restore" and a.line not in self.superseded]
        return holding[-1] if holding else None


def check_anchors(head_id: int, now: datetime) -> Report:
    """Signatures, succession and anchored entries; `head_id` is the verified chain's end."""
    report = Report()
    path = anchors_path()
    if not path.exists() or path.stat().st_size == 0:
        report.warnings.append(f"没有审计锚点（{path}）：删除日志末尾的条目并改写链头将无法被发现；"
                               "请定时运行 flask --app hall audit anchor")
        return report
    key = signing_key()
    if key is None:
        report.problem = f"有审计锚点文件 {path}，却找不到签名密钥，无法核对"
        return report
    report.problem = _read_signed(path, key, report)
    if not report.problem:
        report.problem = _check_entries(report, head_id)
    if not report.problem:
        _note_age(report, now)
    return report


def _read_signed(path: Path, key: bytes, report: Report) -> str:
    """Parse and authenticate every line, in order; the first problem, or ""."""
    prev, own = "", fingerprint(key)
    with open(path, encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            try:
                fields = json.loads(text)
                anchor = _anchor(number, fields)
            except (ValueError, KeyError, TypeError):
                return f"审计锚点文件第 {number} 行无法解析"
            if anchor.key != own:
                return f"{anchor.label}由另一个密钥签名，与当前密钥不符"
            unsigned = {k: v for k, v in fields.items() if k != "mac"}
            if not hmac.compare_digest(_signature(key, unsigned), anchor.mac):
                return f"{anchor.label}签名无效：该行被改动或伪造"
            if anchor.prev != prev:
                return f"{anchor.label}与上一行不相接：锚点文件中有行被删除或插入"
            prev = anchor.mac
            report.anchors.append(anchor)
    return ""


def _check_entries(report: Report, head_id: int) -> str:
    """Every anchored entry exists with its hash, unless a later restore went back past it."""
    floor, wanted = None, {}
    for anchor in reversed(report.anchors):
        if anchor.kind == "restore":
            floor = anchor.entry if floor is None else min(floor, anchor.entry)
        elif floor is not None and anchor.entry > floor:
            report.superseded.add(anchor.line)
        elif anchor.entry:
            wanted.setdefault(anchor.entry, []).append(anchor)
    ids = sorted(wanted)
    for start in range(0, len(ids), CHECK_BATCH):
        chunk = ids[start:start + CHECK_BATCH]
        stored = dict(db.session.execute(select(AuditEntry.id, AuditEntry.hash)
                                         .where(AuditEntry.id.in_(chunk))).all())
        for entry_id in chunk:
            for anchor in wanted[entry_id]:
                problem = _entry_problem(anchor, stored.get(entry_id), head_id)
                if problem:
                    return problem
    return ""


def _entry_problem(anchor: Anchor, stored_hash: str | None, head_id: int) -> str:
    if stored_hash is None:
        return (f"{anchor.label}记录日志已到第 {anchor.entry} 条，现在该条不存在"
                f"（日志止于第 {head_id} 条）：日志末尾被删除")
    if stored_hash != anchor.hash:
        return f"{anchor.label}所记第 {anchor.entry} 条的哈希与日志不符"
    return ""


def _note_age(report: Report, now: datetime) -> None:
    newest = report.newest
    if newest is None:
        report.warnings.append("锚点文件中没有仍然有效的锚点；请定时运行 flask --app hall audit anchor")
    elif now - newest.at > STALE_AFTER:
        report.warnings.append(f"最新的锚点已是 {age_text(now - newest.at)}前写的，"
                               "锚点定时任务可能没有运行")
    if report.superseded:
        report.warnings.append(f"{len(report.superseded)} 个锚点写于此后恢复的备份之后，"
                               "已由恢复记录取代")


def age_text(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} 分钟"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时 {minutes % 60} 分钟"
    return f"{minutes // 1440} 天"

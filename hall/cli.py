"""Command line: init-db, demo, and user management."""
import click
from flask_migrate import upgrade

from hall.audit import anchors
from hall.audit.anchors import AnchorError, age_text, write_anchor
from hall.audit.services import verify_chain
from hall.auth.services import create_user, find_user, generate_password, reset_password
from hall.calendar.cli import calendar
from hall.cases.cli import cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.backup import backup, restore
from hall.core.database import command_transaction
from hall.core.errors import DomainError
from hall.core.extensions import MIGRATIONS, db
from hall.demo.seed import load_demo
from hall.demo.simulation.cli import simulate
from hall.events.services import purge_older_than
from hall.notify.cli import notify
from hall.queue.hours_cli import hours_group
from hall.web import idempotency, ratelimit
from hall.windows.models import window_by_no
from hall.windows.services import assign_staff


def register(app) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(demo)
    app.cli.add_command(user)
    app.cli.add_command(audit)
    app.cli.add_command(backup_command)
    app.cli.add_command(housekeeping)
    app.cli.add_command(restore_command)
    app.cli.add_command(calendar)
    app.cli.add_command(cases)
    app.cli.add_command(simulate)
    app.cli.add_command(hours_group)
    app.cli.add_command(notify)


def upgrade_schema() -> None:
    upgrade(directory=MIGRATIONS, revision="heads")


@click.command("init-db")
def init_db():
    """Create the schema, or bring it up to date (safe to run again)."""
    upgrade_schema()
    click.echo(f"数据库已就绪：{db.engine.url.render_as_string(hide_password=True)}")


@click.command("demo")
@click.option("--accounts-file", type=click.Path(dir_okay=False),
              help="Also write the demo accounts to this file (mode 600).")
def demo(accounts_file):
    """Load the demo county hall and one account per role; prints the passwords."""
    upgrade_schema()
    with command_transaction():
        accounts = load_demo(clock.now())
    lines = [f"{role:8} {username:10} {password}" for role, username, password in accounts]
    text = "演示账户（角色 用户名 密码）：\n" + "\n".join(lines) + "\n"
    click.echo(text, nl=False)
    if accounts_file:
        _write_private(accounts_file, text)


def _write_private(path: str, text: str) -> None:
    import os
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


@click.group("user")
def user():
    """Manage staff accounts."""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "manager", "staff", "auditor"]))
@click.option("--window", "windows", multiple=True, type=int, help="Window number (repeatable).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="",
              help="Real name (姓名) printed on receipts and timelines; staff and managers need one.")
@click.option("--staff-no", default="", help="Staff number (工号).")
def user_add(username, role, windows, password, name, staff_no):
    """Add an account; it must change its password at first login."""
    actor = Actor.system("cli")
    with command_transaction():
        try:
            account = create_user(actor, clock.now(), username=username, role=role,
                                  password=password, name=name.strip(),
                                  staff_no=staff_no.strip())
        except DomainError as exc:
            if "name" not in exc.fields:
                raise
            raise DomainError(exc.message + "，请用 --name 填写") from None
        for no in windows:
            window = window_by_no(no)
            if window is None:
                raise DomainError(f"{no}号窗口不存在")
            click.echo(f"{no}号窗口：{assign_staff(actor, window, account)}岗")
    click.echo(f"已创建账户 {username}（{account.role_label}），首次登录须修改密码")


@user.command("reset-password")
@click.argument("username")
@click.option("--password", default=None, help="The new password; generated when omitted.")
def user_reset_password(username, password):
    """Set a new password (printed when generated) and unlock the account."""
    account = find_user(username)
    if account is None:
        raise click.ClickException(f"用户 {username} 不存在")
    new = password or generate_password()
    with command_transaction():
        reset_password(Actor.system("cli"), account, new, clock.now())
    shown = new if password is None else "（按所给）"
    click.echo(f"已重置 {username} 的密码：{shown}；下次登录须修改")


@click.group("audit")
def audit():
    """The audit log."""


@audit.command("verify")
def audit_verify():
    """Check the hash chain, then the signed anchors of its head (see `audit anchor`)."""
    checked, bad, problem = verify_chain()
    if bad is not None or problem:
        where = f"第 {bad.id} 条" if bad is not None else "链头"
        click.echo(f"审计日志校验失败：{where}：{problem}（此前 {checked} 条完好）", err=True)
        raise SystemExit(1)
    try:
        report = anchors.check_anchors(checked, clock.now())
    except anchors.AnchorError as exc:
        report = anchors.Report(problem=exc.message)
    if report.problem:
        click.echo(f"审计日志校验失败：{report.problem}（哈希链本身完好，共 {checked} 条）", err=True)
        raise SystemExit(1)
    for warning in report.warnings:
        click.echo(f"警告：{warning}", err=True)
    click.echo(f"审计日志完好：共 {checked} 条" + _anchor_summary(report, checked))


def _anchor_summary(report, checked: int) -> str:
    newest = report.newest
    if newest is None:
        return "；没有可核对的锚点"
    age = age_text(clock.now() - newest.at)
    after = checked - newest.entry
    return (f"；{len(report.anchors)} 个锚点签名有效，最新锚点写于 "
            f"{clock.local(newest.at):%Y-%m-%d %H:%M}（{age}前，至第 {newest.entry} 条），"
            + (f"其后的 {after} 条尚未锚定" if after > 0 else "其后没有新条目"))


@audit.command("anchor")
def audit_anchor():
    """(timer, every 15 minutes) Append the signed head of the chain to the anchors file."""
    try:
        anchor = anchors.write_anchor("timer")
    except anchors.AnchorError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"已写入审计锚点：至第 {anchor.entry} 条（{anchors.anchors_path()} 第 {anchor.line} 行）")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path):
    """Write a consistent backup of the whole database to PATH (safe while running).

    The audit head is anchored first, so the backup holds at least what the anchor names;
    a backup is never refused for want of an anchor.
    """
    anchored = _anchor_or_warn("backup")
    try:
        backup(path)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"已备份到 {path}" + (f"（审计锚点至第 {anchored.entry} 条）" if anchored else ""))


def _anchor_or_warn(kind: str):
    """Write an audit anchor around a backup or a restore; a failure is told, not fatal."""
    try:
        return write_anchor(kind)
    except AnchorError as exc:
        click.echo(f"警告：未写入审计锚点：{exc.message}", err=True)
        return None


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path, yes):
    """Replace the whole database with the backup at PATH (stop the servers first)."""
    if not yes:
        click.confirm("将用备份覆盖当前数据库的全部数据，确定吗？", abort=True)
    try:
        restore(path)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    _anchor_or_warn("restore")   # anchors written after the backup name entries now gone
    click.echo(f"已从 {path} 恢复；请运行 flask --app hall audit verify 核对审计日志")


@click.command("housekeeping")
@click.option("--event-days", default=3, show_default=True, help="Keep screen events this long.")
def housekeeping(event_days):
    """(cron, nightly) Drop old screen events, rate-limit windows and used form tokens;
    the audit log is kept. Then roll up the closed days the month report has not yet
    (hall/dashboard/rollups.py), and mark the bookings whose check-in has closed as no-shows
    (the notification worker does so as it runs, too)."""
    now = clock.now()
    with command_transaction():
        events = purge_older_than(now, event_days)
        windows = ratelimit.purge(now)
        tokens = idempotency.purge(now)
    click.echo(f"已清理 {events} 条屏幕事件、{windows} 条限流计数、{tokens} 个过期的防重复提交标识；"
               "审计日志不清理")
    from hall.dashboard import rollups
    days = rollups.roll_up_history(now)
    click.echo(f"已汇总 {len(days)} 天的号票和评价（统计报表按日汇总已结束的日期）")
    from hall.appointments.services import mark_no_shows
    with command_transaction():
        missed = mark_no_shows(now)
    click.echo(f"已将 {missed} 个未签到的预约记为爽约（消息通知进程运行时也会随时标记）")

"""flask hours show | set | special | quota: the opening hours from the command line."""
from datetime import date

import click
from sqlalchemy import select

from hall.core import clock
from hall.core.actor import Actor
from hall.core.database import command_transaction
from hall.core.extensions import db
from hall.hours import rules
from hall.hours import services as hours
from hall.queue.models import Category
from hall.queue.opening import day_hours

CLI = Actor.system("cli")


@click.group("hours")
def hours_group():
    """Opening hours, ticketing hours and daily quotas (大厅规则)."""


def _day(text: str | None) -> date:
    if not text:
        return clock.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter("日期格式须为 YYYY-MM-DD") from None


def _commit_or_fail(change) -> None:
    """Run a change; a refused one leaves nothing behind and says why."""
    with command_transaction(rules.HoursError):
        change()


@hours_group.command("show")
@click.option("--date", "day_text", help="YYYY-MM-DD (default today).")
@click.option("--day-only", is_flag=True, help="Only that day, not the week.")
def hours_show(day_text, day_only):
    """The week, and the hours and ticketing of one day."""
    day = _day(day_text)
    if day_only:
        click.echo(_day_text(day, with_categories=False))
        return
    for n, day_hours_ in enumerate(hours.week()):
        click.echo(f"{rules.WEEKDAYS[n]} {rules.WEEKDAY_LABELS[n]}  {hours.describe(day_hours_)}")
    holidays = "照常办公" if hours.holidays_open() else "不办公"
    click.echo(f"法定节假日：{holidays}；调休上班日按星期一的时间办公")
    click.echo(_day_text(day))


def _day_text(day: date, with_categories: bool = True) -> str:
    plan = hours.plan_for(day)
    head = f"{day.isoformat()}（{plan.reason}）："
    if not plan.is_open:
        return head + "不办公"
    lines = [head + rules.format_sessions(plan.sessions)
             + f"，{rules.format_minutes(plan.ticketing_start)} 起取号"]
    for category in day_hours(day)["categories"] if with_categories else ():
        quota = f"限 {category['quota']} 号" if category["quota"] else "不限号"
        stop = category["stop_at"][11:16] if category["stop_at"] else "—"
        lines.append(f"  {category['code']} {category['name']}：{stop} 停止取号，{quota}，"
                     f"已发 {category['issued']} 号")
    return "\n".join(lines)


@hours_group.command("set")
@click.argument("weekdays")
@click.argument("sessions")
@click.option("--ticketing-from", help="HH:MM: kiosks start issuing before opening.")
@click.option("--holidays", type=click.Choice(["open", "closed"]),
              help="Statutory holidays: open as their weekday, or closed.")
@click.option("--if-unset", is_flag=True,
              help="Only when no weekday has been set yet (the demo's first start).")
def hours_set(weekdays, sessions, ticketing_from, holidays, if_unset):
    """e.g. mon-fri 09:00-12:00,13:30-17:30 --ticketing-from 08:30; 'closed' for none."""
    if if_unset and hours.week_is_set():
        click.echo("已有办公时间设置，未改动")
        return

    def change():
        hours.set_weekdays(CLI, rules.parse_weekdays(weekdays), sessions, ticketing_from)
        if holidays:
            hours.set_holidays_open(CLI, holidays == "open")
    _commit_or_fail(change)
    click.echo(f"已设置 {weekdays}：{sessions}")


@hours_group.command("special")
@click.argument("day_text", metavar="DATE")
@click.argument("sessions")
@click.option("--label", required=True, help="e.g. 延时服务, 周末不打烊, 临时闭厅.")
@click.option("--ticketing-from", help="HH:MM: kiosks start issuing before opening.")
@click.option("--delete", is_flag=True, help="Remove the special day.")
def hours_special(day_text, sessions, label, ticketing_from, delete):
    """A date with its own hours ('closed' for none), e.g. 2026-12-05 09:00-12:00."""
    day = _day(day_text)
    if delete:
        _commit_or_fail(lambda: hours.delete_special_day(CLI, day))
        click.echo(f"已删除 {day.isoformat()} 的特殊安排")
        return
    _commit_or_fail(lambda: hours.save_special_day(CLI, day, sessions, ticketing_from, label))
    click.echo(f"已设置 {day.isoformat()}（{label}）：{sessions}")


@hours_group.command("quota")
@click.argument("code")
@click.argument("quota", type=click.IntRange(0, 9999))
@click.option("--stop-minutes", type=click.IntRange(0, 240),
              help="Stop issuing this many minutes before each session ends.")
def hours_quota(code, quota, stop_minutes):
    """A category's daily quota (0 means no quota)."""
    category = db.session.scalar(select(Category).where(Category.code == code))
    if category is None:
        raise click.ClickException(f"没有业务类别 {code}")
    stop = hours.rule_of(category.id)[1] if stop_minutes is None else stop_minutes
    _commit_or_fail(lambda: hours.set_category_rule(CLI, category, quota, stop))
    click.echo(f"{category.name}：{f'每日限 {quota} 号' if quota else '不限号'}，"
               f"每段结束前 {stop} 分钟停止取号")

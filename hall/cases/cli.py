"""flask cases check-overdue: for cron, lists cases at risk and fills waiting deadlines."""
import click

from .. import clock
from ..extensions import db
from . import queries, services


@click.group("cases")
def cases():
    """Cases and their deadlines."""


@cases.command("check-overdue")
def check_overdue():
    """Print red and yellow cases; fill in deadlines whose year's calendar has arrived."""
    filled = services.recompute_missing_calendars()
    db.session.commit()
    now = clock.now()
    rows = [row for row in queries.case_list(now, status="open", limit=10000)
            if row.warning in ("red", "yellow", "unknown")]
    for case, warning, escalated in rows:
        label = {"red": "已超期", "yellow": "即将到期", "unknown": "期限待定"}[warning]
        extra = "（已超法定时限）" if escalated else ""
        click.echo(f"{label}{extra}\t{case.case_no}\t{case.item.name}\t期限 {case.due_date or '—'}")
    counts = queries.warning_counts(now)
    click.echo(f"红色 {counts['red']} 件，黄色 {counts['yellow']} 件，期限待定 {counts['unknown']} 件；"
               f"补算期限 {filled} 件")

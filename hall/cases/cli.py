"""flask cases check-overdue: for cron, lists cases at risk and fills waiting deadlines."""
import click

from hall.cases import provisional, queries
from hall.core import clock
from hall.core.actor import Actor
from hall.core.database import command_transaction


@click.group("cases")
def cases():
    """Cases and their deadlines."""


@cases.command("check-overdue")
def check_overdue():
    """Print red and yellow cases; recount deadlines whose year's calendar has arrived."""
    with command_transaction():
        report = provisional.recount_provisional(Actor.system("cli"), clock.now())
    for line in report.lines:
        click.echo(f"期限重算\t{line}")
    now = clock.now()
    rows = [row for row in queries.case_list(now, status="open", limit=10000)
            if row.warning in ("red", "yellow", "unknown")]
    for case, warning, escalated in rows:
        label = {"red": "已超期", "yellow": "即将到期", "unknown": "期限待定"}[warning]
        extra = "（已超法定时限）" if escalated else ""
        due = provisional.due_text(case.due_date, case.due_provisional)
        click.echo(f"{label}{extra}\t{case.case_no}\t{case.item.name}\t期限 {due}")
    counts = queries.warning_counts(now)
    click.echo(f"红色 {counts['red']} 件，黄色 {counts['yellow']} 件，期限待定 {counts['unknown']} 件；"
               f"重算期限 {len(report.changes)} 件")

"""flask calendar sync | import FILE: fill the working-day calendar from the command line."""
from pathlib import Path

import click

from hall.calendar import services
from hall.core import clock
from hall.core.actor import Actor
from hall.core.database import command_transaction


@click.group("calendar")
def calendar():
    """The working-day calendar: statutory holidays and make-up working days."""


@calendar.command("sync")
@click.option("--force", is_flag=True,
              help="Also overwrite years imported from CSV or edited by hand.")
def calendar_sync(force):
    """Load every year the installed chinesecalendar package covers."""
    with command_transaction():
        result = services.sync_from_chinesecalendar(Actor.system("cli"), clock.now(), force)
        recounted = services.announce_years_loaded(Actor.system("cli"), clock.now()) \
            if result.loaded else []
    if result.loaded:
        click.echo(f"已载入{services.years_text(result.loaded)}的节假日安排")
    if result.unchanged:
        click.echo(f"{services.years_text(result.unchanged)}已是最新，未改动")
    if result.skipped:
        click.echo(f"{services.years_text(result.skipped)}为 CSV 导入或手工修改，未覆盖（--force 可覆盖）")
    echo_recounts(recounted)


def echo_recounts(reports: list) -> None:
    """Each recount's summary, then one line per case whose deadline changed."""
    for report in reports:
        click.echo(report.summary)
        for line in report.lines:
            click.echo(f"  {line}")


@calendar.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def calendar_import(file):
    """Load one year's schedule from a CSV file: date,kind,name (see README)."""
    with command_transaction():
        text = services.decode_csv(file.read_bytes())
        year, schedule = services.import_csv(Actor.system("cli"), clock.now(), text)
        recounted = services.announce_years_loaded(Actor.system("cli"), clock.now())
    click.echo(services.import_summary(year, schedule))
    echo_recounts(recounted)

"""`flask --app hall simulate`."""
import click

from hall.core.errors import DomainError
from hall.core.extensions import db


@click.command("simulate")
@click.option("--days", default=5, show_default=True, type=click.IntRange(1, 750),
              help="Working days to simulate, ending yesterday (plus today up to now).")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="First day to simulate instead (YYYY-MM-DD); never goes past today.")
@click.option("--seed", default=7, show_default=True, help="The same seed gives the same days.")
@click.option("--arrivals", default=1000, show_default=True, type=click.IntRange(1, 5000),
              help="Citizens taking a ticket on an average day.")
def simulate(days, start, seed, arrivals):
    """Fill the demo hall with simulated days: tickets, cases, ratings, follow-ups."""
    from hall.demo.simulation import simulate as run
    try:
        summary = run(days, start=start.date() if start else None, seed=seed,
                      arrivals=arrivals, progress=click.echo)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    click.echo(str(summary))

"""Today's figures, shared by the dashboard and GET /api/v1/stats/today: the queue, the
cases accepted and closed with 按期办结率, the warnings by colour, satisfaction, and the
day's bookings (due, arrived, no-shows).

Every query is bounded by today: tickets by Ticket.day, cases accepted by the indexed
created_at, cases closed by the indexed closed_at, ratings by their indexed time.
"""
from datetime import datetime

from hall.appointments.figures import day_figures as booking_figures
from hall.cases.queries import figures as case_figures
from hall.cases.queries import warning_counts
from hall.core import clock
from hall.dashboard.oversight import closed_today
from hall.dashboard.today import day_bounds
from hall.queue.stats import queue_figures
from hall.ratings.services import satisfaction


def today(now: datetime, warnings: dict | None = None) -> dict:
    """The day's figures as of `now`; pass the warning counts when already read."""
    day, begins, ends = day_bounds(now)
    rated = satisfaction(start=begins, end=ends)[0]
    return {"date": day.isoformat(), **queue_figures(day),
            "cases_accepted": case_figures(begins, ends)[0]["accepted"],
            **closed_today(begins),
            "warnings": warnings if warnings is not None else warning_counts(now),
            "ratings": rated["count"], "bad_ratings": rated["bad"],
            "satisfaction_rate": rated["rate"], **booking_figures(day)}


def stats_today() -> dict:
    """The body of GET /api/v1/stats/today."""
    return today(clock.now())

"""Queue figures of a day: issued, waiting, served, no-shows, wait and service times."""
from sqlalchemy import func, select

from hall.core.extensions import db
from hall.queue.models import Ticket


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share in 0..1) of a list, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def _minutes(pairs) -> list[float]:
    return [(end - begin).total_seconds() / 60 for begin, end in pairs if begin and end]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def queue_figures(day, window_id: int | None = None) -> dict:
    """The day's queue figures, for the hall or one window."""
    scope = [Ticket.day == day] + ([Ticket.window_id == window_id] if window_id else [])
    counts = dict(db.session.execute(select(Ticket.status, func.count())
                                     .where(*scope).group_by(Ticket.status)).all())
    waits = _minutes(db.session.execute(select(Ticket.issued_at, Ticket.called_at)
                                        .where(*scope, Ticket.called_at.is_not(None))))
    services = _minutes(db.session.execute(select(Ticket.started_at, Ticket.finished_at)
                                           .where(*scope, Ticket.status == "done")))
    return {
        "tickets_issued": sum(counts.values()),
        "waiting": counts.get("waiting", 0),
        "serving": counts.get("called", 0) + counts.get("serving", 0),
        "served": counts.get("done", 0),
        "no_shows": counts.get("no_show", 0),
        "wait_minutes_mean": _round(_mean(waits)),
        "wait_minutes_p90": _round(percentile(waits, 0.9)),
        "service_minutes_mean": _round(_mean(services)),
        "service_minutes_p90": _round(percentile(services, 0.9)),
    }

"""Today's hourly volume over the hall's hours (ticketing start to closing; 8:00 to 18:00 on
a closed day): tickets issued and served per hour, and the chart.

The counts are one query over today's tickets (one conditional count per hour and series).
The chart's geometry (bars, axis ticks, labels) is computed here once; the page's template
and dashboard.js only draw the SVG elements it lists, so both always look the same.
"""
import functools
from datetime import date, timedelta

from sqlalchemy import Date, and_, bindparam, func, select

from hall.core.extensions import db
from hall.dashboard.today import chart_hours, day_start
from hall.queue.models import Ticket

WIDTH, HEIGHT = 520, 230
LEFT, RIGHT, TOP, BOTTOM = 40, 6, 16, 30
SERIES = (("issued", "取号"), ("served", "办结"))


@functools.cache
def _hourly_query(hours: int):
    """One conditional count per hour and series, built once per number of hours."""
    edges = [bindparam(f"edge{i}", type_=Ticket.issued_at.type) for i in range(hours + 1)]
    columns = []
    for begin, end in zip(edges, edges[1:]):
        columns.append(func.count().filter(and_(Ticket.issued_at >= begin,
                                                Ticket.issued_at < end)))
        columns.append(func.count().filter(and_(Ticket.status == "done",
                                                Ticket.finished_at >= begin,
                                                Ticket.finished_at < end)))
    return select(*columns).where(Ticket.day == bindparam("day", type_=Date))


def hourly(day: date) -> list[dict]:
    """[{hour, label, issued, served}] for each hour of the hall's hours on a day."""
    first, last = chart_hours(day)
    edges = {f"edge{i}": day_start(day) + timedelta(hours=hour)
             for i, hour in enumerate(range(first, last + 1))}
    counts = db.session.execute(_hourly_query(last - first), {"day": day, **edges}).one()
    return [{"hour": hour, "label": f"{hour}时", "issued": counts[2 * i] or 0,
             "served": counts[2 * i + 1] or 0}
            for i, hour in enumerate(range(first, last))]


def nice_step(peak: int, ticks: int = 4) -> int:
    """The smallest 1, 2 or 5 times a power of ten whose `ticks` steps reach the peak."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * ticks >= peak:
                return factor * magnitude
        magnitude *= 10


def geometry(hours: list[dict]) -> dict:
    """Where each bar, tick and label goes in a WIDTH x HEIGHT SVG."""
    step = nice_step(max([h[key] for h in hours for key, _ in SERIES] + [1]))
    top = step * 4
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(hours), 1)
    bar_w = slot * 0.34
    bars, labels = [], []
    for i, hour in enumerate(hours):
        x0 = LEFT + i * slot + (slot - 2 * bar_w) / 2
        for k, (key, name) in enumerate(SERIES):
            height = plot_h * hour[key] / top
            bars.append({"series": key, "x": _r(x0 + k * bar_w), "y": _r(TOP + plot_h - height),
                         "width": _r(bar_w - 2), "height": _r(height), "value": hour[key],
                         "text_x": _r(x0 + k * bar_w + (bar_w - 2) / 2),
                         "text_y": _r(TOP + plot_h - height - 5),
                         "title": f"{hour['hour']}:00–{hour['hour'] + 1}:00 {name} {hour[key]}"})
        labels.append({"x": _r(LEFT + (i + 0.5) * slot), "y": HEIGHT - 9, "text": hour["label"]})
    ticks = [{"y": _r(TOP + plot_h - plot_h * n / 4), "text": str(step * n)} for n in range(5)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
            "bars": bars, "labels": labels, "ticks": ticks,
            "series": [{"key": key, "name": name} for key, name in SERIES]}


def _r(value: float) -> float:
    return round(value, 1)

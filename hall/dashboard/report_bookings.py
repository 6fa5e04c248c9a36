"""The 预约办理 block of a report: the bookings due in the period and what came of them.

A booking counts on the day of its slot; cancelled ones are counted apart and are not due.
到场率 = checked in ÷ due, of the days already over or under way (a booking still to come
is due but neither arrived nor a no-show yet). One row for the whole hall, the same on the
page, in the printable month and in the workbook.
"""
from datetime import date, timedelta

from hall.appointments.figures import period_by_category

TITLE = "预约办理"
COLUMNS = (
    ("预约人数", "booked", "count"),
    ("已签到", "arrived", "count"),
    ("爽约", "no_show", "count"),
    ("到场率", "arrival_rate", "rate"),
    ("已取消", "cancelled", "count"),
)
NOTE = ("预约办理按预约时段所在日期统计；预约人数不含已取消的预约；到场率 = 已签到 ÷ 预约人数；"
        "爽约：签到时段结束仍未签到。")


def figures(start: date, end: date) -> dict:
    """The hall's booking figures of the whole days start..end, both included."""
    total = {"booked": 0, "arrived": 0, "no_show": 0, "cancelled": 0}
    for row in period_by_category(start, end + timedelta(days=1)).values():
        for key in total:
            total[key] += row[key]
    total["arrival_rate"] = total["arrived"] / total["booked"] if total["booked"] else None
    return total


def cells(figures: dict) -> list[tuple[str, object, str]]:
    return [(header, figures[key], kind) for header, key, kind in COLUMNS]


def sentence(figures: dict) -> str:
    if not figures["booked"]:
        return "没有预约办理"
    rate = figures["arrival_rate"]
    return (f"预约办理 {figures['booked']} 人，已签到 {figures['arrived']} 人，"
            f"爽约 {figures['no_show']} 人，到场率 {rate * 100:.1f}%")

"""The 投诉建议 block of a report: what the hall received in the period and how it answered.

The figures come from `hall.complaints.services.complaint_rates`: complaints, suggestions and
praise count on the day they were received (hall time), over the same whole days as the rest
of the report; whether they were answered or resolved, and what is overdue, is as of the
moment the report is made (as for the 超期 cases). One row for the whole hall, the same on the
page, in the printable month and in the workbook.
"""
from datetime import date, datetime, timedelta

from hall.complaints.services import complaint_rates

TITLE = "投诉建议"
# (header, path into complaint_rates(), kind): one source for the page, month and workbook.
COLUMNS = (
    ("收到件数", ("received",), "count"),
    ("其中投诉", ("by_kind", "complaint", "received"), "count"),
    ("其中建议", ("by_kind", "suggestion", "received"), "count"),
    ("其中表扬", ("by_kind", "praise", "received"), "count"),
    ("已答复", ("answered",), "count"),
    ("已解决", ("resolved",), "count"),
    ("答复率", ("reply_rate",), "rate"),
    ("解决率", ("resolution_rate",), "rate"),
    ("超期未答复", ("overdue",), "count"),
    ("逾期答复", ("answered_late",), "count"),
)
NOTE = ("投诉建议（含投诉、建议、表扬）按收到日期统计；答复率 = 已答复 ÷ 收到件数，解决率 = 已解决 ÷ "
        "收到件数；已答复、已解决截至制表时；超期未答复：截至制表时仍未答复且已过答复期限；"
        "逾期答复：超过答复期限才答复。")


def figures(start: date, end: date, now: datetime) -> dict:
    """The figures of the whole days start..end, both included."""
    return complaint_rates(start, end + timedelta(days=1), now)


def value(figures: dict, path: tuple):
    """One figure by its path: ("received",) or ("by_kind", "praise", "received")."""
    for key in path:
        figures = figures[key]
    return figures


def cells(figures: dict) -> list[tuple[str, object, str]]:
    """(header, figure, kind) in column order; rates are fractions, None when none came."""
    return [(header, value(figures, path), kind) for header, path, kind in COLUMNS]


def sentence(figures: dict) -> str:
    """The figures in words, for the summary paragraph of the monthly report."""
    if not figures["received"]:
        return "未收到投诉建议"
    kinds = figures["by_kind"]
    return (f"收到投诉建议 {figures['received']} 件（投诉 {kinds['complaint']['received']} 件、"
            f"建议 {kinds['suggestion']['received']} 件、表扬 {kinds['praise']['received']} 件），"
            f"已答复 {figures['answered']} 件，已解决 {figures['resolved']} 件，"
            f"答复率 {figures['reply_rate'] * 100:.1f}%，解决率 {figures['resolution_rate'] * 100:.1f}%，"
            f"超期未答复 {figures['overdue']} 件，逾期答复 {figures['answered_late']} 件")


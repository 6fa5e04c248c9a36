"""A report written out: the Excel workbook, the CSV file, and the monthly summary.

The workbook has one sheet per dimension, each with a header block naming the hall and the
period, then the table and the hall's total row; then a 投诉建议 sheet with the hall's one row
of complaint figures, and a last sheet with the definitions.
The CSV is UTF-8 with a BOM so that Excel reads the Chinese; it holds one dimension, or all
of them with a 维度 column first. The 投诉建议 figures are not in it: they have columns of
their own, which would break the one header row a CSV reader expects. Every cell of both
goes through hall.web.export_cells, so text a spreadsheet would take for a formula (a name
beginning with =, +, -, @, a tab or a CR) stays text, and figures stay numbers.
"""
import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hall.core import clock
from hall.dashboard import report_bookings, report_complaints
from hall.dashboard.reports import COLUMNS, DIMENSIONS, TOTAL_LABEL, Report, Row, display
from hall.web.export_cells import csv_row, put

HEADER_ROW = 5
NUMBER_FORMATS = {"rate": "0.0%", "minutes": "0.0", "count": "0"}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="EEF2F8")


def workbook(report: Report, hall_name: str) -> bytes:
    """The report as an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    for dimension, title in DIMENSIONS.items():
        sheet = book.create_sheet(f"按{title}")
        _sheet_head(sheet, report, hall_name, title)
        rows = report.tables[dimension] + [report.total]
        for offset, row in enumerate(rows, start=HEADER_ROW + 1):
            _sheet_row(sheet, offset, row, bold=row is report.total)
        _sheet_layout(sheet)
    _hall_row_sheet(book, report, hall_name, report_complaints.TITLE,
                    report_complaints.cells(report.complaints))
    _hall_row_sheet(book, report, hall_name, report_bookings.TITLE,
                    report_bookings.cells(report.bookings))
    _notes_sheet(book, report, hall_name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_head(sheet, report: Report, hall_name: str, title: str) -> None:
    put(sheet, 1, 1, hall_name).font = Font(bold=True, size=14)
    put(sheet, 2, 1, f"统计报表（按{title}）  统计期间：{report.period.label}")
    put(sheet, 3, 1, f"制表时间：{clock.local(report.made_at):%Y-%m-%d %H:%M}")
    for column, header in enumerate([title] + [c[0] for c in COLUMNS], start=1):
        cell = put(sheet, HEADER_ROW, column, header)
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet_row(sheet, number: int, row: Row, bold: bool) -> None:
    put(sheet, number, 1, row.label).font = Font(bold=bold)
    for column, (_, part, field, kind) in enumerate(COLUMNS, start=2):
        value = row.value(part, field)
        cell = put(sheet, number, column, "—" if value is None else value)
        cell.number_format = NUMBER_FORMATS[kind]
        cell.alignment = Alignment(horizontal="right")
        cell.font = Font(bold=bold)


def _sheet_layout(sheet) -> None:
    sheet.column_dimensions["A"].width = 30
    for column in range(2, len(COLUMNS) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)


def _hall_row_sheet(book, report: Report, hall_name: str, title: str, cells: list) -> None:
    """A block of the whole hall's figures (投诉建议, 预约办理): the header block, a header
    row and one row of figures."""
    sheet = book.create_sheet(title)
    put(sheet, 1, 1, hall_name).font = Font(bold=True, size=14)
    put(sheet, 2, 1, f"{title}（全厅）  统计期间：{report.period.label}")
    put(sheet, 3, 1, f"制表时间：{clock.local(report.made_at):%Y-%m-%d %H:%M}")
    for column, (header, value, kind) in enumerate(cells, start=1):
        head = put(sheet, HEADER_ROW, column, header)
        head.font, head.fill = BOLD, HEAD_FILL
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell = put(sheet, HEADER_ROW + 1, column, "—" if value is None else value)
        cell.number_format, cell.alignment = NUMBER_FORMATS[kind], Alignment(horizontal="right")
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.row_dimensions[HEADER_ROW].height = 32


def _notes_sheet(book, report: Report, hall_name: str) -> None:
    sheet = book.create_sheet("说明")
    put(sheet, 1, 1, hall_name).font = Font(bold=True, size=14)
    put(sheet, 2, 1, f"统计期间：{report.period.label}")
    for number, note in enumerate(report.notes, start=4):
        put(sheet, number, 1, note)
    sheet.column_dimensions["A"].width = 120


def csv_text(report: Report, dimension: str = "all") -> str:
    """The report as CSV with a BOM: one dimension, or all with a 维度 column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    chosen = list(DIMENSIONS) if dimension == "all" else [dimension]
    lead = ["维度", "名称"] if dimension == "all" else [DIMENSIONS[dimension]]
    writer.writerow(csv_row(lead + [c[0] for c in COLUMNS]))
    for name in chosen:
        for row in report.tables[name]:
            writer.writerow(csv_row(_csv_lead(dimension, DIMENSIONS[name], row.label)
                                    + _cells(row)))
    writer.writerow(csv_row(_csv_lead(dimension, "合计", TOTAL_LABEL) + _cells(report.total)))
    return "\ufeff" + buffer.getvalue()


def _csv_lead(dimension: str, title: str, label: str) -> list:
    return ([title] if dimension == "all" else []) + [label]


def _cells(row: Row) -> list[str]:
    return [display(row.value(part, field), kind) for _, part, field, kind in COLUMNS]


def summary(report: Report, title: str) -> str:
    """The key figures written out in Chinese, for the top of the monthly report."""
    t, c, r = report.total.tickets, report.total.cases, report.total.ratings
    parts = [f"{title}，大厅共取号 {t['issued']} 张，已办理 {t['served']} 人次，"
             f"过号 {t['no_shows']} 张，平均等候{_minutes_text(t['wait'])}，"
             f"平均办理{_minutes_text(t['service'])}",
             f"受理办件 {c['accepted']} 件，办结 {c['closed']} 件，超期 {c['overdue']} 件，"
             f"按期办结率{_rate_text(c['on_time_rate'])}，提前办结率{_rate_text(c['early_rate'])}",
             f"收到评价 {r['count']} 条，满意率{_rate_text(r['rate'])}",
             report_complaints.sentence(report.complaints),
             report_bookings.sentence(report.bookings)]
    busiest = _busiest_window(report)
    if busiest is not None:
        parts.append(f"办理量最多的是{busiest.label}（{busiest.tickets['served']} 人次）")
    return "；".join(parts) + "。"


def _minutes_text(value) -> str:
    return "暂无数据" if value is None else f" {value:.1f} 分钟"


def _rate_text(value) -> str:
    return "暂无数据" if value is None else f" {value * 100:.1f}%"


def _busiest_window(report: Report) -> Row | None:
    served = [row for row in report.tables["window"]
              if row.key is not None and row.tickets and row.tickets["served"]]
    return max(served, key=lambda row: row.tickets["served"], default=None)


def month_title(report: Report) -> str:
    """2026年11月."""
    return f"{report.period.start.year}年{report.period.start.month}月"

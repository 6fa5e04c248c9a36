"""The manager's reports: the page, its Excel and CSV exports, and the printable month.

Reading changes nothing, so only one thing is audited: an export that carries figures per
staff member (every workbook, and a CSV of all dimensions or of the staff), because
personal performance data then leaves the system. The entry names the format and the
period, never the figures.
"""
from flask import Blueprint, Response, render_template, request

from hall.core import clock
from hall.core.journal import record
from hall.core.roles import Permission
from hall.dashboard import exports, report_bookings, report_complaints, reports
from hall.dashboard.report_forms import MonthForm, RangeForm, quick_ranges
from hall.settings import services as settings
from hall.web.access import permission_required
from hall.web.helpers import actor

bp = Blueprint("reports", __name__, url_prefix="/reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CHOICES = ("all", *reports.DIMENSIONS)


def _range_form() -> RangeForm:
    """The range asked for, or this month up to today when nothing was asked."""
    if "start" in request.args or "end" in request.args:
        return RangeForm(request.args)
    default = quick_ranges(clock.today())[0][1]
    return RangeForm(data={"start": default.start, "end": default.end})


def _refused(message: str):
    return render_template("error.html", status=400, message=message), 400


def _complaint_cells(report: reports.Report | None) -> list | None:
    return None if report is None else report_complaints.cells(report.complaints)


def _booking_cells(report: reports.Report | None) -> list | None:
    return None if report is None else report_bookings.cells(report.bookings)


@bp.get("/")
@permission_required(Permission.MANAGE_HALL)
def index():
    form = _range_form()
    valid = form.validate()
    report = reports.build(form.period, clock.now()) if valid else None
    page = render_template("dashboard/report.html", form=form, report=report,
                           quick=quick_ranges(clock.today()), columns=reports.COLUMNS,
                           groups=reports.GROUPS, dimensions=reports.DIMENSIONS,
                           notes=report.notes if report else reports.NOTES,
                           display=reports.display, complaints=_complaint_cells(report),
                           bookings=_booking_cells(report))
    return page, 200 if valid else 400



@bp.get("/export.xlsx")
@permission_required(Permission.MANAGE_HALL)
def export_xlsx():
    form = _range_form()
    if not form.validate():
        return _refused(form.first_error())
    report = reports.build(form.period, clock.now())
    body = exports.workbook(report, settings.get("hall_name"))
    _audit_export(report, "xlsx", "all")
    return _download(body, XLSX, _filename(report, "xlsx"))


@bp.get("/export.csv")
@permission_required(Permission.MANAGE_HALL)
def export_csv():
    form = _range_form()
    dimension = request.args.get("dimension", "all")
    if not form.validate():
        return _refused(form.first_error())
    if dimension not in CSV_CHOICES:
        return _refused("统计维度不正确，应为部门、窗口、工作人员、事项或全部")
    report = reports.build(form.period, clock.now())
    body = exports.csv_text(report, dimension).encode("utf-8")
    if dimension in ("all", "staff"):
        _audit_export(report, "csv", dimension)
    return _download(body, "text/csv", _filename(report, "csv", dimension))


def _audit_export(report: reports.Report, kind: str, dimension: str) -> None:
    period = report.period
    record(actor(), "report.export", None, label=f"统计报表 {period.start}～{period.end}",
           after={"format": kind, "dimension": dimension, "start": period.start,
                  "end": period.end, "staff_figures": True})


def _filename(report: reports.Report, extension: str, dimension: str = "") -> str:
    suffix = f"-{dimension}" if dimension and dimension != "all" else ""
    return f"report-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}{suffix}.{extension}"


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.get("/monthly")
@permission_required(Permission.MANAGE_HALL)
def monthly():
    form = (MonthForm(request.args) if "month" in request.args
            else MonthForm(data={"month": f"{clock.today():%Y-%m}"}))
    if not form.validate():
        return _refused(form.first_error())
    report = reports.build(form.period, clock.now())
    title = exports.month_title(report)
    return render_template("dashboard/report_monthly.html", report=report, title=title,
                           summary=exports.summary(report, title), month=form.month.data,
                           unfinished=report.period.end >= clock.today(),
                           columns=reports.COLUMNS, groups=reports.GROUPS,
                           dimensions=reports.DIMENSIONS, notes=report.notes,
                           display=reports.display, complaints=_complaint_cells(report),
                           bookings=_booking_cells(report))

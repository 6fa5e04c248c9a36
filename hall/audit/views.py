"""The auditor's view of the log: search and filter, read only."""
import csv
import io
from datetime import datetime, time, timedelta

from flask import Blueprint, Response, render_template, request, stream_with_context
from sqlalchemy import or_, select

from hall.audit.models import AuditEntry
from hall.auth.people import person
from hall.core import clock
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.web.access import permission_required
from hall.web.export_cells import csv_row
from hall.web.input_guard import page_number, query_day

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50


def _day(args, name: str, zone):
    """The start of a bounded date (input_guard.query_day) in hall time, or None."""
    day = query_day(args, name)
    return None if day is None else datetime.combine(day, time(), zone)


def filtered_entries(args):
    """The audit query for the page's filters: text, action, user, date range."""
    query = select(AuditEntry)
    text = args.get("q", "").strip()[:100]
    if text:
        pattern = f"%{text}%"
        query = query.where(or_(AuditEntry.object_label.like(pattern),
                                AuditEntry.action.like(pattern),
                                AuditEntry.username.like(pattern)))
    for column in ("action", "username", "result"):
        if args.get(column):
            query = query.where(getattr(AuditEntry, column) == args[column][:60])
    zone = clock.hall_zone()
    start, end = _day(args, "from", zone), _day(args, "to", zone)
    if start:
        query = query.where(AuditEntry.created_at >= start)
    if end:
        query = query.where(AuditEntry.created_at < end + timedelta(days=1))
    return query


@bp.get("/")
@permission_required(Permission.READ_AUDIT)
def index():
    page = page_number(request.args)
    query = filtered_entries(request.args).order_by(AuditEntry.id.desc())
    entries = db.session.scalars(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return render_template("audit/index.html", entries=entries[:PAGE_SIZE], page=page,
                           has_next=len(entries) > PAGE_SIZE, args=request.args)


CSV_COLUMNS = ("id", "created_at", "username", "name", "role", "address", "action", "object_type",
               "object_id", "object_label", "result", "before", "after", "prev_hash", "hash")


@bp.get("/export.csv")
@permission_required(Permission.READ_AUDIT)
def export():
    """The filtered log as CSV (UTF-8 with BOM so Excel reads the Chinese), oldest first."""
    query = filtered_entries(request.args).order_by(AuditEntry.id)

    def rows():
        yield "\ufeff" + _csv_line(CSV_COLUMNS)
        for entry in db.session.scalars(query.execution_options(yield_per=1000)):
            values = [getattr(entry, c, "") for c in CSV_COLUMNS]
            values[1] = clock.local(entry.created_at).isoformat()
            values[3] = person(entry.username, unknown="")   # the 姓名 beside the technical actor
            yield _csv_line(values)

    filename = f"audit-{clock.local():%Y%m%d-%H%M}.csv"
    return Response(stream_with_context(rows()), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def _csv_line(values) -> str:
    """One CSV line; a username typed at the login page may look like a formula."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(values))
    return buffer.getvalue()

"""GET /api/v1/dashboard: the manager's live snapshot, for a bearer token or the page's
session (a GET needs no CSRF token), or for a wall screen's cookie (screens.py)."""
from flask import jsonify

from hall.core import clock
from hall.core.roles import Permission
from hall.dashboard.figures import stats_today as figures
from hall.dashboard.screens import screen_or
from hall.dashboard.snapshot import build
from hall.web.api import bp, spec, token_required


@bp.get("/dashboard")
@screen_or(token_required(Permission.MANAGE_HALL))
def dashboard():
    response = jsonify(build(clock.now()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/stats/today")
@token_required(Permission.MANAGE_HALL)
def stats_today():
    """Today's figures, the same as the dashboard's (every query bounded by today)."""
    return figures()


def _object(description: str, properties: dict | None = None) -> dict:
    schema = {"type": "object", "description": description}
    if properties:
        schema["properties"] = properties
    return schema


def _list(description: str, item: dict) -> dict:
    return {"type": "array", "description": description, "items": item}


_INT, _STR = {"type": "integer"}, {"type": "string"}
_NINT, _NSTR = {"type": "integer", "nullable": True}, {"type": "string", "nullable": True}
_LINE = _object("一个排队类别", {
    "code": _STR, "name": _STR, "prefix": _STR, "waiting": _INT,
    "longest_wait_minutes": _NINT, "oldest_issued_at": _NSTR, "open_windows": _INT,
    "alert": _NSTR})
_WINDOW = _object("一个窗口的状态", {
    "no": _INT, "name": _STR, "status": {"type": "string", "enum": ["open", "paused", "closed"]},
    "status_label": _STR, "categories": _list("办理的类别前缀", _STR),
    "current": _object("当前号码：number、status、since、minutes（已叫号或办理的分钟数）"),
    "served": _INT, "staff": _NSTR, "post": _STR, "since": _NSTR,
    "paused_minutes": _NINT, "idle_minutes": _NINT, "waiting": _INT, "alert": _NSTR})
_ALERT = _object("预警", {"level": {"type": "string", "enum": ["red", "amber"]},
                        "kind": _STR, "text": _STR})
spec.add_schemas({"DashboardSnapshot": _object("大厅监控快照", {
    "generated_at": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"}, "last_event_id": _INT,
    "thresholds": _object("预警阈值（分钟）：wait、paused、idle"),
    "figures": _object("今日数据：取号、办结、过号、平均等候、受理与办结办件、按期办结率、满意率"),
    "alerts": _list("预警，红色在前", _ALERT),
    "lines": _list("各类别等候", _LINE), "windows": _list("各窗口状态", _WINDOW),
    "window_counts": _object("开放、暂停、关闭的窗口数"),
    "cases": _object("红黄牌办件：counts、total 与最多 50 件的 list（含剩余工作日）"),
    "follow_ups": _object("未办结的差评回访：total、overdue 与最多 50 条的 list"),
    "calendar": _object("节假日安排：已录入与缺少的年份、受影响的办件与回访数"),
    "hourly": _list("今日 8:00–18:00 每小时取号与办结数", _object("一小时", {
        "hour": _INT, "label": _STR, "issued": _INT, "served": _INT})),
    "chart": _object("每小时图表的 SVG 几何数据")})})
spec.add_paths({"/api/v1/dashboard": {"get": {
    "summary": "大厅监控快照（大厅管理员）", "tags": ["stats"],
    "description": "大厅管理员的令牌或登录会话；监控大屏凭大屏链接设置的 Cookie（hall_screen）只读访问。"
                   "大屏链接无效或已被撤销时返回 403（screen_link_invalid）。",
    "security": [{"bearer": []}],
    "responses": {"200": spec.json_response("快照", spec.ref("DashboardSnapshot")),
                  **spec.error_responses(401, 403)}}}})
spec.add_paths({"/api/v1/stats/today": {"get": {
    "summary": "今日统计（大厅管理员）", "tags": ["stats"], "security": [{"bearer": []}],
    "responses": {"200": spec.json_response("统计", {"type": "object"}),
                  **spec.error_responses(401, 403)}}}})

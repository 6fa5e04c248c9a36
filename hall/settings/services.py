"""Reading and changing settings; every key has a default and a label."""
import json

from flask import has_request_context, request
from sqlalchemy import select

from hall.core import cache
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.core.journal import record
from hall.settings.models import Setting

DEFAULTS = {
    "hall_name": "政务服务中心",
    "region_code": "000000",
    "hall_address": "",
    "hall_phone": "",
    "public_base_url": "",
    "open_time": "09:00",
    "close_time": "17:30",
    "holidays_open": False,   # statutory holidays: closed unless the hall opens (hall.hours)
    "idle_minutes": 30,
    "lockout_minutes": 15,
    "password_max_age_days": 90,
    "noshow_requeue": True,
    "noshow_requeue_behind": 3,
    "call_template": "请{number}号到{window}号窗口办理",
    "call_voice": "clips",   # recorded clips; "speech": the PC's zh-CN voice where it has one
    "default_service_minutes": 8,
    "green_channel_minutes": 15,
    "warning_yellow_ratio": 0.2,
    "warning_yellow_min": 1,
    "supplement_restarts_clock": False,
    "followup_callback_days": 1,
    "followup_fix_days": 15,
    "complaint_reply_days": 5,
    "alert_wait_minutes": 30,
    "alert_paused_minutes": 20,
    "alert_idle_minutes": 15,
    "dashboard_screen_generation": 1,   # bumped to revoke every wall-screen link
    # Appointments (预约办理): booking from D-N to the cutoff of the day before, cancelling until
    # an hour before, check-in from 30 minutes before the slot to 15 after its start.
    "appointment_days_ahead": 7,
    "appointment_cutoff": "17:00",
    "appointment_cancel_minutes": 60,
    "appointment_weekly_limit": 3,
    "appointment_checkin_before": 30,
    "appointment_checkin_after": 15,
    "appointment_noshow_limit": 3,
    "appointment_noshow_days": 30,
    "appointment_block_days": 30,
    "appointment_reminder_time": "17:00",   # the day before the slot
    # Notifications (消息通知): "N people ahead", and at most so many SMS per number per hour.
    "notify_ahead": 3,
    "notify_per_phone_hour": 6,
}

# 5 failures lock an account (docs/rules.md §6): a rule, not a setting.
LOCKOUT_ATTEMPTS = 5


def get(key: str):
    """One setting, or its default (read once per request)."""
    return _current()[key]


# Every request reads the settings; a process keeps what it read for a second, so a change
# made in another worker takes effect within that second (at once in the worker making it).
CACHE_SECONDS = 1.0
_recent_values = cache.Timed("settings.values", CACHE_SECONDS)


def get_all() -> dict:
    """Every setting, defaults filled in; cached on the current request."""
    return dict(_current())


def _current() -> dict:
    """The request's settings (not to be changed: it is shared)."""
    cached = getattr(request, "_hall_settings", None) if has_request_context() else None
    if cached is not None:
        return cached
    values = _read_recent()
    if has_request_context():
        request._hall_settings = values
    return values


def _read_recent() -> dict:
    values = _recent_values.get(None)
    if values is None:
        values = dict(DEFAULTS)
        rows = db.session.connection().execute(select(Setting.key, Setting.value))
        values.update({k: json.loads(v) for k, v in rows if k in DEFAULTS})
        _recent_values.put(None, values)
    return values


def forget_cached() -> None:
    """Drop what this process has read (after a change, a restore, or between tests)."""
    _recent_values.clear()
    if has_request_context():
        request._hall_settings = None


def update(actor: Actor, changes: dict) -> dict:
    """Store changed settings and audit them; returns what actually changed."""
    current = get_all()
    changed = {k: v for k, v in changes.items() if k in DEFAULTS and current[k] != v}
    for key, value in changed.items():
        _store(key, value)
    forget_cached()
    if changed:
        record(actor, "settings.update", label="系统设置",
               before={k: current[k] for k in changed}, after=changed)
    return changed


def _store(key: str, value) -> None:
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    else:
        row.value = json.dumps(value, ensure_ascii=False)

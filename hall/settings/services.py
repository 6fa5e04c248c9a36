"""Reading and changing settings; every key has a default and a label."""
import json

from flask import has_request_context, request

from ..audit.services import Actor, record
from ..extensions import db
from .models import Setting

DEFAULTS = {
    "hall_name": "政务服务中心",
    "region_code": "000000",
    "hall_address": "",
    "hall_phone": "",
    "public_base_url": "",
    "open_time": "09:00",
    "close_time": "17:30",
    "idle_minutes": 30,
    "lockout_minutes": 15,
    "password_max_age_days": 90,
    "noshow_requeue": True,
    "noshow_requeue_behind": 3,
    "call_template": "请{number}号到{window}号窗口办理",
    "default_service_minutes": 8,
    "green_channel_minutes": 15,
    "warning_yellow_ratio": 0.2,
    "warning_yellow_min": 1,
    "supplement_restarts_clock": False,
    "followup_callback_days": 1,
    "followup_fix_days": 15,
    "alert_wait_minutes": 30,
    "alert_paused_minutes": 20,
    "alert_idle_minutes": 15,
}

# 5 failures lock an account (DOMAIN.md section 6): a rule, not a setting.
LOCKOUT_ATTEMPTS = 5


def get(key: str):
    """One setting, or its default (read once per request)."""
    return get_all()[key]


def get_all() -> dict:
    """Every setting, defaults filled in; cached on the current request."""
    cached = getattr(request, "_hall_settings", None) if has_request_context() else None
    if cached is not None:
        return dict(cached)
    values = dict(DEFAULTS)
    for row in db.session.scalars(db.select(Setting)):
        if row.key in values:
            values[row.key] = json.loads(row.value)
    if has_request_context():
        request._hall_settings = values
    return dict(values)


def update(actor: Actor, changes: dict) -> dict:
    """Store changed settings and audit them; returns what actually changed."""
    current = get_all()
    changed = {k: v for k, v in changes.items() if k in DEFAULTS and current[k] != v}
    for key, value in changed.items():
        _store(key, value)
    if has_request_context():
        request._hall_settings = None
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

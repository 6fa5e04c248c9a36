"""The lobby's wall display: latest calls, waiting counts, and the calls spoken aloud.

Screens that cannot make sound (autoplay refused, clips that do not play) say so on the
screen and report it here; the report goes into the event journal, where the manager's
dashboard reads the latest report of each screen of the last few minutes. A failing screen
repeats its report every two minutes, so a fixed or switched-off one drops out by itself.
"""
import json
import re
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, render_template, request
from sqlalchemy import select

from hall.core import clock
from hall.core.database import keep_counted
from hall.core.extensions import db
from hall.events.models import Event
from hall.events.services import latest_id, publish
from hall.web import ratelimit
from hall.web.access import public
from hall.web.helpers import client_address
from hall.web.responses import error
from hall.windows.models import Window

bp = Blueprint("display", __name__)

SOUND_EVENT = "display.sound"
SOUND_REASONS = ("autoplay", "clips", "missing")
SOUND_FRESH = timedelta(minutes=5)     # a failing screen reports every two minutes
SOUND_SCAN = 5000                      # the journal's latest events looked through
REPORTS_PER_ADDRESS = 30               # in ten minutes
_CLIENT = re.compile(r"^[a-z0-9]{8,16}$")


CLIPS_FILE = Path(__file__).resolve().parent.parent / "static" / "audio" / "zh-CN" / "clips.json"
_PAUSES = set("，。、,.；;：:！!？? \t")
_DIGITS = "零一二三四五六七八九"


@lru_cache(maxsize=1)
def _clip_words() -> frozenset:
    return frozenset(json.loads(CLIPS_FILE.read_text(encoding="utf-8"))["clips"])


def unspoken_words(template: str) -> list[str]:
    """The characters of a call template's own text that no clip can say.

    The screens play the longest known piece first (voice.js does the same walk), so
    "号窗口" is one clip and a lone "窗" is none.
    """
    words = _clip_words()
    longest = max(map(len, words))
    text = template.replace("{number}", " ").replace("{window}", " ")
    missing, i = [], 0
    while i < len(text):
        if text[i] in _PAUSES:
            i += 1
            continue
        size = next((n for n in range(min(longest, len(text) - i), 0, -1)
                     if text[i:i + n] in words), 0)
        if size == 0 and text[i].isdigit() and text[i].isascii() and _DIGITS[int(text[i])] in words:
            size = 1
        if size == 0:
            if text[i] not in missing:
                missing.append(text[i])
            size = 1
        i += size
    return missing


@bp.get("/display")
@public
def lobby():
    return render_template("queue/display.html")


@bp.post("/display/sound")
@public
def sound_report():
    """A screen says whether it can make sound (JSON, the page's CSRF token in X-CSRFToken)."""
    now = clock.now()
    limit = ratelimit.hit(f"sound:{client_address()}", REPORTS_PER_ADDRESS, 600, now)
    if not limit.allowed:
        keep_counted()
        return ratelimit.too_many(limit.retry_after)
    report, problem = _parse_report(request.get_json(silent=True))
    if problem:
        keep_counted()   # the rate-limit hit counts
        return error(400, "invalid", problem)
    publish(SOUND_EVENT, report, now)
    return {"ok": True}


def _parse_report(data) -> tuple[dict | None, str | None]:
    if not isinstance(data, dict):
        return None, "请求体须为 JSON 对象"
    ok, reason, client = data.get("ok"), data.get("reason"), data.get("client")
    device, window = data.get("device"), data.get("window")
    if not isinstance(ok, bool) or not isinstance(client, str) or not _CLIENT.match(client):
        return None, "声音状态不完整"
    if not ok and reason not in SOUND_REASONS:
        return None, "未知的声音故障"
    if device == "display":
        window = None
    elif device == "window":
        if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 999 \
                or db.session.scalar(select(Window.id).where(Window.no == window)) is None:
            return None, "没有这个窗口"
    else:
        return None, "未知的屏幕"
    return {"device": device, "window": window, "client": client, "ok": ok,
            "reason": None if ok else reason}, None


def sound_faults(now: datetime) -> list[dict]:
    """Screens whose latest sound report of the last minutes is a failure, lobby first."""
    rows = db.session.execute(
        select(Event.payload).where(Event.id > latest_id() - SOUND_SCAN,
                                    Event.kind == SOUND_EVENT,
                                    Event.created_at >= now - SOUND_FRESH)
        .order_by(Event.id))
    latest = {}
    for (payload,) in rows:
        report = json.loads(payload)
        latest[(report.get("device"), report.get("window"), report.get("client"))] = report
    faults = [r for r in latest.values() if not r.get("ok")]
    return sorted(faults, key=lambda r: (r.get("window") or 0, r.get("reason") or ""))

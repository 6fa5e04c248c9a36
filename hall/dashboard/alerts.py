"""What the manager must look at now: each alert says what is wrong in words.

Time thresholds come from the manager's rules page (alert_wait_minutes, alert_paused_minutes,
alert_idle_minutes) and fire once the whole minutes elapsed pass them: with 30 minutes, a
wait of 30 min 59 s is not yet an alert, 31 minutes is.
"""
from datetime import datetime

from hall.dashboard.today import minutes_since

RED, AMBER = "red", "amber"


def limits(values: dict) -> dict:
    """The three thresholds, in minutes, from the settings."""
    return {"wait": int(values["alert_wait_minutes"]),
            "paused": int(values["alert_paused_minutes"]),
            "idle": int(values["alert_idle_minutes"])}


def line_alert(line: dict, oldest: datetime | None, now: datetime, limit: int) -> str | None:
    """A category whose longest current wait passes the limit."""
    waited = minutes_since(oldest, now)
    if waited is None or waited <= limit:
        return None
    return (f"{line['prefix']} {line['name']}：最长已等候 {waited} 分钟"
            f"（超过 {limit} 分钟），{line['waiting']} 人在等候")


def window_alert(state: dict, thresholds: dict) -> str | None:
    """A window paused too long, or open and idle too long while people wait for it."""
    paused, idle = state["paused_minutes"], state["idle_minutes"]
    if paused is not None and paused > thresholds["paused"]:
        return f"{state['no']}号窗口已暂停 {paused} 分钟（超过 {thresholds['paused']} 分钟）"
    if idle is not None and state["waiting"] and idle > thresholds["idle"]:
        return (f"{state['no']}号窗口空闲 {idle} 分钟（超过 {thresholds['idle']} 分钟），"
                f"仍有 {state['waiting']} 人等候")
    return None


def collect(lines: list, windows: list, cases: dict, follow_ups: dict,
            calendar: dict, sound_faults: list | None = None) -> list[dict]:
    """Every alert of the snapshot, red ones first."""
    found = sound_alerts(sound_faults or [])
    found += [_alert(AMBER, "wait", line["alert"]) for line in lines if line["alert"]]
    found += [_alert(AMBER, "window", w["alert"]) for w in windows if w["alert"]]
    found += case_alerts(cases["counts"])
    found += follow_up_alerts(follow_ups)
    found += calendar_alerts(calendar)
    return sorted(found, key=lambda a: a["level"] != RED)


def _alert(level: str, kind: str, text: str) -> dict:
    return {"level": level, "kind": kind, "text": text}


SOUND_CAUSES = {
    "autoplay": "浏览器禁止自动播放，请点一下该屏幕，"
                "或以 --autoplay-policy=no-user-gesture-required 启动",
    "clips": "请检查音箱、声卡和录音文件",
    "missing": "叫号语音中有没有录音的文字，请在大厅规则中修改叫号语音",
}


def sound_alerts(faults: list[dict]) -> list[dict]:
    """Screens that cannot speak the calls: a blind visitor would never hear the number.

    One alert per cause: the lobby's screens, then the window screens named together."""
    lobby, windows = {}, {}
    for fault in faults:
        reason = fault.get("reason") if fault.get("reason") in SOUND_CAUSES else "clips"
        if fault.get("window"):
            windows.setdefault(reason, set()).add(fault["window"])
        else:
            lobby[reason] = True
    found = [_alert(RED, "sound", f"大厅叫号屏无法播放叫号声音：{SOUND_CAUSES[r]}") for r in lobby]
    for reason, numbers in windows.items():
        names = "、".join(str(n) for n in sorted(numbers))
        found.append(_alert(RED, "sound", f"{names}号窗口屏无法播放叫号声音：{SOUND_CAUSES[reason]}"))
    return found


def case_alerts(counts: dict) -> list[dict]:
    found = []
    if counts.get("red"):
        found.append(_alert(RED, "cases", f"{counts['red']} 件办件已超期（红牌），请督办"))
    if counts.get("yellow"):
        found.append(_alert(AMBER, "cases", f"{counts['yellow']} 件办件即将到期（黄牌）"))
    return found


def follow_up_alerts(follow_ups: dict) -> list[dict]:
    if not follow_ups["overdue"]:
        return []
    return [_alert(RED, "follow_ups", f"{follow_ups['overdue']} 条差评回访已超期，请尽快处理")]


def calendar_alerts(calendar: dict) -> list[dict]:
    """A year the hall has no holiday schedule for: the current one, the next after
    November, or any year a case's or follow-up's deadline runs into."""
    found = []
    for year in calendar["missing_years"]:
        waiting = calendar["cases_waiting"].get(str(year), 0)
        follow = calendar["follow_ups_waiting"].get(str(year), 0)
        text = f"{year}年节假日安排未录入"
        if waiting or follow:
            text += f"（{waiting} 件办件期限暂定、{follow} 条回访期限待定）"
        urgent = waiting or follow or year <= calendar["year"]
        found.append(_alert(RED if urgent else AMBER, "calendar",
                            text + "，请在“节假日”页面导入"))
    return found

"""Screens that cannot make sound report it; the dashboard shows it while it lasts."""
from datetime import timedelta

import pytest

from hall.core import clock
from hall.core.extensions import db
from hall.dashboard import alerts
from hall.queue.display import REPORTS_PER_ADDRESS, sound_faults

LOBBY = {"device": "display", "window": None, "client": "lobbyscreen01", "ok": False,
         "reason": "autoplay"}


@pytest.fixture
def now(freeze_time):
    return freeze_time("2026-12-04 10:00")


def report(http, **changes):
    return http.post("/display/sound", json={**LOBBY, **changes})


def texts(now) -> list[str]:
    return [a["text"] for a in alerts.sound_alerts(sound_faults(now))]


def test_a_failure_is_an_alert_until_the_screen_reports_sound_again(client, now):
    assert report(client).status_code == 200
    assert texts(now) == ["大厅叫号屏无法播放叫号声音：浏览器禁止自动播放，请点一下该屏幕，"
                          "或以 --autoplay-policy=no-user-gesture-required 启动"]
    assert report(client, ok=True, reason=None).status_code == 200
    assert texts(now) == []


def test_a_screen_that_stops_reporting_drops_out(client, freeze_time, now):
    report(client)
    assert len(texts(now + timedelta(minutes=4))) == 1
    assert texts(now + timedelta(minutes=6)) == []


def test_window_screens_are_named_and_screens_counted_apart(client, make, now):
    make.window(no=25)
    db.session.commit()
    make.window(no=3)
    db.session.commit()
    report(client, device="window", window=25, reason="clips")
    report(client, device="window", window=3, reason="clips", client="windowscreen3")
    report(client, client="lobbyscreen02", reason="missing")
    report(client, client="lobbyscreen03", ok=True, reason=None)
    found = alerts.sound_alerts(sound_faults(now))
    assert [a["level"] for a in found] == ["red", "red"]
    assert [a["text"] for a in found] == [
        "大厅叫号屏无法播放叫号声音：叫号语音中有没有录音的文字，请在大厅规则中修改叫号语音",
        "3、25号窗口屏无法播放叫号声音：请检查音箱、声卡和录音文件"]


@pytest.mark.parametrize("changes", [
    {"ok": "no"}, {"client": "x"}, {"client": "有中文的编号aaaa"}, {"client": "a" * 17},
    {"reason": "fire"}, {"device": "kiosk"}, {"device": "window", "window": 7},
    {"device": "window", "window": 10 ** 20}, {"device": "window", "window": True},
    {"device": "window", "window": "25"}])
def test_bad_reports_are_refused_and_change_nothing(client, make, now, changes):
    make.window(no=25)
    db.session.commit()
    response = report(client, **changes)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
    assert texts(now) == []


def test_not_json_is_refused(client, now):
    response = client.post("/display/sound", data="ok", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"


def test_reports_are_rate_limited_per_address(client, now):
    for _ in range(REPORTS_PER_ADDRESS):
        assert report(client).status_code == 200
    response = report(client)
    assert response.status_code == 429
    assert "请求过于频繁" in response.get_json()["error"]["message"]


def test_the_dashboard_snapshot_carries_the_alert(client, now):
    from hall.dashboard import snapshot
    report(client)
    found = [a for a in snapshot.build(clock.now())["alerts"] if a["kind"] == "sound"]
    assert found and found[0]["level"] == "red"

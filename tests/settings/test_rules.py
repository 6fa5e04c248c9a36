"""The hall manager's rules page."""
from hall.settings import services as settings

VALID = {"noshow_requeue": "y", "noshow_requeue_behind": "5",
         "call_template": "请{number}号到{window}号窗口", "default_service_minutes": "6",
         "green_channel_minutes": "20", "warning_yellow_ratio": "0.3", "warning_yellow_min": "2",
         "followup_callback_days": "2", "followup_fix_days": "10",
         "alert_wait_minutes": "40", "alert_paused_minutes": "20", "alert_idle_minutes": "15",
         "complaint_reply_days": "7"}


def test_manager_changes_the_rules(client, login_as):
    login_as("manager")
    assert client.get("/admin/settings/rules").status_code == 200
    response = client.post("/admin/settings/rules", data=VALID)
    assert response.status_code == 302
    assert settings.get("noshow_requeue_behind") == 5
    assert settings.get("warning_yellow_ratio") == 0.3
    assert settings.get("supplement_restarts_clock") is False
    assert settings.get("followup_fix_days") == 10
    assert settings.get("alert_wait_minutes") == 40
    assert settings.get("complaint_reply_days") == 7


def test_bad_rules_are_refused_in_chinese(client, login_as):
    login_as("manager")
    response = client.post("/admin/settings/rules", data={**VALID, "call_template": "请到窗口"})
    assert response.status_code == 400
    assert "须包含 {number} 和 {window}" in response.get_data(as_text=True)
    assert settings.get("call_template") == "请{number}号到{window}号窗口办理"


def test_only_managers_see_the_rules(client, login_as):
    login_as("admin")
    assert client.get("/admin/settings/rules").status_code == 403


def test_a_call_template_with_words_that_have_no_clip_is_refused(client, login_as):
    login_as("manager")
    response = client.post("/admin/settings/rules",
                           data={**VALID, "call_template": "请{number}号到{window}号窗口喝茶"})
    assert response.status_code == 400
    assert "“喝、茶”没有录音，叫号屏念不出来" in response.get_data(as_text=True)
    assert settings.get("call_template") == "请{number}号到{window}号窗口办理"
    response = client.post("/admin/settings/rules",
                           data={**VALID, "call_template": "{number}号顾客，请前往{window}号窗口办理"})
    assert response.status_code == 302
    assert settings.get("call_template") == "{number}号顾客，请前往{window}号窗口办理"


def test_the_manager_chooses_the_pc_voice(client, login_as):
    login_as("manager")
    assert client.post("/admin/settings/rules", data=VALID).status_code == 302
    assert settings.get("call_voice") == "clips"          # left out of the form: unchanged
    response = client.post("/admin/settings/rules", data={**VALID, "call_voice": "speech"})
    assert response.status_code == 302
    assert settings.get("call_voice") == "speech"
    response = client.post("/admin/settings/rules", data={**VALID, "call_voice": "robot"})
    assert response.status_code == 400
    assert settings.get("call_voice") == "speech"

"""The hall manager's rules form: the queue, the legal clock, follow-ups and alerts."""
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
    ValidationError,
)

from hall.queue.display import unspoken_words
from hall.settings import services as settings_services
from hall.web.helpers import HallForm, choices

REQUIRED = "此项为必填项"


class HallRulesForm(HallForm):
    """The hall manager's rules for the queue and the legal clock."""

    noshow_requeue = BooleanField("过号后重新排队一次")
    noshow_requeue_behind = IntegerField("过号重新排队时排在几人之后", validators=[
        InputRequired(REQUIRED), NumberRange(1, 50, message="须在 1 到 50 之间")])
    call_template = StringField("叫号语音", validators=[
        DataRequired(REQUIRED), Length(max=60),
        Regexp(r"^[^{}]*\{number\}[^{}]*\{window\}[^{}]*$",
               message="须包含 {number} 和 {window}，例如：请{number}号到{window}号窗口办理")],
        description="{number} 为号码，{window} 为窗口号")
    call_voice = SelectField("叫号播音", choices=choices([
        ("clips", "录音片段（不依赖电脑语音，推荐）"),
        ("speech", "电脑的普通话语音（没有时仍用录音片段）")]),
        description="录音片段在 hall/static/audio/zh-CN/，可换成真人录音，见 README")
    default_service_minutes = IntegerField("预计等候：无历史数据时每人办理分钟数", validators=[
        InputRequired(REQUIRED), NumberRange(1, 120, message="须在 1 到 120 之间")])
    green_channel_minutes = IntegerField("绿色通道每次开启分钟数", validators=[
        InputRequired(REQUIRED), NumberRange(1, 240, message="须在 1 到 240 之间")])
    warning_yellow_ratio = DecimalField("黄牌：剩余工作日不超过承诺时限的比例", places=2, validators=[
        InputRequired(REQUIRED), NumberRange(0, 1, message="须在 0 到 1 之间")],
        description="默认 0.2，即剩余不超过承诺时限的 20% 时亮黄牌")
    warning_yellow_min = IntegerField("黄牌：至少提前几个工作日", validators=[
        InputRequired(REQUIRED), NumberRange(0, 30, message="须在 0 到 30 之间")])
    supplement_restarts_clock = BooleanField("补正材料后重新计算办理时限（从收到材料次日起算）")
    followup_callback_days = IntegerField("差评回访期限（工作日）", validators=[
        InputRequired(REQUIRED), NumberRange(1, 30, message="须在 1 到 30 之间")])
    followup_fix_days = IntegerField("差评整改期限（工作日）", validators=[
        InputRequired(REQUIRED), NumberRange(1, 60, message="须在 1 到 60 之间")])
    complaint_reply_days = IntegerField("投诉建议答复期限（工作日）", validators=[
        InputRequired(REQUIRED), NumberRange(1, 30, message="须在 1 到 30 之间")],
        description="自收到次日起算，逾期未答复的在投诉建议页标为已超期")
    alert_wait_minutes = IntegerField("提醒：有人等候超过（分钟）", validators=[
        InputRequired(REQUIRED), NumberRange(5, 240, message="须在 5 到 240 之间")])
    alert_paused_minutes = IntegerField("提醒：窗口暂停超过（分钟）", validators=[
        InputRequired(REQUIRED), NumberRange(5, 240, message="须在 5 到 240 之间")])
    alert_idle_minutes = IntegerField("提醒：开放窗口空闲而有人等候超过（分钟）", validators=[
        InputRequired(REQUIRED), NumberRange(5, 240, message="须在 5 到 240 之间")])

    def validate_call_template(self, field):
        # The screens speak from recorded clips: a word without one would go unsaid.
        missing = unspoken_words(field.data or "")
        if missing:
            raise ValidationError(f"“{'、'.join(missing)}”没有录音，叫号屏念不出来：请只用已录的词"
                                  "（如 请、号、到、号窗口、办理、前往、柜台），或按 README 补录")

    def service_data(self) -> dict:
        data = super().service_data()
        data["warning_yellow_ratio"] = float(data["warning_yellow_ratio"])
        return data


def rules_form() -> HallRulesForm:
    """The rules form as saved, not as posted (for a page that another form refused)."""
    return HallRulesForm(data=settings_services.get_all(), formdata=None)

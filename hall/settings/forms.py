"""The hall settings form."""
from wtforms import IntegerField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from hall.web.helpers import HallForm

REQUIRED = "此项为必填项"
TIME = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message="时间格式须为 HH:MM，例如 09:00")


class SettingsForm(HallForm):
    hall_name = StringField("大厅名称", validators=[DataRequired(REQUIRED), Length(max=60)])
    region_code = StringField("行政区划代码", validators=[
        DataRequired(REQUIRED), Regexp(r"^[0-9]{6}$", message="行政区划代码须为 6 位数字")])
    hall_address = StringField("地址", validators=[Optional(), Length(max=200)])
    hall_phone = StringField("服务电话", validators=[Optional(), Length(max=30)])
    public_base_url = StringField("手机访问地址", validators=[
        Optional(), Length(max=200),
        Regexp(r"^https?://[^\s/]+(:\d+)?/?$", message="请填写形如 http://192.168.1.10 的地址")],
        description="票据和回执二维码使用的地址（群众手机能访问的内网或外网地址）。留空时不采用请求中的主机名，"
                    "只在本机地址或 HALL_TRUSTED_HOSTS 所列地址访问时使用当前访问地址")
    open_time = StringField("开始办公时间", validators=[DataRequired(REQUIRED), TIME],
                            description="大厅规则中未设置每周办公时间时，周一至周五按此时间办公")
    close_time = StringField("结束办公时间", validators=[DataRequired(REQUIRED), TIME],
                             description="即办件在此时间后仍未办结即为超期")
    idle_minutes = IntegerField("无操作自动退出（分钟）", validators=[
        InputRequired(REQUIRED), NumberRange(5, 240, message="须在 5 到 240 分钟之间")])
    lockout_minutes = IntegerField("连续 5 次登录失败后锁定（分钟）", validators=[
        InputRequired(REQUIRED), NumberRange(1, 1440, message="须在 1 到 1440 分钟之间")])
    password_max_age_days = IntegerField("密码有效期（天，0 为不限）", validators=[
        Optional(), NumberRange(0, 365, message="须在 0 到 365 天之间")])

    def validate_close_time(self, field):
        if self.open_time.data and field.data and field.data <= self.open_time.data:
            raise ValidationError("结束办公时间须晚于开始办公时间")

"""The appointment pages' forms: the citizen's booking details and the manager's slot rows.

The 身份证号 and the phone number are checked by the booking service (GB 11643, mainland
mobile): the form only asks that something was typed, so one rule gives one message.
"""
from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from hall.web.helpers import CheckboxesField, HallForm, choices

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
TIME = Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", message="请按 09:00 的格式填写时间")
MAX_CAPACITY = 999


class BookingForm(HallForm):
    """Who books: as written on the 身份证, and a mobile for the 预约码 by SMS."""

    name = StringField("姓名", validators=[DataRequired("请填写姓名"),
                                          Length(max=30, message="姓名不能超过 30 个字")],
                       description="与身份证上的姓名一致")
    id_number = StringField("身份证号", validators=[DataRequired("请填写身份证号"),
                                                 Length(max=30, message="身份证号应为18位")],
                            description="18 位，最后一位可以是 X；签到时可凭身份证号签到")
    phone = StringField("手机号", validators=[DataRequired("请填写手机号"),
                                           Length(max=20, message="手机号应为11位")],
                        description="预约成功和办理提醒将发送到此号码")


def _ordered(form) -> bool:
    if form.start.data >= form.end.data:
        form.end.errors.append("结束时间须晚于开始时间")
        return False
    return True


class SlotRowForm(HallForm):
    """One weekday row of a category's slots, edited in place (prefix: the row's id)."""

    start = StringField("开始", validators=[DataRequired("请填写开始时间"), TIME])
    end = StringField("结束", validators=[DataRequired("请填写结束时间"), TIME])
    capacity = IntegerField("名额", validators=[
        InputRequired("请填写名额"),
        NumberRange(1, MAX_CAPACITY, message=f"名额须在 1 到 {MAX_CAPACITY} 之间")])
    active = BooleanField("开放")

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and _ordered(self)


class SlotAddForm(HallForm):
    """New rows: on the weekdays ticked, from start to end, cut into slots of `length`
    minutes (empty: one slot), each with `capacity` places."""

    weekdays = CheckboxesField("星期", choices=choices(enumerate(WEEKDAYS)), coerce=int,
                               validators=[DataRequired("请至少选择一天")])
    start = StringField("开始", validators=[DataRequired("请填写开始时间"), TIME])
    end = StringField("结束", validators=[DataRequired("请填写结束时间"), TIME])
    length = IntegerField("每段分钟数", validators=[
        Optional(), NumberRange(5, 480, message="须在 5 到 480 分钟之间")],
        description="例如 30：09:00–11:30 分成 5 个时段；留空为一个时段")
    capacity = IntegerField("每段名额", validators=[
        InputRequired("请填写名额"),
        NumberRange(1, MAX_CAPACITY, message=f"名额须在 1 到 {MAX_CAPACITY} 之间")])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and _ordered(self)

    def pieces(self) -> list[tuple[str, str]]:
        """(start, end) of each new slot."""
        first, last = _minutes(self.start.data), _minutes(self.end.data)
        step = self.length.data or (last - first)
        return [(_hhmm(m), _hhmm(min(m + step, last))) for m in range(first, last, step)]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class DayForm(HallForm):
    """The day's bookings: which date (GET, no CSRF)."""

    class Meta:
        csrf = False

    date = DateField("日期", validators=[Optional()])


class ExceptionForm(HallForm):
    """One date of a category that differs from its weekday: closed, or other places."""

    day = DateField("日期", validators=[InputRequired("请选择日期")])
    kind = RadioField("当天", choices=choices([("closed", "不开放预约"),
                                              ("capacity", "每个时段名额改为")]),
                      default="closed", validate_choice=True)
    capacity = IntegerField("当天每个时段名额", validators=[
        Optional(), NumberRange(0, MAX_CAPACITY, message=f"名额须在 0 到 {MAX_CAPACITY} 之间")])
    label = StringField("说明", validators=[Length(max=40, message="说明不能超过 40 个字")],
                       description="例如：系统升级、专场服务")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data == "capacity" and self.capacity.data is None:
            self.capacity.errors.append("请填写当天每个时段的名额")
            return False
        return valid

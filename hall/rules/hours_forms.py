"""The hours forms of the rules page: the week, special days, each category's quota."""
from wtforms import BooleanField, DateField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hall.hours import rules
from hall.web.helpers import HallForm


class WeekForm(HallForm):
    """Seven weekdays' sessions and ticketing start, and the holidays' rule."""

    holidays_open = BooleanField("法定节假日照常办公（不勾选则节假日不办公；调休上班日按星期一办公）")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for n in range(7):
            valid = self._check_day(self[f"sessions_{n}"], self[f"ticketing_{n}"]) and valid
        return valid

    @staticmethod
    def _check_day(sessions, start) -> bool:
        """Each weekday's text parses, and ticketing does not start after opening."""
        try:
            parsed = rules.parse_sessions(sessions.data or "")
        except rules.HoursError as exc:
            sessions.errors.append(str(exc))
            return False
        try:
            rules.DayHours(parsed, rules.parse_minutes(start.data) if start.data else None)
        except rules.HoursError as exc:
            start.errors.append(str(exc))
            return False
        return True

    def days(self):
        """[(weekday, sessions text, ticketing start or None)] as entered."""
        return [(n, self[f"sessions_{n}"].data or "", (self[f"ticketing_{n}"].data or "").strip()
                 or None) for n in range(7)]


for _n, _label in enumerate(rules.WEEKDAY_LABELS):
    setattr(WeekForm, f"sessions_{_n}", StringField(f"{_label}办公时段", validators=[Length(max=120)]))
    setattr(WeekForm, f"ticketing_{_n}", StringField(f"{_label}开始取号", validators=[Length(max=5)]))


class SpecialDayForm(HallForm):
    day = DateField("日期", validators=[InputRequired("请选择日期")])
    sessions = StringField("办公时段", validators=[Length(max=120)],
                           description="留空为当日不办公（临时闭厅）")
    ticketing_from = StringField("开始取号", validators=[Optional(), Length(max=5)])
    label = StringField("说明", validators=[DataRequired("请填写说明，例如：延时服务、周末不打烊"),
                                          Length(max=40)])


def quota_form(categories, data=None):
    """A form with a quota and a stop time for each category."""
    class QuotaForm(HallForm):
        pass
    for category in categories:
        setattr(QuotaForm, f"quota_{category.id}", IntegerField(
            f"{category.name}每日限号", validators=[
                InputRequired("请填写数字，0 为不限"),
                NumberRange(0, 9999, message="须在 0 到 9999 之间，0 为不限")]))
        setattr(QuotaForm, f"stop_{category.id}", IntegerField(
            f"{category.name}提前停止取号（分钟）", validators=[
                InputRequired("请填写数字，0 为到点停止"),
                NumberRange(0, 240, message="须在 0 到 240 分钟之间")]))
    return QuotaForm(data=data)

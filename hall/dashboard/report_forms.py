"""The report's query forms (GET, no CSRF: they change nothing) and the quick ranges."""
import re
from datetime import date, timedelta

from wtforms import DateField, StringField
from wtforms.validators import DataRequired, StopValidation, ValidationError

from hall.dashboard.reports import MAX_DAYS, Period
from hall.web.helpers import HallForm
from hall.web.input_guard import DATE_SHAPE

EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class DayField(DateField):
    """A YYYY-MM-DD date; empty is 'missing' (DataRequired says so), not 'malformed'."""

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        if not DATE_SHAPE.fullmatch(str(valuelist[0]).strip()):   # ASCII digits only, as elsewhere
            self.data = None
            raise ValueError(self.invalid_value_message or BAD_DATE)   # WTForms shows it
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.data is not None and not EARLIEST <= self.data <= LATEST:
            raise ValidationError("日期须在 2000 年至 2099 年之间")


BAD_DATE = "日期格式应为“年-月-日”，例如 2026-12-01"


def required_day(message: str):
    """Missing says `message`; a malformed date keeps its own message."""
    def check(form, field):
        if field.data is None and not field.process_errors:
            raise StopValidation(message)
    check.field_flags = {"required": True}
    return check


class RangeForm(HallForm):
    class Meta:
        csrf = False

    start = DayField("开始日期", validators=[required_day("请选择开始日期")],
                     invalid_value_message=BAD_DATE)
    end = DayField("结束日期", validators=[required_day("请选择结束日期")],
                   invalid_value_message=BAD_DATE)

    def validate_end(self, field):
        start, end = self.start.data, field.data
        if start is None or end is None or self.start.errors:
            return
        if start > end:
            raise ValidationError("结束日期不能早于开始日期")
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationError(f"统计区间最长 {MAX_DAYS} 天，请缩短日期范围")

    @property
    def period(self) -> Period:
        return Period(self.start.data, self.end.data)

    def first_error(self) -> str:
        return next(iter(e for errors in self.errors.values() for e in errors), "")


class MonthForm(HallForm):
    class Meta:
        csrf = False

    month = StringField("月份", validators=[DataRequired("请选择月份")])

    def validate_month(self, field):
        found = MONTH_PATTERN.match(str(field.data or "").strip())
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise ValidationError("月份格式应为“年-月”，例如 2026-11")
        if not EARLIEST.year <= int(found.group(1)) <= LATEST.year:
            raise ValidationError("月份须在 2000 年至 2099 年之间")

    @property
    def period(self) -> Period:
        year, month = (int(part) for part in self.month.data.strip().split("-"))
        return month_period(year, month)

    def first_error(self) -> str:
        return next(iter(self.month.errors), "")


def month_period(year: int, month: int) -> Period:
    """The whole calendar month."""
    following = date(year + month // 12, month % 12 + 1, 1)
    return Period(date(year, month, 1), following - timedelta(days=1))


def quick_ranges(today: date) -> list[tuple[str, Period]]:
    """本月, 上月, 本季度, 今年: the current ones up to today."""
    last_month = month_period(*_previous_month(today))
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return [("本月", Period(today.replace(day=1), today)), ("上月", last_month),
            ("本季度", Period(quarter_start, today)),
            ("今年", Period(date(today.year, 1, 1), today))]


def _previous_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)

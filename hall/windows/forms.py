"""Window form."""
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from hall.web.helpers import CheckboxesField, HallForm, choices
from hall.windows.models import WINDOW_KINDS, WINDOW_STATUSES

REQUIRED = "此项为必填项"


class WindowForm(HallForm):
    no = IntegerField("窗口号", validators=[
        DataRequired(REQUIRED), NumberRange(1, 999, message="窗口号须在 1 到 999 之间")])
    name = StringField("窗口名称", validators=[DataRequired(REQUIRED), Length(max=60)])
    kind = SelectField("窗口类型", choices=choices(WINDOW_KINDS.items()))
    status = SelectField("状态", choices=choices(WINDOW_STATUSES.items()), default="closed")
    staff_a_id = SelectField("A岗（主办）", coerce=int)
    staff_b_id = SelectField("B岗（代理）", coerce=int)
    departments = CheckboxesField("进驻部门", coerce=int)
    categories = CheckboxesField("办理的排队类别", coerce=int)

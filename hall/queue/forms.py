"""Queue category form."""
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from hall.web.helpers import CheckboxesField, HallForm

REQUIRED = "此项为必填项"


class CategoryForm(HallForm):
    code = StringField("类别编码", validators=[
        DataRequired(REQUIRED), Length(max=20),
        Regexp(r"^[a-z0-9_-]+$", message="编码只能包含小写英文字母、数字、_ 和 -")])
    name = StringField("类别名称", validators=[DataRequired(REQUIRED), Length(max=40)])
    prefix = StringField("字母前缀", validators=[
        DataRequired(REQUIRED), Regexp(r"^[A-Z]$", message="字母前缀须为一个大写英文字母")],
        description="票号形如 A001，每个类别各自从 001 起编号")
    description = StringField("说明", validators=[Optional(), Length(max=200)])
    sort_order = IntegerField("排序", default=0, validators=[Optional()])
    is_active = BooleanField("启用", default=True)
    items = CheckboxesField("包含事项", coerce=int, validators=[Optional()])

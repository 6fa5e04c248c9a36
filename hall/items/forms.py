"""Forms for departments, items and materials."""
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from hall.items.models import ITEM_TYPES, MATERIAL_FORMS, SPECIAL_STEPS
from hall.web.helpers import CheckboxesField, HallForm, choices

REQUIRED = "此项为必填项"
PHONE = Regexp(r"^[0-9+\- ]*$", message="电话号码只能包含数字、空格、+ 和 -")
DAYS = NumberRange(0, 365, message="工作日数须在 0 到 365 之间")


class DepartmentForm(HallForm):
    code = StringField("部门编码", validators=[
        DataRequired(REQUIRED), Length(max=20),
        Regexp(r"^[A-Za-z0-9_-]+$", message="编码只能包含英文字母、数字、_ 和 -")])
    name = StringField("部门名称", validators=[DataRequired(REQUIRED), Length(max=60)])
    phone = StringField("咨询电话", validators=[Optional(), Length(max=30), PHONE])
    sort_order = IntegerField("排序", default=0, validators=[Optional()])


class ItemForm(HallForm):
    code = StringField("事项编码", validators=[
        DataRequired(REQUIRED), Length(max=40),
        Regexp(r"^[A-Za-z0-9-]+$", message="编码只能包含英文字母、数字和 -")],
        description="例如 62052400MZ-XK-0001")
    name = StringField("事项名称", validators=[DataRequired(REQUIRED), Length(max=120)])
    aliases = TextAreaField("常用名（群众的叫法）", validators=[Optional(), Length(
        max=1000, message="常用名合计不能超过 1000 字")],
        description="每行一个，或用“、”“，”分隔，例如：营业执照、个体户执照；办事群众按这些名称和它们的拼音、拼音首字母都能搜到本事项")
    type = SelectField("事项类型", choices=choices(ITEM_TYPES.items()))
    department_id = SelectField("实施部门", coerce=int,
                                validators=[DataRequired("请选择实施部门")])
    category_id = SelectField("取号类别", coerce=int, default=0,
                              description="群众在办事指南中点“取号”时领取的排队号类别；不选则不显示取号按钮")
    legal_basis = TextAreaField("设定和实施依据", validators=[DataRequired(REQUIRED)])
    conditions = TextAreaField("受理条件", validators=[DataRequired(REQUIRED)])
    procedure = TextAreaField("办理流程", validators=[DataRequired(REQUIRED)],
                              description="每行一个步骤，例如：申请、受理、审查、决定、送达")
    legal_days = IntegerField("法定时限（工作日）", default=20,
                              validators=[InputRequired(REQUIRED), DAYS])
    promised_days = IntegerField("承诺时限（工作日）", default=0, validators=[InputRequired(REQUIRED), DAYS],
                                 description="0 表示即办件（当场或当日办结）")
    charges_fee = BooleanField("收费")
    fee_basis = TextAreaField("收费依据", validators=[Optional(), Length(max=2000)])
    fee_standard = TextAreaField("收费标准", validators=[Optional(), Length(max=2000)])
    place = StringField("办理地点", validators=[DataRequired(REQUIRED), Length(max=200)])
    consult_phone = StringField("咨询电话", validators=[DataRequired(REQUIRED), Length(max=30), PHONE])
    complaint_phone = StringField("监督投诉电话", validators=[DataRequired(REQUIRED), Length(max=30), PHONE])
    online = BooleanField("可网上办理")
    online_url = StringField("网上办理地址", validators=[Optional(), Length(max=200)])
    visits = IntegerField("到现场次数", default=1, validators=[
        InputRequired(REQUIRED), NumberRange(0, 5, message="到现场次数须在 0 到 5 之间")])
    special_steps = CheckboxesField("特殊环节（计时暂停）", choices=choices(SPECIAL_STEPS.items()))
    is_published = BooleanField("在办事指南中公开", default=True)


class MaterialForm(HallForm):
    name = StringField("材料名称", validators=[DataRequired(REQUIRED), Length(max=200)])
    form = SelectField("材料形式", choices=choices(MATERIAL_FORMS.items()))
    copies = IntegerField("份数", default=1, validators=[
        InputRequired(REQUIRED), NumberRange(1, 99, message="份数须在 1 到 99 之间")])
    required = BooleanField("必须提交", default=True)
    deferrable = BooleanField("可容缺（可后补）")
    requirements = TextAreaField("要求说明", validators=[Optional(), Length(max=2000)])
    position = IntegerField("排序", default=0, validators=[Optional()])
    sample = FileField("样表或空白表格", validators=[FileAllowed(
        ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"],
        "样表只能是 PDF、Word、Excel 或图片文件")])

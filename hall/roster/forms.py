"""The roster form: one leader for one date or a range of dates."""
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import Optional

from hall.roster.services import NAME_MAX, TITLE_MAX
from hall.web.helpers import HallForm


class RosterForm(HallForm):
    start = DateField("开始日期", validators=[Optional()])
    end = DateField("结束日期", validators=[Optional()],
                    description="只安排一天可不填；一次最多 62 天")
    name = StringField("带班领导姓名", render_kw={"maxlength": NAME_MAX})
    title = StringField("职务", render_kw={"maxlength": TITLE_MAX, "placeholder": "如：副主任"},
                        description="大厅显示屏显示姓名和职务")
    phone = StringField("联系电话（可不填）", render_kw={"maxlength": 16, "inputmode": "tel"},
                        description="仅在本页显示，不在大厅公开")
    workdays_only = BooleanField("只安排工作日（按节假日日历跳过周末和法定节假日）", default=True)

"""The acceptance form at the window."""
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from hall.web.helpers import HallForm, choices


class AcceptForm(HallForm):
    item = SelectField("办理事项")
    applicant_type = RadioField("申请人类型", default="person",
                                choices=choices([("person", "个人"), ("org", "单位")]))
    name = StringField("申请人姓名 / 单位名称", validators=[Length(max=100)])
    id_number = StringField("身份证号", validators=[Optional(), Length(max=20)])
    credit_code = StringField("统一社会信用代码", validators=[Optional(), Length(max=20)])
    contact = StringField("经办人", validators=[Optional(), Length(max=40)])
    phone = StringField("联系电话", validators=[Length(max=20)])
    promise_date = DateField("容缺材料承诺补交日期", validators=[Optional()],
                             description="仅在容缺受理时填写，不得晚于办理期限")
    reason = TextAreaField("不予受理理由", validators=[Optional(), Length(max=2000)])

    def applicant(self) -> dict:
        return {"type": self.applicant_type.data, "name": self.name.data,
                "id_number": self.id_number.data, "credit_code": self.credit_code.data,
                "contact": self.contact.data, "phone": self.phone.data}

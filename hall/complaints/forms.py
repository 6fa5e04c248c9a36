"""Forms of the complaint pages. They carry the CSRF token and the fields; the rules live in
the services (the API uses the same ones), so the fields have no validators of their own."""
from sqlalchemy import select
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField

from hall.complaints.drafts import CASE_NO_MAX, CONTENT_MAX, NAME_MAX
from hall.complaints.models import KINDS
from hall.core.extensions import db
from hall.items.models import Department
from hall.web.helpers import HallForm, choices
from hall.windows.models import Window

KIND_HINTS = {"complaint": "对服务不满意", "suggestion": "提出意见建议",
              "praise": "表扬窗口人员"}


class ComplaintForm(HallForm):
    kind = RadioField("类型", choices=choices(KINDS.items()), validate_choice=False)
    content = TextAreaField("具体内容", render_kw={"maxlength": CONTENT_MAX, "rows": 5})
    window = SelectField("涉及窗口（可不选）", validate_choice=False)
    department = SelectField("涉及部门（可不选）", validate_choice=False)
    case_no = StringField("办件编号（可不填）", render_kw={
        "maxlength": CASE_NO_MAX, "inputmode": "numeric", "autocomplete": "off"})
    name = StringField("姓名", render_kw={"maxlength": NAME_MAX, "autocomplete": "name"})
    phone = StringField("联系电话", render_kw={
        "maxlength": 16, "inputmode": "tel", "autocomplete": "tel"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        windows = db.session.scalars(select(Window).order_by(Window.no)).all()
        departments = db.session.scalars(
            select(Department).order_by(Department.sort_order, Department.code)).all()
        self.window.choices = choices(
            [("", "不涉及具体窗口")] + [(str(w.no), f"{w.no}号窗口 {w.name}") for w in windows])
        self.department.choices = choices(
            [("", "不涉及具体部门")] + [(d.code, d.name) for d in departments])


class AnswerForm(HallForm):
    answer = TextAreaField("答复内容（将在回音壁公开）", render_kw={"rows": 6, "maxlength": 2000})


class PublishForm(HallForm):
    reason = StringField("不公开的理由（仅内部可见）", render_kw={"maxlength": 200})
    public = HiddenField()


class ActionForm(HallForm):
    """A button that only needs the CSRF token and one value."""

    value = HiddenField()

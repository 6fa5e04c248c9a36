"""Checking and cleaning a citizen's submission before anything is stored."""
from dataclasses import dataclass

from sqlalchemy import select

from hall.complaints.models import KINDS
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.text import clean_text
from hall.core.validators import normalize_phone, phone_problem
from hall.items.models import Department
from hall.windows.models import Window

CONTENT_MAX, NAME_MAX, CASE_NO_MAX = 500, 20, 24
@dataclass(frozen=True)
class Draft:
    """A citizen's submission, checked and cleaned, not yet stored."""

    kind: str
    content: str
    name: str = ""
    phone: str = ""
    window_id: int | None = None
    department_id: int | None = None
    case_no: str = ""


def _text(data: dict, key: str, fields: dict, multiline: bool = False) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        fields[key] = "须为文字"
        return ""
    return clean_text(value, multiline)


def check(data: dict) -> Draft:
    """The submission cleaned, or a DomainError naming every bad field (nothing stored)."""
    fields: dict = {}
    kind = data.get("kind")
    if kind not in KINDS:
        fields["kind"] = "请选择投诉、建议或表扬"
    content = _text(data, "content", fields, multiline=True)
    if not content and "content" not in fields:
        fields["content"] = "请填写具体内容"
    elif len(content) > CONTENT_MAX:
        fields["content"] = f"内容不能超过 {CONTENT_MAX} 字，现在有 {len(content)} 字"
    name, phone = _contact(data, kind, fields)
    window_id, department_id = _window(data, fields), _department(data, fields)
    case_no = _case_no(data, fields)
    if fields:
        raise DomainError(next(iter(fields.values())), code="invalid", fields=fields)
    return Draft(kind, content, name, phone, window_id, department_id, case_no)


def _contact(data: dict, kind, fields: dict) -> tuple[str, str]:
    """Name and phone: required for a complaint, optional otherwise, checked when given."""
    name, phone = _text(data, "name", fields), _text(data, "phone", fields)
    if len(name) > NAME_MAX:
        fields["name"] = f"姓名不能超过 {NAME_MAX} 个字"
    elif any(ch.isdigit() for ch in name):
        fields["name"] = "姓名不能包含数字"
    elif not name and kind == "complaint":
        fields["name"] = "投诉须留下姓名，以便核实和答复"
    if phone and phone_problem(phone):
        fields["phone"] = phone_problem(phone)
    elif not phone and kind == "complaint" and "phone" not in fields:
        fields["phone"] = "投诉须留下联系电话，以便核实和答复"
    return name, normalize_phone(phone) if phone else ""


def _window(data: dict, fields: dict) -> int | None:
    value = data.get("window")
    if value in (None, ""):
        return None
    text = str(value).strip()
    window_id = None
    if text.isdigit() and len(text) <= 6 and not isinstance(value, bool):
        window_id = db.session.scalar(select(Window.id).where(Window.no == int(text)))
    if window_id is None:
        fields["window"] = "没有这个窗口，请重新选择"
    return window_id


def _department(data: dict, fields: dict) -> int | None:
    value = data.get("department")
    if value in (None, ""):
        return None
    department_id = db.session.scalar(
        select(Department.id).where(Department.code == str(value)[:20]))
    if department_id is None:
        fields["department"] = "没有这个部门，请重新选择"
    return department_id


def _case_no(data: dict, fields: dict) -> str:
    case_no = _text(data, "case_no", fields).replace(" ", "")
    if case_no and (not case_no.isdigit() or not case_no.isascii()
                    or len(case_no) > CASE_NO_MAX):
        fields["case_no"] = "办件编号应为受理回执上的数字编号"
    return case_no

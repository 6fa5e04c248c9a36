"""Items and their materials through the administrator's pages."""
import io
import json
import re
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.items.models import Item, Material

CODE = "62052400MZ-XK-0001"


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def errors_of(html: str, field: str) -> str:
    """The text of the error list the form shows under one field ('' when none)."""
    found = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def row_of(html: str, text: str) -> str:
    """The table row that contains a text."""
    rows = [row for row in re.findall(r"<tr>(.*?)</tr>", html, re.S) if text in row]
    assert len(rows) == 1, f"{text!r} is in {len(rows)} rows"
    return rows[0]


def item_by_code(code: str) -> Item | None:
    db.session.expire_all()
    return db.session.scalar(select(Item).where(Item.code == code))


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def department(make):
    department = make.department(code="MZ", name="县民政局")
    db.session.commit()
    return department


def item_form(department, **fields) -> dict:
    """A complete item form: every guide element filled in."""
    data = {
        "code": CODE, "name": "内地居民婚姻登记", "type": "confirmation",
        "department_id": str(department.id),
        "legal_basis": "《婚姻登记条例》第四条", "conditions": "男女双方自愿结婚，达到法定婚龄",
        "procedure": "申请\n受理\n审查\n登记发证", "legal_days": "20", "promised_days": "5",
        "visits": "1", "special_steps": ["hearing", "expert_review"],
        "charges_fee": "y", "fee_standard": "每件 9 元", "fee_basis": "发改价格〔2017〕1186号",
        "place": "政务服务中心一楼 3 号窗口", "consult_phone": "0938-8211234",
        "complaint_phone": "12345", "online": "y", "online_url": "https://zwfw.example.gov.cn/hy",
        "is_published": "y",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post_item(client, department, item_id=None, **fields):
    url = f"/admin/items/{item_id}" if item_id else "/admin/items/new"
    return client.post(url, data=item_form(department, **fields))


# --- creating an item -------------------------------------------------------------------

def test_create_item_with_every_guide_element(client, admin, department):
    response = post_item(client, department)
    assert response.status_code == 302
    item = item_by_code(CODE)
    assert response.headers["Location"].endswith(f"/admin/items/{item.id}")
    assert item.name == "内地居民婚姻登记" and item.type == "confirmation"
    assert item.department_id == department.id
    assert item.legal_basis == "《婚姻登记条例》第四条"
    assert item.conditions == "男女双方自愿结婚，达到法定婚龄"
    assert item.procedure_steps == ["申请", "受理", "审查", "登记发证"]
    assert (item.legal_days, item.promised_days, item.visits) == (20, 5, 1)
    assert item.charges_fee is True
    assert (item.fee_standard, item.fee_basis) == ("每件 9 元", "发改价格〔2017〕1186号")
    assert item.place == "政务服务中心一楼 3 号窗口"
    assert (item.consult_phone, item.complaint_phone) == ("0938-8211234", "12345")
    assert item.online is True and item.online_url == "https://zwfw.example.gov.cn/hy"
    assert item.is_published is True
    assert item.special_steps == ["hearing", "expert_review"]
    assert item.updated_at is not None
    assert "事项“内地居民婚姻登记”已保存" in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_create_item_without_fee_online_or_special_steps(client, admin, department):
    response = post_item(client, department, charges_fee=None, fee_standard="", fee_basis="",
                         online=None, online_url="", special_steps=None, is_published=None)
    assert response.status_code == 302
    item = item_by_code(CODE)
    assert item.charges_fee is False and item.online is False and item.is_published is False
    assert item.special_steps == []


def test_every_special_step_can_be_chosen(client, admin, department):
    steps = ["hearing", "tender", "auction", "inspection", "testing", "quarantine",
             "appraisal", "expert_review", "publicity", "site_survey"]
    assert post_item(client, department, special_steps=list(reversed(steps))).status_code == 302
    assert item_by_code(CODE).special_steps == steps


def test_unknown_special_step_is_refused(client, admin, department):
    before = audit_count()
    response = post_item(client, department, special_steps=["hearing", "bribery"])
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True), "special_steps")
    assert count(Item) == 0 and audit_count() == before


REQUIRED_TEXT = ["code", "name", "legal_basis", "conditions", "procedure", "place",
                 "consult_phone", "complaint_phone"]


@pytest.mark.parametrize("field", REQUIRED_TEXT)
def test_required_text_fields(client, admin, department, field):
    before = audit_count()
    response = post_item(client, department, **{field: ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "此项为必填项" in errors_of(html, field)
    assert "尚未保存任何内容" in html
    assert count(Item) == 0 and audit_count() == before


@pytest.mark.parametrize("field", ["legal_days", "promised_days", "visits"])
def test_required_number_fields(client, admin, department, field):
    before = audit_count()
    data = item_form(department)
    del data[field]
    response = client.post("/admin/items/new", data=data)
    assert response.status_code == 400
    assert "此项为必填项" in errors_of(response.get_data(as_text=True), field)
    assert count(Item) == 0 and audit_count() == before


@pytest.mark.parametrize("value", ["0", None])
def test_department_is_required(client, admin, department, value):
    before = audit_count()
    response = post_item(client, department, department_id=value)
    if value is None:
        data = item_form(department)
        del data["department_id"]
        response = client.post("/admin/items/new", data=data)
    assert response.status_code == 400
    assert "请选择实施部门" in errors_of(response.get_data(as_text=True), "department_id")
    assert count(Item) == 0 and audit_count() == before


def test_unknown_department_is_refused(client, admin, department):
    response = post_item(client, department, department_id="999999")
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True), "department_id")
    assert count(Item) == 0


def test_unique_item_code(client, admin, department, make):
    make.item(department=department, code=CODE, name="已有事项")
    db.session.commit()
    before = audit_count()
    response = post_item(client, department, name="另一事项")
    assert response.status_code == 400
    assert "事项编码已存在" in errors_of(response.get_data(as_text=True), "code")
    assert count(Item) == 1
    assert item_by_code(CODE).name == "已有事项"
    assert audit_count() == before


def test_promised_days_may_not_exceed_legal_days(client, admin, department):
    before = audit_count()
    response = post_item(client, department, legal_days="10", promised_days="11")
    assert response.status_code == 400
    assert "承诺时限不能超过法定时限" in errors_of(response.get_data(as_text=True), "promised_days")
    assert count(Item) == 0 and audit_count() == before


def test_promised_days_equal_to_legal_days_is_accepted(client, admin, department):
    assert post_item(client, department, legal_days="10", promised_days="10").status_code == 302
    assert item_by_code(CODE).promised_days == 10


def test_editing_cannot_raise_promised_days_above_legal_days(client, admin, department, make):
    item = make.item(department=department, code=CODE, legal_days=20, promised_days=5)
    db.session.commit()
    before = audit_count()
    response = post_item(client, department, item.id, legal_days="3", promised_days="5")
    assert response.status_code == 400
    assert "承诺时限不能超过法定时限" in response.get_data(as_text=True)
    item = item_by_code(CODE)
    assert (item.legal_days, item.promised_days) == (20, 5)
    assert audit_count() == before


@pytest.mark.parametrize("field,value", [
    ("legal_days", "366"), ("legal_days", "-1"), ("promised_days", "-1"),
    ("promised_days", "366"), ("legal_days", "100000")])
def test_days_outside_0_to_365(client, admin, department, field, value):
    before = audit_count()
    data = {"legal_days": "365", "promised_days": "0", field: value}
    response = post_item(client, department, **data)
    assert response.status_code == 400
    assert "工作日数须在 0 到 365 之间" in errors_of(response.get_data(as_text=True), field)
    assert count(Item) == 0 and audit_count() == before


def test_days_at_the_limits_are_accepted(client, admin, department):
    assert post_item(client, department, legal_days="365", promised_days="365").status_code == 302
    assert (item_by_code(CODE).legal_days, item_by_code(CODE).promised_days) == (365, 365)


@pytest.mark.parametrize("field", ["legal_days", "promised_days", "visits"])
@pytest.mark.parametrize("value", ["二十", "1.5", "5天", "abc"])
def test_non_integer_numbers_are_refused_in_chinese(client, admin, department, field, value):
    before = audit_count()
    response = post_item(client, department, **{field: value})
    assert response.status_code == 400
    assert "不是有效的整数" in errors_of(response.get_data(as_text=True), field)
    assert count(Item) == 0 and audit_count() == before


@pytest.mark.parametrize("value", ["-1", "6"])
def test_visits_between_0_and_5(client, admin, department, value):
    response = post_item(client, department, visits=value)
    assert response.status_code == 400
    assert "到现场次数须在 0 到 5 之间" in errors_of(response.get_data(as_text=True), "visits")
    assert count(Item) == 0


@pytest.mark.parametrize("standard", ["", "   "])
def test_charging_a_fee_needs_a_fee_standard(client, admin, department, standard):
    before = audit_count()
    response = post_item(client, department, charges_fee="y", fee_standard=standard)
    assert response.status_code == 400
    assert "收费事项须填写收费标准" in errors_of(response.get_data(as_text=True), "fee_standard")
    assert count(Item) == 0 and audit_count() == before


def test_unknown_item_type_is_refused(client, admin, department):
    response = post_item(client, department, type="tax")
    assert response.status_code == 400
    assert "不是有效的选择" in errors_of(response.get_data(as_text=True), "type")
    assert count(Item) == 0


@pytest.mark.parametrize("code", ["62052400MZ XK", "事项0001", "MZ_XK_0001", "MZ/XK"])
def test_invalid_item_code(client, admin, department, code):
    response = post_item(client, department, code=code)
    assert response.status_code == 400
    assert "编码只能包含英文字母、数字和 -" in errors_of(response.get_data(as_text=True), "code")
    assert count(Item) == 0


def test_invalid_phone_numbers(client, admin, department):
    response = post_item(client, department, consult_phone="请拨打", complaint_phone="12345转")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "电话号码只能包含数字、空格、+ 和 -" in errors_of(html, "consult_phone")
    assert "电话号码只能包含数字、空格、+ 和 -" in errors_of(html, "complaint_phone")
    assert count(Item) == 0


def test_staff_cannot_create_items(client, login_as, department):
    login_as("staff")
    assert post_item(client, department).status_code == 403
    assert count(Item) == 0


# --- the list ----------------------------------------------------------------------------

def test_list_tells_immediate_from_promised_items(client, admin, department, make):
    make.item(department=department, name="婚姻登记证明补领", legal_days=0, promised_days=0)
    make.item(department=department, name="社会团体成立登记", legal_days=60, promised_days=20)
    make.item(department=department, name="未公开的事项", is_published=False)
    db.session.commit()
    html = client.get("/admin/items").get_data(as_text=True)
    assert "即办件" in row_of(html, "婚姻登记证明补领")
    assert "承诺件" not in row_of(html, "婚姻登记证明补领")
    assert "承诺件" in row_of(html, "社会团体成立登记")
    assert "即办件" not in row_of(html, "社会团体成立登记")
    assert "60 / 20 工作日" in row_of(html, "社会团体成立登记")
    assert "未公开" in row_of(html, "未公开的事项")
    assert "共 3 项" in html


def test_list_search_and_department_filter(client, admin, department, make):
    other = make.department(code="SC", name="县市场监管局")
    make.item(department=department, name="婚姻登记")
    make.item(department=other, name="食品经营许可")
    db.session.commit()
    html = client.get("/admin/items?q=食品").get_data(as_text=True)
    assert "食品经营许可" in html and "婚姻登记" not in html
    html = client.get("/admin/items?department=MZ").get_data(as_text=True)
    assert "婚姻登记" in html and "食品经营许可" not in html


# --- editing -----------------------------------------------------------------------------

def checked_steps(html: str) -> set[str]:
    inputs = re.findall(r'<input[^>]*name="special_steps"[^>]*>', html)
    return {re.search(r'value="([^"]+)"', tag).group(1) for tag in inputs if "checked" in tag}


def test_edit_form_shows_the_special_steps_checked(client, admin, department):
    post_item(client, department, special_steps=["tender", "publicity"])
    item = item_by_code(CODE)
    html = client.get(f"/admin/items/{item.id}").get_data(as_text=True)
    assert checked_steps(html) == {"tender", "publicity"}
    assert 'value="内地居民婚姻登记"' in html


def test_edit_keeps_special_steps(client, admin, department):
    post_item(client, department, special_steps=["hearing", "expert_review"])
    item = item_by_code(CODE)
    response = post_item(client, department, item.id, name="内地居民结婚登记",
                         special_steps=["hearing", "expert_review"])
    assert response.status_code == 302
    item = item_by_code(CODE)
    assert item.name == "内地居民结婚登记"
    assert item.special_steps == ["hearing", "expert_review"]
    assert count(Item) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "item.update"))
    assert json.loads(entry.before)["special_steps"] == ["hearing", "expert_review"]
    assert json.loads(entry.after)["name"] == "内地居民结婚登记"


def test_edit_changes_special_steps(client, admin, department):
    post_item(client, department, special_steps=["hearing", "expert_review"])
    item = item_by_code(CODE)
    assert post_item(client, department, item.id, special_steps=["site_survey"]).status_code == 302
    assert item_by_code(CODE).special_steps == ["site_survey"]


def test_edit_keeps_its_own_code(client, admin, department, make):
    item = make.item(department=department, code=CODE, name="旧名称")
    db.session.commit()
    assert post_item(client, department, item.id, name="新名称").status_code == 302
    assert item_by_code(CODE).name == "新名称"


def test_edit_failure_changes_nothing(client, admin, department, make):
    item = make.item(department=department, code=CODE, name="旧名称", charges_fee=False)
    db.session.commit()
    before = audit_count()
    response = post_item(client, department, item.id, name="新名称", charges_fee="y",
                         fee_standard="")
    assert response.status_code == 400
    assert item_by_code(CODE).name == "旧名称"
    assert audit_count() == before


def test_edit_unknown_item_is_404(client, admin, department):
    assert client.get("/admin/items/999999").status_code == 404


# --- materials ---------------------------------------------------------------------------

def material_form(**fields) -> dict:
    data = {"name": "居民身份证", "form": "original_and_copy", "copies": "2", "required": "y",
            "deferrable": "y", "requirements": "在有效期内", "position": "1"}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def item(make, department):
    item = make.item(department=department, code=CODE, name="内地居民婚姻登记")
    db.session.commit()
    return item


def materials_of(item) -> list[Material]:
    db.session.expire_all()
    return list(db.session.scalars(select(Material).where(Material.item_id == item.id)
                                   .order_by(Material.id)))


def test_add_material(client, admin, item):
    response = client.post(f"/admin/items/{item.id}/materials/new", data=material_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/items/{item.id}#materials")
    [material] = materials_of(item)
    assert (material.name, material.form, material.copies) == ("居民身份证", "original_and_copy", 2)
    assert material.required is True and material.deferrable is True
    assert (material.requirements, material.position) == ("在有效期内", 1)
    assert material.has_sample is False
    html = client.get(f"/admin/items/{item.id}").get_data(as_text=True)
    assert "材料“居民身份证”已保存" in html
    assert "原件及复印件" in row_of(html, "居民身份证")


def test_edit_material(client, admin, item, make):
    material = make.material(item, name="户口簿", form="original", copies=1, required=True)
    db.session.commit()
    response = client.post(f"/admin/items/{item.id}/materials/{material.id}",
                           data=material_form(name="户口簿（户主页及本人页）", form="copy",
                                              copies="3", required=None, deferrable=None))
    assert response.status_code == 302
    [material] = materials_of(item)
    assert (material.name, material.form, material.copies) == ("户口簿（户主页及本人页）", "copy", 3)
    assert material.required is False and material.deferrable is False


def test_edit_material_form_shows_current_values(client, admin, item, make):
    material = make.material(item, name="户口簿", copies=4)
    db.session.commit()
    html = client.get(f"/admin/items/{item.id}/materials/{material.id}").get_data(as_text=True)
    assert "编辑材料" in html and 'value="户口簿"' in html and 'value="4"' in html


def test_delete_material(client, admin, item, make):
    keep = make.material(item, name="户口簿")
    gone = make.material(item, name="结婚证")
    db.session.commit()
    response = client.post(f"/admin/items/{item.id}/materials/{gone.id}/delete")
    assert response.status_code == 302
    assert [m.name for m in materials_of(item)] == [keep.name]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "material.delete"))
    assert entry.object_label == "结婚证"


def test_material_of_another_item_is_404(client, admin, item, make, department):
    other = make.item(department=department)
    material = make.material(other, name="户口簿")
    db.session.commit()
    before = audit_count()
    assert client.get(f"/admin/items/{item.id}/materials/{material.id}").status_code == 404
    assert client.post(f"/admin/items/{item.id}/materials/{material.id}",
                       data=material_form(name="改名")).status_code == 404
    assert client.post(f"/admin/items/{item.id}/materials/{material.id}/delete").status_code == 404
    assert [m.name for m in materials_of(other)] == ["户口簿"]
    assert audit_count() == before


def test_material_name_is_unique_within_an_item(client, admin, item, make):
    make.material(item, name="居民身份证")
    db.session.commit()
    before = audit_count()
    response = client.post(f"/admin/items/{item.id}/materials/new", data=material_form())
    assert response.status_code == 400
    assert "该事项已有同名材料" in errors_of(response.get_data(as_text=True), "name")
    assert len(materials_of(item)) == 1
    assert audit_count() == before


def test_renaming_a_material_to_a_sibling_name_is_refused(client, admin, item, make):
    make.material(item, name="居民身份证")
    other = make.material(item, name="户口簿")
    db.session.commit()
    response = client.post(f"/admin/items/{item.id}/materials/{other.id}",
                           data=material_form(name="居民身份证"))
    assert response.status_code == 400
    assert "该事项已有同名材料" in response.get_data(as_text=True)
    assert sorted(m.name for m in materials_of(item)) == ["居民身份证", "户口簿"]


def test_same_material_name_is_allowed_in_another_item(client, admin, item, make, department):
    make.material(item, name="居民身份证")
    other = make.item(department=department)
    db.session.commit()
    response = client.post(f"/admin/items/{other.id}/materials/new", data=material_form())
    assert response.status_code == 302
    assert [m.name for m in materials_of(other)] == ["居民身份证"]


def test_editing_a_material_keeps_its_own_name(client, admin, item, make):
    material = make.material(item, name="居民身份证", copies=1)
    db.session.commit()
    response = client.post(f"/admin/items/{item.id}/materials/{material.id}",
                           data=material_form(copies="5"))
    assert response.status_code == 302
    assert materials_of(item)[0].copies == 5


@pytest.mark.parametrize("copies", ["1", "99"])
def test_copies_at_the_limits(client, admin, item, copies):
    response = client.post(f"/admin/items/{item.id}/materials/new",
                           data=material_form(copies=copies))
    assert response.status_code == 302
    assert materials_of(item)[0].copies == int(copies)


@pytest.mark.parametrize("copies", ["0", "100", "-1"])
def test_copies_outside_1_to_99(client, admin, item, copies):
    before = audit_count()
    response = client.post(f"/admin/items/{item.id}/materials/new",
                           data=material_form(copies=copies))
    assert response.status_code == 400
    assert "份数须在 1 到 99 之间" in errors_of(response.get_data(as_text=True), "copies")
    assert materials_of(item) == [] and audit_count() == before


@pytest.mark.parametrize("copies", ["", "两份"])
def test_copies_required_and_integer(client, admin, item, copies):
    response = client.post(f"/admin/items/{item.id}/materials/new",
                           data=material_form(copies=copies))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True), "copies")
    assert materials_of(item) == []


def test_material_name_required(client, admin, item):
    response = client.post(f"/admin/items/{item.id}/materials/new", data=material_form(name=""))
    assert response.status_code == 400
    assert "此项为必填项" in errors_of(response.get_data(as_text=True), "name")
    assert materials_of(item) == []


@pytest.mark.parametrize("form,label", [
    ("original", "原件"), ("copy", "复印件"), ("original_and_copy", "原件及复印件")])
def test_material_form_choices(client, admin, item, form, label):
    response = client.post(f"/admin/items/{item.id}/materials/new", data=material_form(form=form))
    assert response.status_code == 302
    [material] = materials_of(item)
    assert material.form == form and material.form_label == label


def test_unknown_material_form_is_refused(client, admin, item):
    before = audit_count()
    response = client.post(f"/admin/items/{item.id}/materials/new",
                           data=material_form(form="scan"))
    assert response.status_code == 400
    assert "不是有效的选择" in errors_of(response.get_data(as_text=True), "form")
    assert materials_of(item) == [] and audit_count() == before


def upload(client, item, filename, content=b"%PDF-1.4 test", material_id=None, **fields):
    url = (f"/admin/items/{item.id}/materials/{material_id}" if material_id
           else f"/admin/items/{item.id}/materials/new")
    data = {**material_form(**fields), "sample": (io.BytesIO(content), filename)}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_upload_sample_then_download_it(client, admin, item):
    response = upload(client, item, "样表.pdf", name="结婚登记申请表")
    assert response.status_code == 302
    [material] = materials_of(item)
    assert material.sample_filename == "样表.pdf"
    assert material.sample_mimetype == "application/pdf"
    assert material.sample_data == b"%PDF-1.4 test"
    download = client.get(f"/guide/materials/{material.id}/sample")
    assert download.status_code == 200
    assert download.data == b"%PDF-1.4 test"
    assert download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "样表.pdf" in unquote(disposition)
    guide = client.get(f"/guide/items/{item.code}").get_data(as_text=True)
    assert f"/guide/materials/{material.id}/sample" in guide and "下载样表" in guide


def test_sample_is_public_to_anonymous_visitors(client, admin, item, auth):
    upload(client, item, "样表.pdf")
    [material] = materials_of(item)
    auth.logout()
    download = client.get(f"/guide/materials/{material.id}/sample")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 test"


def test_editing_without_a_new_file_keeps_the_sample(client, admin, item):
    upload(client, item, "样表.pdf")
    [material] = materials_of(item)
    response = client.post(f"/admin/items/{item.id}/materials/{material.id}",
                           data=material_form(copies="3"), content_type="multipart/form-data")
    assert response.status_code == 302
    [material] = materials_of(item)
    assert material.copies == 3 and material.sample_data == b"%PDF-1.4 test"


def test_a_new_file_replaces_the_sample(client, admin, item):
    upload(client, item, "样表.pdf")
    [material] = materials_of(item)
    response = upload(client, item, "空白表.docx", b"PK\x03\x04 docx", material_id=material.id)
    assert response.status_code == 302
    [material] = materials_of(item)
    assert material.sample_filename == "空白表.docx" and material.sample_data == b"PK\x03\x04 docx"


@pytest.mark.parametrize("filename", ["样表.exe", "样表.html", "样表.pdf.js", "样表"])
def test_disallowed_sample_extension_is_refused(client, admin, item, filename):
    before = audit_count()
    response = upload(client, item, filename, b"MZ\x90\x00")
    assert response.status_code == 400
    assert "样表只能是 PDF、Word、Excel 或图片文件" in errors_of(
        response.get_data(as_text=True), "sample")
    assert materials_of(item) == [] and audit_count() == before


def test_sample_of_material_without_one_is_404(client, admin, item, make):
    material = make.material(item)
    db.session.commit()
    assert client.get(f"/guide/materials/{material.id}/sample").status_code == 404
    assert client.get("/guide/materials/999999/sample").status_code == 404


def test_sample_of_unpublished_item_is_404(client, admin, department, make):
    item = make.item(department=department, is_published=False)
    db.session.commit()
    assert upload(client, item, "样表.pdf").status_code == 302
    [material] = materials_of(item)
    assert client.get(f"/guide/materials/{material.id}/sample").status_code == 404

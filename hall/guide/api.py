"""The public service guide as JSON."""
from flask import request, url_for

from hall.core.errors import DomainError
from hall.guide.queue_link import item_windows
from hall.items import services
from hall.web.access import public
from hall.web.api import bp, spec


def material_dict(material) -> dict:
    return {"id": material.id, "name": material.name, "form": material.form_label,
            "copies": material.copies, "required": material.required,
            "deferrable": material.deferrable, "requirements": material.requirements,
            "sample_url": url_for("guide.material_sample", material_id=material.id)
            if material.has_sample else None}


def item_summary(item) -> dict:
    return {"code": item.code, "name": item.name, "type": item.type_label,
            "department": item.department.name, "kind": item.kind,
            "legal_days": item.legal_days, "promised_days": item.promised_days,
            "online": item.online, "visits": item.visits, "aliases": item.alias_list}


def item_dict(item) -> dict:
    """Every guide element of docs/rules.md §1."""
    return {
        **item_summary(item),
        "type_code": item.type, "department_code": item.department.code,
        "kind_label": item.kind_label, "legal_basis": item.legal_basis,
        "conditions": item.conditions, "procedure": item.procedure_steps,
        "fees": {"charged": item.charges_fee, "basis": item.fee_basis,
                 "standard": item.fee_standard if item.charges_fee else "不收费"},
        "place": item.place, "windows": [w.no for w in item_windows(item)],
        "consult_phone": item.consult_phone, "complaint_phone": item.complaint_phone,
        "online_url": item.online_url,
        "special_steps": [{"code": c, "name": n}
                          for c, n in zip(item.special_steps, item.special_step_labels)],
        "materials": [material_dict(m) for m in item.materials],
        "guide_url": url_for("guide.item", code=item.code),
        "ticket_category": item.queue_category.code if item.queue_category else None,
    }


@bp.get("/items")
@public
def list_items():
    q = request.args.get("q", "")[:100]
    department = request.args.get("department", "")[:60]
    items = services.search_items(q, department)
    return {"items": [item_summary(i) for i in items], "count": len(items)}


@bp.get("/items/<code>")
@public
def get_item(code: str):
    item = services.find_item(code)
    if item is None:
        raise DomainError("未找到该事项", code="not_found", status=404)
    return item_dict(item)


_MATERIAL = {"type": "object", "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "form": {"type": "string"},
    "copies": {"type": "integer"}, "required": {"type": "boolean"},
    "deferrable": {"type": "boolean"}, "requirements": {"type": "string"},
    "sample_url": {"type": "string", "nullable": True}}}
_SUMMARY = {
    "code": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"},
    "department": {"type": "string"}, "kind": {"type": "string", "enum": ["immediate", "promised"]},
    "legal_days": {"type": "integer"}, "promised_days": {"type": "integer"},
    "online": {"type": "boolean"}, "visits": {"type": "integer"},
    "aliases": {"type": "array", "items": {"type": "string"},
                "description": "常用名：群众的叫法，如“营业执照”"}}
spec.add_schemas({
    "ItemSummary": {"type": "object", "properties": _SUMMARY},
    "Material": _MATERIAL,
    "Item": {"type": "object", "properties": {
        **_SUMMARY, "legal_basis": {"type": "string"}, "conditions": {"type": "string"},
        "procedure": {"type": "array", "items": {"type": "string"}},
        "fees": {"type": "object", "properties": {"charged": {"type": "boolean"},
                                                  "basis": {"type": "string"},
                                                  "standard": {"type": "string"}}},
        "place": {"type": "string"}, "windows": {"type": "array", "items": {"type": "integer"}},
        "consult_phone": {"type": "string"}, "complaint_phone": {"type": "string"},
        "special_steps": {"type": "array", "items": {"type": "object"}},
        "materials": {"type": "array", "items": spec.ref("Material")},
        "ticket_category": {"type": "string", "nullable": True,
                            "description": "取号类别的 code（POST /api/v1/tickets 的 category）"}}},
})
spec.add_paths({
    "/api/v1/items": {"get": {
        "summary": "办事指南：事项列表与搜索", "tags": ["items"],
        "description": "q 按词匹配事项名称、常用名、实施部门、申请材料和事项编码，汉字、全拼"
                       "（yingyezhizhao）和拼音首字母（yyzz）均可；多个词用空格分开，须全部匹配。"
                       "结果按匹配位置排序：名称、常用名、部门、材料，其次按部门顺序和事项编码。"
                       "只有标点的 q 不匹配任何事项。",
        "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}},
                       {"name": "department", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": spec.json_response("事项列表", {"type": "object", "properties": {
            "items": {"type": "array", "items": spec.ref("ItemSummary")},
            "count": {"type": "integer"}}})}}},
    "/api/v1/items/{code}": {"get": {
        "summary": "一个事项的完整办事指南", "tags": ["items"],
        "parameters": [{"name": "code", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": spec.json_response("事项", spec.ref("Item")),
                      **spec.error_responses(404)}}},
})

"""Search on the kiosk and in the API; aliases and the queue category in the item form;
热门事项; the guide's 取号 button."""
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.guide.popular import forget_popular_items
from hall.items.models import Item
from hall.queue.kiosks import register_kiosk
from hall.queue.models import Category, Ticket
from hall.windows.models import Window
from tests.factories import TEST_ACTOR
from tests.items.test_items_admin import CODE, errors_of, item_by_code, item_form

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}


@dataclass(frozen=True)
class EnterpriseCatalogue:
    found: Item             # 有限责任公司设立登记, alias 营业执照, in the category 企业开办
    lost: Item              # 营业执照遗失补领, in no category
    project: Item           # 企业投资项目备案, whose material is 营业执照
    enterprise: Category    # A 企业开办
    window: Window          # window 3, which serves 企业开办 (window 1 is for consulting)


@pytest.fixture
def enterprise_catalogue(make) -> EnterpriseCatalogue:
    scj = make.department(code="SCJ", name="县市场监督管理局", sort_order=1)
    fgj = make.department(code="FGJ", name="县发展和改革局", sort_order=2)
    enterprise = make.category(code="enterprise", name="企业开办", prefix="A")
    found = make.item(department=scj, code="SCJ-XK-0001", name="有限责任公司设立登记",
                      aliases="营业执照\n企业设立", category_id=enterprise.id)
    lost = make.item(department=scj, code="SCJ-XK-0002", name="营业执照遗失补领")
    project = make.item(department=fgj, code="FGJ-BA-0001", name="企业投资项目备案")
    make.material(project, name="营业执照")
    make.window(no=1, name="综合咨询导办窗口", kind="consult")
    window = make.window(no=3, name="企业开办综合窗口", categories=[enterprise])
    db.session.commit()
    return EnterpriseCatalogue(found=found, lost=lost, project=project, enterprise=enterprise,
                               window=window)


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def listed(html: str) -> list[str]:
    return re.findall(r'<span class="name">(.*?)</span>', html)


# --- the API ---------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["营业执照", "yyzz", "yingyezhizhao", "YYZZ"])
def test_api_ranks_like_the_kiosk(client, enterprise_catalogue, q):
    body = client.get("/api/v1/items", query_string={"q": q}).get_json()
    assert [i["code"] for i in body["items"]] == ["SCJ-XK-0002", "SCJ-XK-0001", "FGJ-BA-0001"]
    assert body["count"] == 3
    assert body["items"][1]["aliases"] == ["营业执照", "企业设立"]
    assert listed(html_of(client, f"/guide/?q={q}")) == [i["name"] for i in body["items"]]


def test_api_item_names_its_ticket_category(client, enterprise_catalogue):
    assert client.get("/api/v1/items/SCJ-XK-0001").get_json()["ticket_category"] == "enterprise"
    assert client.get("/api/v1/items/SCJ-XK-0002").get_json()["ticket_category"] is None


@pytest.mark.parametrize("q", ["营" * 5000, "%" * 300, "\u3000", "a b c d e f g h"])
def test_api_odd_searches_answer_200(client, enterprise_catalogue, q):
    response = client.get("/api/v1/items", query_string={"q": q})
    assert response.status_code == 200
    assert response.get_json()["count"] == len(response.get_json()["items"])


# --- the kiosk search page --------------------------------------------------------------------

def test_search_page_has_the_on_screen_keyboard(client, enterprise_catalogue):
    html = html_of(client, "/guide/")
    keyboard = re.search(r'<div class="osk".*?</div>\s*</div>\s*<div data-results', html, re.S)
    assert keyboard, "the keyboard sits above the results"
    keys = re.findall(r'data-key="([^"]+)"', keyboard.group(0))
    assert set("abcdefghijklmnopqrstuvwxyz0123456789") <= set(keys)
    for action in ("back", "clear", "search"):
        assert f'data-action="{action}"' in keyboard.group(0)
    assert "/static/js/search_keyboard.js" in html and "<script>" not in html


def why(html: str) -> dict[str, str]:
    """Item name -> the note that says why it was found (alias or material)."""
    return dict(re.findall(r'<span class="name">(.*?)</span> <span class="s-why">(.*?)</span>',
                           html))


@pytest.mark.parametrize("q", ["营业执照", "yyzz"])
def test_results_say_why_an_item_was_found(client, enterprise_catalogue, q):
    assert why(html_of(client, f"/guide/?q={q}")) == {
        "有限责任公司设立登记": "常用名：营业执照", "企业投资项目备案": "所需材料：营业执照"}


def test_results_fragment_for_live_search(client, enterprise_catalogue):
    response = client.get("/guide/results?q=yyzz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "<html" not in html and listed(html)[0] == "营业执照遗失补领"


def test_no_result_page_helps(client, enterprise_catalogue):
    html = html_of(client, "/guide/?q=宠物登记")
    assert "没有找到与“宠物登记”相关的事项" in html
    for tip in ("检查文字", "拼音首字母", "按部门查找", "1 号咨询导办窗口"):
        assert tip in html, tip
    assert 'href="/guide/?department=SCJ"' in html


def test_the_help_shows_no_window_numbers_when_there_is_no_consult_window(client, make):
    make.department(code="X", name="县统计局")
    db.session.commit()
    assert "到咨询导办窗口" in html_of(client, "/guide/?q=宠物登记")


def test_many_results_are_cut_with_a_word(client, make, monkeypatch):
    from hall.guide import views
    monkeypatch.setattr(views, "SHOWN", 2)
    department = make.department(code="T", name="县统计局")
    for n in range(3):
        make.item(department=department, name=f"统计调查{n}")
    db.session.commit()
    html = html_of(client, "/guide/?q=统计")
    assert len(listed(html)) == 2 and "请输入更多文字缩小范围" in html


# --- 热门事项 ----------------------------------------------------------------------------------

def accept_cases(catalogue: EnterpriseCatalogue, make, item, count: int, days_ago: int = 0):
    staff = make.user(role="staff")
    catalogue.window.staff_a_id = staff.id
    db.session.flush()
    when = clock.now() - timedelta(days=days_ago)
    for _ in range(count):
        cases.accept(Actor.of(staff), when, item=item, applicant=PERSON, handed_in=set(),
                     window=catalogue.window)
    db.session.commit()


def popular_names(html: str) -> list[str]:
    block = re.search(r'<section class="s-popular".*?</section>', html, re.S)
    return re.findall(r'class="s-chip"[^>]*>(.*?)</a>', block.group(0)) if block else []


def test_popular_items_count_the_cases_of_30_days(client, enterprise_catalogue, make, freeze_time):
    freeze_time("2026-12-02 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    assert popular_names(html_of(client, "/guide/")) == []        # no cases, no pretence
    accept_cases(enterprise_catalogue, make, enterprise_catalogue.lost, 2)
    accept_cases(enterprise_catalogue, make, enterprise_catalogue.found, 1)
    accept_cases(enterprise_catalogue, make, enterprise_catalogue.project, 5,
                 days_ago=31)     # too long ago
    forget_popular_items()
    assert popular_names(html_of(client, "/guide/")) == ["营业执照遗失补领", "有限责任公司设立登记"]
    assert popular_names(html_of(client, "/guide/?q=宠物")) == ["营业执照遗失补领", "有限责任公司设立登记"]
    assert popular_names(html_of(client, "/guide/?q=yyzz")) == []  # results: no need
    enterprise_catalogue.lost.is_published = False
    db.session.commit()
    assert popular_names(html_of(client, "/guide/")) == ["有限责任公司设立登记"]


# --- the item form --------------------------------------------------------------------------

@pytest.fixture
def admin(login_as):
    return login_as("admin")


def test_item_form_saves_aliases_and_category(client, admin, enterprise_catalogue):
    department = enterprise_catalogue.found.department
    data = item_form(department, aliases="营业执照、个体户执照\n开公司，开公司",
                     category_id=str(enterprise_catalogue.enterprise.id))
    assert client.post("/admin/items/new", data=data).status_code == 302
    item = item_by_code(CODE)
    assert item.alias_list == ["营业执照", "个体户执照", "开公司"]
    assert item.category_id == enterprise_catalogue.enterprise.id
    assert "gthzz" in item.search_text
    html = html_of(client, f"/admin/items/{item.id}")
    assert "营业执照、个体户执照、开公司</textarea>" in html
    selected = enterprise_catalogue.enterprise.id
    assert f'<option selected value="{selected}">A 企业开办</option>' in html
    # The category that issues the tickets lists the item, so its windows show on the guide.
    assert item in db.session.get(Category, enterprise_catalogue.enterprise.id).items
    assert "3号窗口" in html_of(client, f"/guide/items/{CODE}")


def test_item_form_clears_aliases_and_category(client, admin, enterprise_catalogue):
    item = enterprise_catalogue.found
    data = item_form(item.department, code=item.code, name=item.name, aliases="",
                     category_id="0")
    assert client.post(f"/admin/items/{item.id}", data=data).status_code == 302
    saved = item_by_code(item.code)
    assert saved.aliases == "" and saved.category_id is None
    assert "企业设立" not in saved.search_text


@pytest.mark.parametrize("fields,field,message", [
    ({"aliases": "营" * 31}, "aliases", "每个最多 30 字"),
    ({"aliases": "、".join(f"别名{n}" for n in range(21))}, "aliases", "最多 20 个"),
    ({"aliases": "营" * 1001}, "aliases", "1000"),
    ({"category_id": "999999"}, "category_id", "不是有效的选择"),
    ({"category_id": "abc"}, "category_id", ""),
])
def test_item_form_refuses_bad_aliases_and_categories(client, admin, enterprise_catalogue, fields,
                                                      field, message):
    response = client.post("/admin/items/new",
                           data=item_form(enterprise_catalogue.found.department, **fields))
    assert response.status_code == 400
    assert message in errors_of(response.get_data(as_text=True), field)
    assert errors_of(response.get_data(as_text=True), field)
    assert item_by_code(CODE) is None


def test_deleting_a_category_leaves_the_item_without_one(client, enterprise_catalogue):
    from hall.queue.services import delete_category
    delete_category(TEST_ACTOR, enterprise_catalogue.enterprise)
    db.session.commit()
    assert item_by_code("SCJ-XK-0001").category_id is None
    assert 'class="s-take"' not in html_of(client, "/guide/items/SCJ-XK-0001")


# --- from the guide to the queue ---------------------------------------------------------------

@pytest.fixture
def kiosk_client(client, enterprise_catalogue, freeze_time):
    freeze_time("2026-12-02 10:00")   # a Wednesday, within opening hours
    key, _kiosk = register_kiosk(TEST_ACTOR, "一楼取号机", clock.now())
    db.session.commit()
    client.get(f"/kiosk/register/{key}")
    return client


def test_kiosk_item_page_takes_a_ticket_in_the_item_category(kiosk_client, enterprise_catalogue):
    html = html_of(kiosk_client, "/guide/items/SCJ-XK-0001")
    panel = re.search(r'<section class="s-take".*?</section>', html, re.S).group(0)
    assert "A 企业开办" in panel and "等候 <strong>0</strong> 人" in panel
    assert 'name="category" value="enterprise"' in panel and ">取号</button>" in panel
    response = kiosk_client.post("/kiosk/tickets", data={"category": "enterprise"})
    assert response.status_code == 302 and "/kiosk/tickets/" in response.headers["Location"]
    ticket = db.session.scalar(select(Ticket))
    assert ticket.number == "A001" and ticket.kiosk_id is not None


def test_phone_item_page_tells_which_category_to_take(client, enterprise_catalogue):
    html = html_of(client, "/guide/items/SCJ-XK-0001")
    panel = re.search(r'<section class="s-take".*?</section>', html, re.S).group(0)
    assert "请在大厅的自助取号机上选择" in panel and "A 企业开办" in panel
    assert "<form" not in panel


def test_item_without_category_has_no_take_panel(kiosk_client, enterprise_catalogue):
    assert 'class="s-take"' not in html_of(kiosk_client, "/guide/items/SCJ-XK-0002")


def test_inactive_category_has_no_take_panel(kiosk_client, enterprise_catalogue):
    enterprise_catalogue.enterprise.is_active = False
    db.session.commit()
    assert 'class="s-take"' not in html_of(kiosk_client, "/guide/items/SCJ-XK-0001")


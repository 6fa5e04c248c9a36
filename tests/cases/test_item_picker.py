"""The acceptance form's item picker: the window's departments' and queues' items, searched as
the guide is (pinyin and initials included), each a link that opens its form in one step."""
import re
from dataclasses import dataclass

import pytest

from hall.auth.models import User
from hall.core.extensions import db
from hall.items.models import Item


@dataclass(frozen=True)
class EnterpriseItemsHall:
    staff: User         # window 7's staff member
    licence: Item       # 市场监管局's, the window's department
    food: Item          # 市场监管局's
    invoice: Item       # 税务局's, listed by the queue 企业开办
    insurance: Item     # 人社局's, whose 取号 category is 企业开办
    marriage: Item      # 民政局's: neither the window's department nor its queue's
    hidden: Item        # 市场监管局's, unpublished


@pytest.fixture
def enterprise_items_hall(make, freeze_time) -> EnterpriseItemsHall:
    """Window 7 serves 市场监管局 and the queue 企业开办, which also lists a 税务局 item and is
    the 取号 category of a 人社局 item; 民政局's item belongs to neither."""
    freeze_time("2026-12-01 09:00")
    scj, swj = make.department(name="县市场监督管理局"), make.department(name="县税务局")
    rsj, mzj = make.department(name="县人力资源和社会保障局"), make.department(name="县民政局")
    licence = make.item(department=scj, name="营业执照办理", code="SCJ-01")
    food = make.item(department=scj, name="食品经营许可", code="SCJ-02")
    invoice = make.item(department=swj, name="发票领用", code="SWJ-01")
    marriage = make.item(department=mzj, name="结婚登记", code="MZJ-01")
    enterprise = make.category(code="enterprise", name="企业开办", prefix="A", items=[invoice])
    insurance = make.item(department=rsj, name="单位参保登记", code="RSJ-01",
                          category_id=enterprise.id)
    hidden = make.item(department=scj, name="停用事项", code="SCJ-99", is_published=False)
    staff = make.user(role="staff")
    make.window(no=7, name="企业开办窗口", departments=[scj], categories=[enterprise],
                staff_a_id=staff.id)
    db.session.commit()
    return EnterpriseItemsHall(staff=staff, licence=licence, food=food, invoice=invoice,
                               insurance=insurance, marriage=marriage, hidden=hidden)


def listed(page: str) -> list[str]:
    options = re.search(r'<ul class="item-options".*?</ul>', page, re.S).group(0)
    return re.findall(r'<a href="[^"]*item=([A-Z]+-\d+)', options)


def picker_page(client, floor: EnterpriseItemsHall, auth, query: str = "") -> str:
    auth.login(floor.staff.username)
    response = client.get(f"/cases/new?window=7{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_list_holds_the_windows_departments_and_queues_items(client, enterprise_items_hall,
                                                                 auth):
    page = picker_page(client, enterprise_items_hall, auth)
    assert sorted(listed(page)) == ["RSJ-01", "SCJ-01", "SCJ-02", "SWJ-01"]
    assert "本窗口可受理的事项共 4 项" in page
    assert '<select' not in page.split("item-picker")[1].split("</form>")[0]


def test_every_published_item_is_one_link_away(client, enterprise_items_hall, auth):
    page = picker_page(client, enterprise_items_hall, auth, "&all=1")
    assert sorted(listed(page)) == ["MZJ-01", "RSJ-01", "SCJ-01", "SCJ-02", "SWJ-01"]
    assert "只看本窗口可受理的事项" in page


@pytest.mark.parametrize("query, found", [
    ("营业执照", ["SCJ-01"]),
    ("yyzz", ["SCJ-01"]),               # initials
    ("fapiao", ["SWJ-01"]),             # full pinyin
    ("SHIPIN", ["SCJ-02"]),             # any case
    ("jhdj", []),                       # 结婚登记 is not this window's
    ("登记", ["RSJ-01"]),
])
def test_the_search_finds_items_by_name_pinyin_and_initials(client, enterprise_items_hall, auth,
                                                            query, found):
    page = picker_page(client, enterprise_items_hall, auth, f"&q={query}")
    assert listed(page) == found
    assert ('data-item-none hidden' in page) == bool(found)


def test_a_link_opens_the_form_with_the_item_in_one_step(client, enterprise_items_hall, auth):
    page = picker_page(client, enterprise_items_hall, auth, "&q=yyzz")
    link = re.search(r'<ul class="item-options".*?<a href="([^"]+)"', page, re.S).group(1)
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'name="item" value="SCJ-01"' in form and "办理事项：<strong>营业执照办理</strong>" in form
    assert 'aria-current="true"' in form


@pytest.mark.parametrize("query", ["&q=" + "字" * 300, "&q=%25%5F%27", "&q=", "&all=yes"])
def test_odd_searches_are_answered_not_broken(client, enterprise_items_hall, auth, query):
    page = picker_page(client, enterprise_items_hall, auth, query)
    assert "受理办件" in page


def test_each_item_carries_its_search_text_for_filtering_as_one_types(client,
                                                                      enterprise_items_hall, auth):
    page = picker_page(client, enterprise_items_hall, auth)
    assert 'data-search="! 营业执照办理 yingyezhizhaobanli yyzzbl' in page
    assert "js/item_picker.js" in page

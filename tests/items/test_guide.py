"""The public service guide on the kiosk: browse, search, read and print an item."""
import re

import pytest
from sqlalchemy import insert

from hall.core.extensions import db
from hall.items.models import item_special_step


def set_special_steps(item, *steps) -> None:
    for step in steps:
        db.session.execute(insert(item_special_step).values(item_id=item.id, step=step))


def dept_counts(html: str) -> dict[str, str]:
    """Department name -> the count shown next to it on a kiosk page."""
    pairs = re.findall(r'class="k-dept[^"]*"[^>]*>\s*<span>(.*?)</span>'
                       r'<span class="count">(\d+) 项</span>', html, re.S)
    return dict(pairs)


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.fixture
def catalogue(make):
    """Two departments with published items, one unpublished item and an empty department."""
    mz = make.department(code="MZ", name="县民政局", sort_order=1)
    sc = make.department(code="SC", name="县市场监督管理局", sort_order=2)
    make.department(code="TJ", name="县统计局", sort_order=3)
    items = {
        "marriage": make.item(department=mz, code="62052400MZ-XK-0001", name="内地居民婚姻登记",
                              type="confirmation"),
        "society": make.item(department=mz, code="62052400MZ-XK-0002", name="社会团体成立登记"),
        "food": make.item(department=sc, code="62052400SC-XK-0001", name="食品经营许可"),
        "hidden": make.item(department=sc, code="62052400SC-XK-0099", name="尚未公开的食品事项",
                            is_published=False),
    }
    db.session.commit()
    return items


def test_kiosk_lists_departments_with_published_item_counts(client, catalogue):
    html = get_html(client, "/kiosk")
    assert dept_counts(html) == {"县民政局": "2", "县市场监督管理局": "1", "县统计局": "0"}
    assert "3 个进驻部门" in html
    assert 'href="/guide/?department=MZ"' in html


def test_kiosk_without_departments(client):
    html = get_html(client, "/kiosk")
    assert dept_counts(html) == {}
    assert "0 个进驻部门" in html


def test_guide_home_lists_departments(client, catalogue):
    html = get_html(client, "/guide/")
    assert "请选择部门，或输入事项名称搜索" in html
    assert dept_counts(html)["县民政局"] == "2"


def found_names(html: str) -> set[str]:
    return set(re.findall(r'<span class="name">(.*?)</span>', html))


@pytest.mark.parametrize("query,expected", [
    ("婚姻", {"内地居民婚姻登记"}),
    ("登记", {"内地居民婚姻登记", "社会团体成立登记"}),
    ("MZ-XK-0002", {"社会团体成立登记"}),
    ("62052400SC", {"食品经营许可"}),
    ("民政局", {"内地居民婚姻登记", "社会团体成立登记"}),
    ("市场监督 食品", {"食品经营许可"}),
    ("不存在的事项", set()),
])
def test_guide_search(client, catalogue, query, expected):
    html = get_html(client, f"/guide/?q={query}")
    assert found_names(html) == expected
    assert f"共 {len(expected)} 项" in html
    if not expected:
        assert f"没有找到与“{query}”相关的事项" in html


def test_guide_department_filter(client, catalogue):
    html = get_html(client, "/guide/?department=MZ")
    assert found_names(html) == {"内地居民婚姻登记", "社会团体成立登记"}
    assert 'aria-current="page"' in html
    html = get_html(client, "/guide/?department=SC")
    assert found_names(html) == {"食品经营许可"}


def test_guide_search_within_a_department(client, catalogue):
    html = get_html(client, "/guide/?department=MZ&q=社会")
    assert found_names(html) == {"社会团体成立登记"}
    assert get_html(client, "/guide/?department=SC&q=婚姻").count('<span class="name">') == 0


def test_unknown_department_filter_finds_nothing(client, catalogue):
    html = get_html(client, "/guide/?department=NOPE")
    assert found_names(html) == set()


def test_list_shows_kind_and_online(client, make):
    department = make.department(name="县公安局")
    make.item(department=department, name="临时身份证办理", legal_days=0, promised_days=0,
              online=False)
    make.item(department=department, name="户口迁移", legal_days=20, promised_days=7, online=True)
    db.session.commit()
    html = get_html(client, "/guide/?q=县公安局")
    entries = re.findall(r"<li><a.*?</a></li>", html, re.S)
    temp = next(e for e in entries if "临时身份证办理" in e)
    move = next(e for e in entries if "户口迁移" in e)
    assert "即办件" in temp and "可网办" not in temp
    assert "承诺 7 个工作日" in move and "可网办" in move


def test_unpublished_item_is_hidden_everywhere(client, catalogue):
    assert "尚未公开" not in get_html(client, "/guide/?q=食品")
    assert "尚未公开" not in get_html(client, "/guide/?department=SC")
    assert client.get("/guide/items/62052400SC-XK-0099").status_code == 404
    assert client.get("/guide/items/62052400SC-XK-0099/print").status_code == 404
    api = client.get("/api/v1/items?q=食品").get_json()
    assert [i["code"] for i in api["items"]] == ["62052400SC-XK-0001"]
    assert client.get("/api/v1/items/62052400SC-XK-0099").status_code == 404


def test_unknown_item_page_is_404(client):
    response = client.get("/guide/items/NO-SUCH-ITEM")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


@pytest.fixture
def full_item(make):
    """An item with every guide element, served at two windows through one category."""
    department = make.department(code="MZ", name="县民政局")
    item = make.item(
        department=department, code="62052400MZ-XK-0001", name="内地居民婚姻登记",
        type="confirmation", legal_basis="《婚姻登记条例》第四条、第五条",
        conditions="男女双方自愿结婚，达到法定婚龄", procedure="申请\n受理\n审查\n登记发证",
        legal_days=20, promised_days=5, charges_fee=True, fee_standard="每件 9 元",
        fee_basis="发改价格〔2017〕1186号", place="政务服务中心一楼东区",
        consult_phone="0938-8211234", complaint_phone="0938-12345", online=True,
        online_url="https://zwfw.example.gov.cn/hy", visits=1)
    set_special_steps(item, "expert_review", "hearing")
    make.material(item, name="居民身份证", form="original", copies=1, required=True,
                  deferrable=False, requirements="在有效期内", position=1)
    make.material(item, name="户口簿", form="original_and_copy", copies=2, required=True,
                  deferrable=True, position=2)
    make.material(item, name="近期合影照片", form="copy", copies=3, required=False, position=3)
    category = make.category(items=[item], name="婚姻登记", prefix="H")
    make.window(categories=[category], no=3, name="民政综合窗口")
    make.window(categories=[category], no=7, name="婚姻登记窗口")
    make.window(no=9, name="不办理婚姻登记的窗口")
    db.session.commit()
    return item


def material_rows(html: str) -> dict[str, str]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return {name: row for row in rows for name in ("居民身份证", "户口簿", "近期合影照片")
            if name in row}


def test_item_page_shows_every_guide_element(client, full_item):
    html = get_html(client, "/guide/items/62052400MZ-XK-0001")
    for text in ["内地居民婚姻登记", "62052400MZ-XK-0001", "行政确认", "县民政局",
                 "《婚姻登记条例》第四条、第五条", "男女双方自愿结婚，达到法定婚龄",
                 "承诺件", "5 个工作日", "20 个工作日", "每件 9 元", "发改价格〔2017〕1186号",
                 "政务服务中心一楼东区", "3号窗口（民政综合窗口）", "7号窗口（婚姻登记窗口）",
                 "H 婚姻登记", "0938-8211234", "0938-12345", "可网上办理",
                 "https://zwfw.example.gov.cn/hy", "1 次", "最多跑一次",
                 "特殊环节（不计入办理时限）：听证、专家评审"]:
        assert text in html, text
    assert "不办理婚姻登记的窗口" not in html
    assert "不收费" not in html
    steps = re.search(r'<ol class="g-steps">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", steps) == ["申请", "受理", "审查", "登记发证"]
    rows = material_rows(html)
    assert all(word in rows["居民身份证"] for word in ("原件", "1 份", "必需", "在有效期内"))
    assert "可容缺" not in rows["居民身份证"]
    assert all(word in rows["户口簿"] for word in ("原件及复印件", "2 份", "必需", "可容缺后补"))
    assert all(word in rows["近期合影照片"] for word in ("复印件", "3 份", "视情况提供"))
    assert html.index("居民身份证") < html.index("户口簿") < html.index("近期合影照片")


def test_immediate_free_item_wording(client, make):
    item = make.item(name="临时身份证办理", legal_days=0, promised_days=0, charges_fee=False,
                     online=False, visits=2)
    db.session.commit()
    html = get_html(client, f"/guide/items/{item.code}")
    assert "即办件" in html and "当场或当日办结" in html and "即时办结" in html
    assert "承诺件" not in html
    assert "不收费" in html
    assert "仅窗口办理" in html
    assert "2 次" in html and "最多跑一次" not in html
    assert "无需提交材料" in html


def test_printable_page_has_the_same_content_and_a4_css(client, full_item):
    html = get_html(client, "/guide/items/62052400MZ-XK-0001/print")
    for text in ["内地居民婚姻登记", "62052400MZ-XK-0001", "行政确认", "县民政局", "承诺件",
                 "《婚姻登记条例》第四条、第五条", "男女双方自愿结婚，达到法定婚龄",
                 "20 个工作日", "5 个工作日", "每件 9 元", "发改价格〔2017〕1186号",
                 "政务服务中心一楼东区", "3号、7号窗口", "0938-8211234", "0938-12345",
                 "1 次", "1. 申请", "4. 登记发证", "特殊环节（不计入办理时限）：听证、专家评审",
                 "居民身份证", "户口簿（可容缺）", "近期合影照片", "原件及复印件", "复印件"]:
        assert text in html, text
    link = re.search(r'<link rel="stylesheet" href="([^"]*print\.css)">', html)
    assert link is not None
    css = client.get(link.group(1))
    assert css.status_code == 200
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css.get_data(as_text=True))
    css.close()
    assert "不办理婚姻登记的窗口" not in html


def test_item_page_links_to_the_print_page(client, full_item):
    html = get_html(client, "/guide/items/62052400MZ-XK-0001")
    assert 'href="/guide/items/62052400MZ-XK-0001/print"' in html


def test_printable_immediate_item(client, make):
    item = make.item(name="临时身份证办理", legal_days=0, promised_days=0, charges_fee=False)
    db.session.commit()
    html = get_html(client, f"/guide/items/{item.code}/print")
    assert "即办件" in html and "当场或当日办结" in html and "不收费" in html


@pytest.fixture
def wildcard_items(make):
    department = make.department(name="县税务局")
    make.item(department=department, name="发票用量调整（100%核定）")
    make.item(department=department, name="纳税信用补评_复评")
    make.item(department=department, name="税务登记")
    make.item(department=department, name="个体工商户定额核定")
    db.session.commit()


# Search goes by words: punctuation (LIKE's wildcards among it) separates words and never
# reaches the database, so a search of punctuation alone finds nothing.
@pytest.mark.parametrize("query,expected", [
    ("%", set()),
    ("100%", {"发票用量调整（100%核定）"}),
    ("_", set()),
    ("补评_", {"纳税信用补评_复评"}),
    ("税务_记", {"税务登记"}),
    ("税务%记", {"税务登记"}),
    ("\\", set()),
])
def test_like_wildcards_are_taken_literally(client, wildcard_items, query, expected):
    html = get_html(client, "/guide/?" + f"q={query}".replace("%", "%25").replace("\\", "%5C"))
    assert found_names(html) == expected
    api = client.get("/api/v1/items", query_string={"q": query}).get_json()
    assert {i["name"] for i in api["items"]} == expected


XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_html_in_item_text_is_escaped(client, make):
    department = make.department(name=f"部门{XSS}")
    item = make.item(department=department, code="XSS-0001", name=XSS,
                     conditions=f"条件{XSS}", legal_basis=f"依据{XSS}", procedure=f"申请\n{XSS}",
                     charges_fee=True, fee_standard=f"标准{XSS}", place=f"地点{XSS}")
    make.material(item, name=f"材料{XSS}", requirements=f"要求{XSS}")
    db.session.commit()
    for url in ["/guide/items/XSS-0001", "/guide/items/XSS-0001/print", "/guide/?q=script",
                "/kiosk"]:
        html = get_html(client, url)
        assert XSS not in html, url
        assert ESCAPED in html, url


def test_search_text_is_escaped_when_echoed(client, catalogue):
    html = get_html(client, "/guide/?q=" + XSS.replace("<", "%3C").replace(">", "%3E"))
    assert XSS not in html
    assert ESCAPED in html

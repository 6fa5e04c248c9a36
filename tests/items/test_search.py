"""Search in the words people use: aliases, department, materials, pinyin; ranked."""
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.items import search, services
from hall.items.models import Item
from tests.factories import TEST_ACTOR

# --- the stored text and the query words (pure) ---------------------------------------------

def test_words_fold_full_width_and_case_and_drop_punctuation():
    assert search.words_of("ＹＹＺＺ，营业执照（副本）") == ["yyzz", "营业执照", "副本"]
    assert search.words_of("%_\\'\"") == []


def test_section_text_has_characters_full_pinyin_and_initials():
    text = search.section_text(["营业执照"])
    assert text.split() == ["营业执照", "yingyezhizhao", "yyzz"]


def test_pinyin_of_a_phrase_uses_the_phrase_reading():
    # 重 in 重庆 is chong, 行 in 银行 is hang: pypinyin's phrase dictionary, not char by char.
    assert "chongqing" in search.section_text(["重庆"])
    assert "yinhang" in search.section_text(["银行"])


def test_ascii_text_has_no_pinyin_forms():
    assert search.section_text(["SC-XK 0001"]).split() == ["sc", "xk", "0001"]


def test_each_field_lands_in_its_own_section():
    text = search.build_search_text("内地居民婚姻登记", ["结婚证"], "县民政局", ["居民户口簿"],
                                    "62052400MZ-XK-0001")
    assert text.startswith("! 内地居民婚姻登记 ") and text.endswith("=")
    for n, word in enumerate(["hunyin", "jhz", "mzj", "hukoubu", "mz"]):
        assert _like(text, search.section_pattern(word, n)), word


def _like(text: str, pattern: str) -> bool:
    import fnmatch
    return fnmatch.fnmatchcase(text, pattern.replace("%", "*"))


def test_marks_cannot_be_searched_for():
    assert search.query_words("! # & * + =") == []
    assert search.query_words("a " * 9) == ["a"] * search.MAX_WORDS
    assert search.query_words("x" * 500) == ["x" * search.MAX_WORD_LENGTH]


@pytest.mark.parametrize("typed,aliases", [
    ("营业执照、个体户执照\n开公司", ["营业执照", "个体户执照", "开公司"]),
    ("房产证/不动产证，房产证; 过户", ["房产证", "不动产证", "过户"]),
    ("  \n、、 ", []),
])
def test_aliases_are_split_trimmed_and_kept_once(typed, aliases):
    assert search.parse_aliases(typed) == aliases


def test_alias_rules():
    assert search.alias_error(["营业执照"]) is None
    assert "过长" in search.alias_error(["营" * 31])
    assert "最多 20 个" in search.alias_error([f"别名{n}" for n in range(21)])
    assert "文字或字母" in search.alias_error(["？！"])


# --- ranking on the database ---------------------------------------------------------------

@dataclass(frozen=True)
class AliasCatalogue:
    lost: Item          # 营业执照遗失补领: 营业执照 in its name
    found: Item         # 有限责任公司设立登记: 营业执照 among its aliases
    project: Item       # 企业投资项目备案: 营业执照 among its materials
    marriage: Item
    pension: Item
    invoice: Item
    food: Item


@pytest.fixture
def alias_catalogue(make) -> AliasCatalogue:
    """A small hall where 营业执照 is one item's name, another's alias, a third's material."""
    scj = make.department(code="SCJ", name="县市场监督管理局", sort_order=1)
    fgj = make.department(code="FGJ", name="县发展和改革局", sort_order=0)
    mzj = make.department(code="MZJ", name="县民政局", sort_order=2)
    rsj = make.department(code="RSJ", name="县人力资源和社会保障局", sort_order=3)
    swj = make.department(code="SWJ", name="县税务局", sort_order=4)
    catalogue = AliasCatalogue(
        lost=make.item(department=scj, code="SCJ-0002", name="营业执照遗失补领"),
        found=make.item(department=scj, code="SCJ-0001", name="有限责任公司设立登记",
                        aliases="营业执照\n企业设立\n开公司"),
        project=make.item(department=fgj, code="FGJ-0001", name="企业投资项目备案"),
        marriage=make.item(department=mzj, code="MZJ-0001", name="婚姻登记（结婚登记）",
                           aliases="结婚证\n结婚"),
        pension=make.item(department=rsj, code="RSJ-0001", name="城乡居民基本养老保险参保登记",
                          aliases="社保卡\n社保"),
        invoice=make.item(department=swj, code="SWJ-0001", name="代开增值税发票",
                          aliases="个体工商户开票\n代开发票"),
        food=make.item(department=scj, code="SCJ-0003", name="食品经营许可"),
    )
    make.material(catalogue.project, name="营业执照")
    make.material(catalogue.marriage, name="居民户口簿")
    db.session.commit()
    return catalogue


def names(q: str, **kwargs) -> list[str]:
    return [item.name for item in services.search_items(q, **kwargs)]


@pytest.mark.parametrize("q", ["营业执照", "yyzz", "yingyezhizhao", "YYZZ", "ｙｙｚｚ"])
def test_name_then_alias_then_material(alias_catalogue, q):
    assert names(q) == ["营业执照遗失补领", "有限责任公司设立登记", "企业投资项目备案"]


@pytest.mark.parametrize("q,first", [
    ("社保卡", "城乡居民基本养老保险参保登记"),
    ("社保", "城乡居民基本养老保险参保登记"),
    ("sbk", "城乡居民基本养老保险参保登记"),
    ("企业设立", "有限责任公司设立登记"),
    ("个体工商户", "代开增值税发票"),
    ("gtgsh", "代开增值税发票"),
    ("结婚证", "婚姻登记（结婚登记）"),
    ("jiehunzheng", "婚姻登记（结婚登记）"),
    ("户口簿", "婚姻登记（结婚登记）"),
    ("hukoubu", "婚姻登记（结婚登记）"),
])
def test_the_words_people_use(alias_catalogue, q, first):
    assert names(q)[:1] == [first]


def test_department_ranks_between_alias_and_material(alias_catalogue, make):
    # "市场监督" is the department of three items and a material of one in another department.
    make.material(alias_catalogue.project, name="市场监督管理部门证明")
    db.session.commit()
    assert names("市场监督") == ["有限责任公司设立登记", "营业执照遗失补领", "食品经营许可",
                                "企业投资项目备案"]
    assert names("scjd")[-1] == "企业投资项目备案"


def test_every_word_must_match_and_the_ranks_add_up(alias_catalogue):
    assert names("营业执照 补领") == ["营业执照遗失补领"]
    assert names("yyzz sheli") == ["有限责任公司设立登记"]
    assert names("营业执照 结婚") == []


def test_code_still_finds(alias_catalogue):
    assert names("scj-0001") == ["有限责任公司设立登记"]


def test_search_within_a_department_and_the_limit(alias_catalogue):
    assert names("营业执照", department="SCJ") == ["营业执照遗失补领", "有限责任公司设立登记"]
    assert names("营业执照", limit=1) == ["营业执照遗失补领"]


def test_hostile_words_are_plain_text(alias_catalogue):
    assert len(names("")) == 7               # no search: every item
    assert names("%") == names("_") == []    # only punctuation: nothing to look for
    assert names("' OR 1=1 --") == []


def test_unpublished_items_are_not_found_publicly(alias_catalogue):
    alias_catalogue.lost.is_published = False
    db.session.commit()
    assert "营业执照遗失补领" not in names("yyzz")
    assert "营业执照遗失补领" in names("yyzz", published_only=False)


# --- the stored text follows every change --------------------------------------------------

def stored(item) -> str:
    db.session.expire_all()
    return db.session.get(Item, item.id).search_text


def test_department_rename_reindexes_its_items(alias_catalogue):
    department = alias_catalogue.food.department
    services.save_department(TEST_ACTOR, {"code": "SCJ", "name": "县市场监管局", "phone": "",
                                          "sort_order": 1}, department)
    db.session.commit()
    assert ("县市场监管局" in stored(alias_catalogue.food)
            and "督" not in stored(alias_catalogue.food))
    assert names("市场监管") and not names("市场监督")


def test_material_changes_reindex_the_item(alias_catalogue):
    item = alias_catalogue.food
    data = {"name": "健康体检证明", "form": "original", "copies": 1, "required": True,
            "deferrable": False, "requirements": "", "position": 1}
    material = services.save_material(TEST_ACTOR, item, data)
    db.session.commit()
    assert names("体检") == ["食品经营许可"] and names("jktjzm") == ["食品经营许可"]
    services.save_material(TEST_ACTOR, item, {**data, "name": "从业人员健康证明"}, material)
    db.session.commit()
    assert names("tijian") == [] and names("健康证") == names("cyry") == ["食品经营许可"]
    services.delete_material(TEST_ACTOR, material)
    db.session.commit()
    assert names("健康证") == []


def test_assign_category_refuses_an_unknown_category(alias_catalogue):
    with pytest.raises(DomainError) as refused:
        services.assign_category(TEST_ACTOR, alias_catalogue.food, 987654, clock.now())
    assert refused.value.fields == {"category_id": "排队类别不存在"}


def test_search_query_count_is_one(alias_catalogue, app):
    """One SELECT finds and ranks the items with their departments (no query per row)."""
    from sqlalchemy import event
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        found = services.search_items("yyzz")
        [item.department.name for item in found]
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 1
    assert "CASE" in seen[0].upper()


def test_items_of_the_demo_hall(app):
    """Every demo item has aliases and a queue category; the kiosk's own hints find items."""
    from hall.demo.seed import load_demo
    load_demo(clock.now())
    db.session.commit()
    items = db.session.scalars(select(Item)).all()
    assert len(items) == 52
    assert all(item.alias_list and item.category_id for item in items)
    expected = {"营业执照": "有限责任公司设立登记", "yyzz": "有限责任公司设立登记",
                "社保卡": "城乡居民基本养老保险参保登记", "企业设立": "有限责任公司设立登记",
                "结婚证": "婚姻登记（结婚登记）", "jhdj": "婚姻登记（结婚登记）",
                "身份证": "居民身份证申领（首次申领、换领、补领）", "户口": "户口迁移（迁入登记）",
                "房产证": "国有建设用地使用权及房屋所有权转移登记",
                "不动产证": "国有建设用地使用权及房屋所有权转移登记",
                "个体工商户": "代开增值税发票", "健康证": "公共场所卫生许可（新办）"}
    for q, first in expected.items():
        assert names(q)[:1] == [first], q
    assert len(names("社保")) >= 2

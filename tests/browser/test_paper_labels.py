"""80 mm papers never break a label ("受理/人"), and they name the staff member.

The receipt printer's paper is 80 mm wide: 302 px at 96 dpi. Each paper is laid out at that
width with print media, and every label (a table heading, a signature label) must sit on one
line: the text's client rects all share one top.
"""
from datetime import timedelta

import pytest

from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from tests.factories import PASSWORD, TEST_ACTOR

pytestmark = pytest.mark.browser

PAPER_80MM_PX = 302
PERSON = {"type": "person", "name": "欧阳文静", "id_number": "11010519491231002X",
          "phone": "13912345678"}
# The lines each label's text occupies, and the widest the page grew.
MEASURE = """() => {
  const lines = el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter(r => r.width > 0)
                   .map(r => Math.round(r.top))).size;
  };
  return {
    labels: [...document.querySelectorAll('.sheet th, .sheet .label')]
      .map(el => ({text: el.textContent.trim(), lines: lines(el)})),
    width: document.documentElement.scrollWidth,
    who: document.querySelector('[data-handled-by]').textContent.trim(),
  };
}"""


@pytest.fixture
def papers(make, freeze_time):
    """A receipt (with a 容缺 line), a one-time notice and a refusal, by a named member of staff."""
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff", username="ouyang", name="欧阳晓燕", staff_no="MZ030118")
    window = make.window(no=7, name="民政窗口", staff_a_id=staff.id)
    item = make.item(name="社会团体成立登记（含章程核准、负责人备案及印章式样备案）",
                     promised_days=20, legal_days=60)
    form = make.material(item, name="社会团体法人登记申请表及拟任负责人基本情况表")
    make.material(item, name="住所使用权证明", deferrable=True)
    accepted = cases.accept(Actor.of(staff), clock.now(), item=item, applicant=PERSON,
                            handed_in={form.id}, window=window,
                            promise_date=clock.local().date() + timedelta(days=5))
    noticed = cases.accept(Actor.of(staff), clock.now(), item=item, applicant=PERSON, handed_in=set(),
                           window=window)
    refused = cases.refuse(Actor.of(staff), clock.now(), item=item, applicant=PERSON, window=window,
                           reason="申请事项不属于本机关职权范围，请向市民政局申请。")
    db.session.commit()
    assert accepted.deferred_until is not None        # the receipt has its 容缺材料 line
    return {"staff": staff.username, "receipt": accepted.case_no, "notice": noticed.case_no,
            "refusal": refused.case_no}


@pytest.mark.parametrize("paper, staff_label", [
    ("receipt", "受理人："), ("notice", "告知人："), ("refusal", "经办人：")])
def test_80mm_papers_keep_every_label_on_one_line(live_server, browser, papers, paper,
                                                    staff_label):
    context = browser.new_context(viewport={"width": PAPER_80MM_PX, "height": 900},
                                  locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill(papers["staff"])
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server}/staff")
    page.emulate_media(media="print")
    page.goto(f"{live_server}/cases/{papers[paper]}/{paper}?format=80")
    measured = page.evaluate(MEASURE)
    context.close()

    labels = {label["text"]: label["lines"] for label in measured["labels"]}
    applicant_label = "申请人（签字）：" if paper == "receipt" else "申请人（签收）："
    assert staff_label in labels and applicant_label in labels
    broken = {text: lines for text, lines in labels.items() if lines != 1}
    assert broken == {}, f"labels broken across lines on 80 mm paper: {broken}"
    assert measured["who"] == "欧阳晓燕（工号 MZ030118）"
    assert measured["width"] <= PAPER_80MM_PX       # nothing pushes the paper wider

"""The kiosk complaint form in chromium: kind, live count, the digit pad, errors, thanks."""
import pytest
from sqlalchemy import select

from hall.complaints.models import Complaint
from hall.core.extensions import db
from tests.browser.speech import CAPTURE_SPEECH

pytestmark = pytest.mark.browser


def test_a_complaint_typed_on_the_portrait_kiosk(live_server, browser, make):
    make.window(no=3, name="社会事务窗口")
    db.session.commit()
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    page.add_init_script(CAPTURE_SPEECH)
    page.goto(f"{live_server}/kiosk/complaints")
    page.get_by_text("投诉", exact=True).first.click()
    assert page.locator("[data-need]").first.inner_text() == "（必填）"
    page.get_by_label("请写明时间、地点、经过和您的诉求").fill("等候时间太长")
    assert page.locator("[data-counter]").inner_text() == "已输入 6 / 500 字"
    page.get_by_label("联系电话").click()
    pad = page.get_by_role("group", name="数字键盘：输入到当前选中的电话或办件编号")
    for key in "139123456789":
        pad.get_by_role("button", name=key, exact=True).click()
    pad.get_by_role("button", name="退格，删除最后一位").click()
    assert page.get_by_label("联系电话").input_value() == "13912345678"
    page.get_by_role("button", name="提交").click()
    assert "投诉须留下姓名" in page.locator(".cp-alert").inner_text()
    # The field is focused once the page has loaded, which may come after the alert shows.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'name'",
                           timeout=5000)
    assert any("投诉须留下姓名" in text for text in page.evaluate("window.__spoken"))
    page.get_by_label("姓名").fill("王小明")
    page.get_by_role("button", name="提交").click()
    assert "已收到您的投诉" in page.locator("main").inner_text()
    complaint = db.session.scalar(select(Complaint))
    assert (complaint.channel, complaint.phone, complaint.name) == ("kiosk", "13912345678",
                                                                    "王小明")
    page.close()

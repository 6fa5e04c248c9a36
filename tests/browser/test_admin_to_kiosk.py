"""An administrator sets up a window and an item; the public finds the item on the kiosk."""
import pytest

from hall.core.extensions import db

pytestmark = pytest.mark.browser


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff")


def _create_window(page, base: str) -> None:
    page.goto(f"{base}/admin/windows/new")
    page.get_by_label("窗口号").fill("31")
    page.get_by_label("窗口名称").fill("社会事务综合窗口")
    page.get_by_label("窗口类型").select_option(label="综合受理")
    page.get_by_label("状态").select_option(label="开放")
    page.get_by_label("R 社会事务").check()
    page.get_by_label("县民政局").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/admin/windows/")
    assert page.get_by_role("link", name="社会事务综合窗口").is_visible()


def _create_item(page, base: str) -> None:
    page.goto(f"{base}/admin/items/new")
    page.get_by_label("事项编码").fill("62052400MZ-QR-0099")
    page.get_by_label("事项名称").fill("困难残疾人生活补贴审核确认")
    page.get_by_label("事项类型").select_option(label="行政确认")
    page.get_by_label("实施部门").select_option(label="县民政局")
    page.get_by_label("法定时限（工作日）").fill("20")
    page.get_by_label("承诺时限（工作日）").fill("10")
    page.get_by_label("到现场次数").fill("1")
    page.get_by_label("公示").check()
    page.get_by_label("设定和实施依据").fill("《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》")
    page.get_by_label("受理条件").fill("具有本县户籍、持有第二代残疾人证的低保家庭残疾人")
    page.get_by_label("办理流程").fill("申请\n受理\n审核\n公示\n确认")
    page.get_by_label("办理地点").fill("县政务服务中心一楼")
    page.get_by_label("咨询电话").fill("0938-6521234")
    page.get_by_label("监督投诉电话").fill("12345")
    page.get_by_role("button", name="保存事项").click()
    page.get_by_text("已保存").wait_for()
    page.get_by_role("link", name="添加材料").click()
    page.get_by_label("材料名称").fill("第二代残疾人证")
    page.get_by_label("材料形式").select_option(label="原件及复印件")
    page.get_by_role("button", name="保存材料").click()
    page.get_by_role("link", name="第二代残疾人证").wait_for()


def _serve_item_in_category(page, base: str, category_id: int) -> None:
    page.goto(f"{base}/admin/categories/{category_id}")
    page.get_by_label("困难残疾人生活补贴审核确认（县民政局）").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/admin/categories/")


def test_admin_creates_window_and_item_then_kiosk_finds_it(live_server, page, make):
    admin = make.user(role="admin", username="admin")
    make.department(code="MZ", name="县民政局")
    category = make.category(code="social", name="社会事务", prefix="R")
    db.session.commit()

    _login(page, live_server, admin.username, "Hall-Test-2026")
    _create_window(page, live_server)
    _create_item(page, live_server)
    _serve_item_in_category(page, live_server, category.id)

    page.goto(f"{live_server}/kiosk")
    page.get_by_label("搜索办事事项").fill("残疾人生活补贴")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="困难残疾人生活补贴审核确认").click()
    page.get_by_role("heading", name="困难残疾人生活补贴审核确认").wait_for()
    body = page.locator("main").inner_text()
    for expected in ("62052400MZ-QR-0099", "10 个工作日", "20 个工作日", "第二代残疾人证",
                     "原件及复印件", "31号窗口（社会事务综合窗口）", "公示", "12345"):
        assert expected in body

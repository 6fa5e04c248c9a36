"""The administrator's lists at 1366x768: no header or button breaks inside its words."""
import pytest

from hall.core.extensions import db
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

# Every column header, and every button in a row, laid out on more than one line.
WRAPPED = """() => [...document.querySelectorAll('table.list thead th, table.list td .btn')]
  .filter(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
  })
  .map(el => el.innerText)"""


@pytest.fixture
def crowded_hall(make):
    """Windows that serve many departments: the layout that broke '窗口号' and '删除'."""
    departments = [make.department(name=f"县{name}局") for name in
                   ("发展和改革", "人力资源和社会保障", "住房和城乡建设", "退役军人事务", "市场监督管理")]
    category = make.category(name="工程建设项目")
    for no in range(1, 6):
        make.window(no=no, name="工程建设项目综合窗口", departments=departments,
                    categories=[category])
    make.item(department=departments[0], name="房屋建筑和市政基础设施工程竣工验收备案")
    admin = make.user(role="admin", password=STRONG_PASSWORD)
    db.session.commit()
    return admin.username


@pytest.mark.parametrize("path", ["/admin/windows/", "/admin/items", "/admin/departments",
                                  "/admin/categories/", "/admin/users/"])
def test_headers_and_buttons_stay_on_one_line(browser, live_server, crowded_hall, path):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill(crowded_hall)
    page.get_by_label("密码").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server}/staff")
    page.goto(f"{live_server}{path}")
    assert page.locator("table.list tbody tr").count() >= 1
    assert page.evaluate(WRAPPED) == []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1366   # and the page does not scroll sideways
    page.close()

"""The simulation's window staff: every serving window needs its A岗 to act there."""
import random

from sqlalchemy import select

from hall.auth.models import User
from hall.auth.services import create_user, find_user, generate_password
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.windows.models import Window
from hall.windows.services import assign_staff

NAMES = ("王丽娟", "张海涛", "李文静", "刘建军", "杨晓梅", "黄志刚", "赵雪", "周敏", "吴鹏",
         "徐佳", "孙立新", "马玉兰", "朱浩", "胡晓燕", "郭强", "何静", "高峰", "林芳", "罗斌",
         "郑雅", "梁超", "谢婷", "宋涛", "唐颖")


def serving_windows() -> list[Window]:
    return [w for w in db.session.scalars(select(Window).order_by(Window.no)) if w.categories]


def seat_staff() -> int:
    """Give every serving window without an A岗 a staff account of its own (sim01, sim02…);
    the password is random and never shown: the administrator resets it to use one."""
    actor, seated = Actor.system("simulate"), 0
    for window in serving_windows():
        if window.staff_a_id is not None:
            continue
        username = f"sim{window.no:02d}"
        user = find_user(username) or create_user(
            actor, clock.now(), username=username, role="staff", password=generate_password(),
            name=NAMES[(window.no - 1) % len(NAMES)], staff_no=f"W{window.no:04d}")
        assign_staff(actor, window, user)
        seated += 1
    return seated


def roster(rng: random.Random) -> dict[int, Actor]:
    """Who serves at each window today: the A岗, or now and then the B岗 covering (AB岗)."""
    staff = {}
    for window in serving_windows():
        covering = window.staff_b is not None and rng.random() < 0.1
        staff[window.id] = Actor.of(window.staff_b if covering else window.staff_a)
    return staff


def manager() -> User:
    """The hall manager who follows 差评 up."""
    user = db.session.scalar(select(User).where(User.role == "manager").order_by(User.id))
    if user is None:
        from hall.core.errors import DomainError
        raise DomainError("模拟需要一个大厅管理员账户，请先运行 flask --app hall demo")
    return user

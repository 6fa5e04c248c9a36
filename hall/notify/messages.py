"""The texts of the six kinds of message: pure functions, Chinese, signed 【hall name】.

Each takes what the person needs to act on and nothing personal beyond it: no name, no
身份证号. Times are the hall's local ones, already converted by the caller.
"""
from datetime import date, datetime

WEEKDAYS = "一二三四五六日"


def signed(hall_name: str, body: str) -> str:
    """The signature a Chinese SMS gateway expects in front: 【县政务服务中心】…"""
    return f"【{hall_name.strip() or '政务服务中心'}】{body}"


def day_text(day: date) -> str:
    """12月5日（周五）"""
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def slot_text(start: datetime, end: datetime) -> str:
    """12月5日（周五）09:30-10:00"""
    return f"{day_text(start.date())}{start:%H:%M}-{end:%H:%M}"


def booking_confirmed(hall_name: str, category: str, start: datetime, end: datetime,
                      code: str, before: int = 30, after: int = 15) -> str:
    return signed(hall_name, f"您已预约{slot_text(start, end)}办理{category}，预约码{code}。"
                  f"请在开始前{before}分钟至开始后{after}分钟内到大厅自助终端签到；"
                  "不能前来请提前取消。")


def booking_reminder(hall_name: str, category: str, start: datetime, end: datetime,
                     code: str) -> str:
    return signed(hall_name, f"提醒：您预约了明天{slot_text(start, end)}办理{category}，"
                  f"预约码{code}，请带好身份证件按时到大厅签到。")


def ticket_ahead(hall_name: str, number: str, ahead: int) -> str:
    return signed(hall_name, f"您的{number}号前面还有{ahead}人，请回到大厅等候叫号。")


def ticket_called(hall_name: str, number: str, window: str) -> str:
    return signed(hall_name, f"请{number}号到{window}号窗口办理。")


def case_closed(hall_name: str, case_no: str, item: str) -> str:
    return signed(hall_name, f"您的办件{case_no}（{item}）已办结，"
                  "请按受理回执上的方式领取结果。")


def case_supplement(hall_name: str, case_no: str, item: str, days: int | None = None) -> str:
    within = f"请在{days}个工作日内" if days else "请尽快"
    return signed(hall_name, f"您的办件{case_no}（{item}）需要补正材料，"
                  f"{within}携带补正告知书所列材料到大厅办理。")


BUILDERS = {
    "booking_confirmed": booking_confirmed,
    "booking_reminder": booking_reminder,
    "ticket_ahead": ticket_ahead,
    "ticket_called": ticket_called,
    "case_closed": case_closed,
    "case_supplement": case_supplement,
}


def build(kind: str, hall_name: str, **fields) -> str:
    """The text of one kind of message: build("ticket_called", "县政务服务中心", number=…)."""
    return BUILDERS[kind](hall_name, **fields)

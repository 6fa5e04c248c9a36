"""Hostile text and a small calendar for the security tests (the policy is in
hall.web.input_guard)."""
from hall.calendar import services as calendar
from hall.core import clock
from tests.factories import TEST_ACTOR

# 4-byte emoji, a ZWJ family, a flag, CJK Extension B, a right-to-left mark and Hebrew,
# combining accents, ordinary Chinese: all printable, all to be kept exactly.
UNICODE = "😀👨‍👩‍👧‍👦🇨🇳𠀀𪚥\u200fשלוםe\u0301\u0303中文"
# NUL, SOH, VT (Word's manual line break) and US between Chinese characters.
CONTROLS = "甲\x00乙\x01丙\x0b丁\x1f戊"
CLEANED = "甲乙丙 丁戊"      # what a page form keeps of CONTROLS
LONG_TEXT = "长" * 20_000    # for text columns without a limit: kept whole


def fitted(limit: int | None) -> str:
    """UNICODE cut to a field's limit."""
    return UNICODE if limit is None else UNICODE[:limit]


def too_long(limit: int) -> str:
    """Ten times what the field holds."""
    return "长" * (limit * 10)


def load_calendar(year: int = 2026) -> None:
    """One year of the official calendar (all of chinesecalendar takes half a second)."""
    calendar._load_year(TEST_ACTOR, clock.now(), year, calendar.package_schedule()[year],
                        "chinesecalendar", "calendar.sync")

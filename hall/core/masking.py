"""Personal data masked for display and for logs: 身份证号, names, phone numbers.

Pure functions, no Flask; they never raise.
"""
import re

from hall.core.validators import MOBILE, normalize_phone, plain_text, split_landline

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙",
                     "慕容", "长孙", "宇文", "司徒", "夏侯")

ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask_id(text) -> str:
    """110105********002X: the region code and the last 4 characters stay."""
    number = plain_text(text)
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(text) -> str:
    """张*: the surname stays (two characters for 欧阳 and other compound surnames)."""
    name = plain_text(text)
    if len(name) <= 1:
        return "*" * len(name)
    keep = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:keep] + ("*" if len(name) - keep == 1 else "**")


def mask_phone(text) -> str:
    """138****1234 for mobiles; landlines keep the area code and the last 2 digits."""
    phone = normalize_phone(text)
    if MOBILE.fullmatch(phone):
        return phone[:3] + "****" + phone[-4:]
    landline = split_landline(phone)
    if landline:
        area, local = landline
        return f"{area}-{'*' * (len(local) - 2)}{local[-2:]}"
    if len(phone) <= 4:
        return "*" * len(phone)
    return "*" * (len(phone) - 2) + phone[-2:]


def scrub(text) -> str:
    """Free text (a log line) with every ID-number-like token and mobile number masked."""
    if text is None:
        return ""
    line = text if isinstance(text, str) else str(text)
    line = ID_IN_TEXT.sub(lambda match: mask_id(match.group()), line)
    return MOBILE_IN_TEXT.sub(lambda match: mask_phone(match.group()), line)

"""Personal identifiers checked: 身份证号 (GB 11643), 统一社会信用代码 (GB 32100), phone numbers.

Pure functions, no Flask. The problem functions return "" when the input is valid, else a
Chinese message to show as is.
"""
import re
import unicodedata
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
EARLIEST_BIRTH = date(1900, 1, 1)

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_AUTHORITIES = "123456789ANY"

MOBILE = re.compile(r"1[3-9][0-9]{9}")
AREA_CODE = re.compile(r"0[0-9]{2,3}")
LOCAL_NUMBER = re.compile(r"[0-9]{7,8}")


def plain_text(value) -> str:
    """Any input as a stripped string, full-width characters made half-width."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalize_id_number(text) -> str:
    """The form to store: half-width, trimmed, check character X upper-case."""
    return plain_text(text).upper()


def id_number_problem(text, today: date | None = None) -> str:
    """"" for a valid 18-character 身份证号 (GB 11643), else what is wrong, in Chinese."""
    number = normalize_id_number(text)
    if not number:
        return "请填写身份证号"
    if len(number) != 18:
        return "身份证号应为18位"
    if not ID_SHAPE.fullmatch(number):
        return "身份证号前17位应为数字，最后一位为数字或X"
    if number[0] not in "1234568" or number[:6] == "000000":
        return "身份证号地区码不正确"
    if not _is_birth_date(number[6:14], today or date.today()):
        return "身份证号出生日期不正确"
    if id_check_char(number[:17]) != number[17]:
        return "身份证号校验位不正确，请核对"
    return ""


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS))
    return ID_CHECK[total % 11]


def _is_birth_date(digits: str, today: date) -> bool:
    """YYYYMMDD is a real date between 1900-01-01 and today."""
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return EARLIEST_BIRTH <= born <= today


def normalize_credit_code(text) -> str:
    """The form to store: half-width, trimmed, upper-case."""
    return plain_text(text).upper()


def credit_code_problem(text) -> str:
    """"" for a valid 统一社会信用代码 (GB 32100-2015), else what is wrong, in Chinese."""
    code = normalize_credit_code(text)
    if not code:
        return "请填写统一社会信用代码"
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    if any(char not in CREDIT_CHARSET for char in code):
        return "统一社会信用代码含有无效字符（只能是数字和除I、O、Z、S、V以外的大写字母）"
    if code[0] not in CREDIT_AUTHORITIES:
        return "统一社会信用代码第1位（登记管理部门代码）不正确"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划码"
    if credit_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对"
    return ""


def credit_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(CREDIT_CHARSET.index(char) * weight
                for char, weight in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def normalize_phone(text) -> str:
    """Half-width, no spaces or brackets; a mobile also loses its dashes and +86."""
    phone = re.sub(r"[\s()]", "", plain_text(text))
    mobile = re.sub(r"^\+?86", "", phone.replace("-", ""))
    return mobile if MOBILE.fullmatch(mobile) else phone


def phone_problem(text) -> str:
    """"" for a mainland mobile or a landline with its area code, else a Chinese message."""
    phone = normalize_phone(text)
    if not phone:
        return "请填写联系电话"
    if MOBILE.fullmatch(phone) or split_landline(phone):
        return ""
    return "联系电话应为11位手机号，或带区号的固定电话（如 0938-1234567）"


def split_landline(phone: str) -> tuple[str, str] | None:
    """(area code, local number) of a landline; 010 and 02x are the 3-digit area codes."""
    area, _, local = phone.partition("-")
    if not local:
        cut = 3 if phone[:2] in ("01", "02") else 4
        area, local = phone[:cut], phone[cut:]
    if AREA_CODE.fullmatch(area) and LOCAL_NUMBER.fullmatch(local):
        return area, local
    return None

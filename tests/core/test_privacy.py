"""Personal information: 身份证号 and credit-code validation, masking, scrubbing free text."""
from datetime import date

import pytest

from hall.core.masking import mask_id, mask_name, mask_phone, scrub
from hall.core.validators import (
    credit_code_problem,
    id_number_problem,
    normalize_credit_code,
    normalize_id_number,
    phone_problem,
)

TODAY = date(2026, 11, 30)

# GB 11643 weights: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; sum mod 11 -> 1 0 X 9 8 7 6 5 4 3 2.
VALID_IDS = [
    # 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2
    # = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> X
    "11010519491231002X",
    # 28+36+0+15+0+16+2+9+54+0+0+9+0+5+0+0+2 = 176; 176 mod 11 = 0 -> 1
    "440304199001010011",
    # 42+18+0+25+16+16+2+9+48+15+0+27+10+25+0+0+4 = 257; 257 mod 11 = 4 -> 8
    "620524198503150028",
    # born 1980-02-29, a leap day: 35+9+0+5+0+28+2+9+48+0+0+18+20+45+0+0+2 = 221;
    # 221 mod 11 = 1 -> 0
    "510107198002290010",
    # born 1900-01-01, the earliest accepted: 7+9+0+5+0+20+2+9+0+0+0+9+0+5+0+0+2 = 68;
    # 68 mod 11 = 2 -> X
    "11010519000101001X",
]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_id_numbers_have_no_problem(number):
    assert id_number_problem(number, TODAY) == ""


def test_lower_case_x_is_accepted_and_normalized():
    assert id_number_problem("11010519491231002x", TODAY) == ""
    assert normalize_id_number(" 11010519491231002x ") == "11010519491231002X"


def test_full_width_digits_are_normalized():
    assert normalize_id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert id_number_problem("１１０１０５１９４９１２３１００２Ｘ", TODAY) == ""


def test_today_defaults_to_the_real_date():
    assert id_number_problem("11010519491231002X") == ""


@pytest.mark.parametrize("number, message", [
    ("", "请填写身份证号"),
    ("   ", "请填写身份证号"),
    (None, "请填写身份证号"),
    ("11010519491231002", "身份证号应为18位"),
    ("11010519491231002X1", "身份证号应为18位"),
    ("110105194912310021", "身份证号校验位不正确，请核对"),   # must end in X
    ("11010519491231002Y", "身份证号前17位应为数字，最后一位为数字或X"),
    ("1101051949123100X2", "身份证号前17位应为数字，最后一位为数字或X"),
    ("71010519491231002X", "身份证号地区码不正确"),
    ("91010519491231002X", "身份证号地区码不正确"),
    ("000000194912310020", "身份证号地区码不正确"),
])
def test_invalid_id_numbers_say_what_is_wrong(number, message):
    assert id_number_problem(number, TODAY) == message


@pytest.mark.parametrize("number", [
    # 1999-02-30 does not exist; check digit right so only the date is wrong:
    # 7+9+0+5+0+20+2+9+54+27+0+18+30+0+8+8+6 = 203; 203 mod 11 = 5 -> 7
    "110105199902301237",
    # 1899-12-31 is before 1900: 7+9+0+5+0+20+2+8+54+27+7+18+30+5+0+0+2 = 194 -> 5
    "110105189912310015",
    "110105202612010010",   # after TODAY
    "110105198013010010",   # month 13
    "110105198100290010",   # month 00
    "110105198102290010",   # 1981-02-29
])
def test_impossible_birth_dates_are_refused(number):
    assert id_number_problem(number, TODAY) == "身份证号出生日期不正确"


# GB 32100 weights: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28; charset values
# 0-9 then A=10 B=11 C=12 D=13 E=14 F=15 G=16 H=17 J=18 K=19 L=20 M=21 N=22 P=23 Q=24
# R=25 T=26 U=27 W=28 X=29 Y=30; check = 31 - sum mod 31 (31 -> 0).
VALID_CODES = [
    # 9+3+27+135+0+26+0+0+420(M)+0+0+0+8+0+0+900(Y)+112 = 1640; 1640 mod 31 = 28 -> 3
    "91350100M000100Y43",
    # 1+6+9+0+0+0+0+0+80+0+0+0+0+0+0+0+28 = 124; 124 mod 31 = 0 -> 31 -> 0
    "121000004000000010",
    # 9+3+9+27+0+26+0+136+420+290+0+13+80+264+120+390+0 = 1787; mod 31 = 20 -> 11 = B
    "91110108MA01ABCD0B",
    # 5+9+9+0+0+0+0+0+100+0+0+0+16+24+60+210+168 = 601; mod 31 = 12 -> 19 = K
    "53100000500021676K",
    # 9+6+54+54+0+130+32+68+420+290+175+13+88+48+120+90+812 = 2409; mod 31 = 22 -> 9
    "92620524MA71B2C3X9",
    # 30(Y)+3+54+54+0+130+32+68+420+290+175+377+240+672+10+60+0 = 2615; mod 31 = 11
    # -> 20 = L
    "Y1620524MA7XYW120L",
]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_codes_have_no_problem(code):
    assert credit_code_problem(code) == ""


def test_credit_codes_are_normalized_to_upper_case():
    assert credit_code_problem(" 91350100m000100y43 ") == ""
    assert normalize_credit_code("91350100m000100y43") == "91350100M000100Y43"


@pytest.mark.parametrize("code, fragment", [
    ("", "请填写"),
    ("91350100M000100Y4", "应为18位"),
    ("91350100M000100Y44", "校验位不正确"),
    ("91350100M000100I43", "无效字符"),      # I, O, Z, S, V are not used
    ("91350100M000100O43", "无效字符"),
    ("91350100M0001 0Y43", "无效字符"),
    ("01350100M000100Y43", "登记管理部门代码"),
    ("B1350100M000100Y43", "登记管理部门代码"),
    ("913501A0M000100Y43", "行政区划码"),
])
def test_invalid_credit_codes_say_what_is_wrong(code, fragment):
    assert fragment in credit_code_problem(code)


@pytest.mark.parametrize("phone", ["13812341234", "19912345678", "0938-1234567",
                                   "010-12345678", "09381234567", "+86 138 1234 1234",
                                   "(0938)1234567", "１３８１２３４１２３４"])
def test_valid_phones(phone):
    assert phone_problem(phone) == ""


@pytest.mark.parametrize("phone", ["", "12812341234", "1381234123", "138123412345",
                                   "0938-12345", "938-1234567", "电话", "110"])
def test_invalid_phones(phone):
    assert phone_problem(phone) != ""
    assert "电话" in phone_problem(phone)


def test_mask_id_keeps_region_and_last_four():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("") == ""
    assert mask_id("1234") == "****"


@pytest.mark.parametrize("name, masked", [
    ("张三", "张*"), ("张三丰", "张**"), ("李四五六", "李**"),
    ("欧阳修", "欧阳*"), ("欧阳娜娜", "欧阳**"), ("司马相如", "司马**"),
    ("诸葛亮", "诸葛*"), ("上官婉儿", "上官**"), ("夏侯惇", "夏侯*"),
    ("欧阳", "欧*"), ("王", "*"), (" 张三 ", "张*"), ("", ""),
])
def test_mask_name_keeps_the_surname(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("phone, masked", [
    ("13812341234", "138****1234"), ("+86 138-1234-1234", "138****1234"),
    ("0938-1234567", "0938-*****67"), ("09381234567", "0938-*****67"),
    ("010-12345678", "010-******78"), ("02112345678", "021-******78"), ("", ""),
])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_scrub_masks_ids_and_mobiles_in_free_text():
    text = ("申请人身份证11010519491231002X，手机13812341234；"
            "GET /progress?id=11010519491231002x&tel=13912345678 HTTP/1.1")
    assert scrub(text) == ("申请人身份证110105********002X，手机138****1234；"
                           "GET /progress?id=110105********002x&tel=139****5678 HTTP/1.1")


def test_scrub_leaves_longer_digit_runs_and_other_numbers():
    text = "单号 1381234123456 流水 1101051949123100211 件号 A012 金额 12.50"
    assert scrub(text) == text


def test_scrub_masks_an_id_even_with_a_wrong_check_digit():
    assert scrub("id=110105194912310021") == "id=110105********0021"


ODD_INPUTS = [None, "", " ", "😀", "😀" * 30, "x" * 1000, "1" * 1000, "\x00\n\t",
              "１３８", "-", "()", 12345678901, 3.5]


@pytest.mark.parametrize("value", ODD_INPUTS)
def test_nothing_raises_on_odd_input(value):
    for function in (mask_id, mask_name, mask_phone, scrub):
        assert isinstance(function(value), str)
    for function in (id_number_problem, credit_code_problem, phone_problem):
        assert function(value) != ""


def test_empty_input_masks_to_empty():
    for function in (mask_id, mask_name, mask_phone, scrub):
        assert function("") == ""
        assert function(None) == ""

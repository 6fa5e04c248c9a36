"""Password rules of docs/rules.md §6: length, character classes, not the username."""
import pytest

from hall.auth.passwords import hash_password, password_problem, verify_password
from hall.auth.services import generate_password

TOO_SHORT = "密码至少需要 8 个字符"
TOO_LONG = "密码不能超过 128 个字符"
TOO_FEW_CLASSES = "密码需包含大写字母、小写字母、数字、符号中的至少三类"
HAS_USERNAME = "密码不能包含用户名"


@pytest.mark.parametrize("password", [
    "Abcdef12",            # upper, lower, digit; exactly 8
    "abcdef1!",            # lower, digit, symbol
    "ABCDEF1!",            # upper, digit, symbol
    "Abcdefg!",            # upper, lower, symbol
    "Abc 1234",            # a space counts as a symbol: 4 classes
    "Hall-Test-2026",
    "Aa1" + "x" * 125,     # exactly 128
    "密码Abcd12",          # Chinese characters are allowed alongside three classes
])
def test_acceptable_passwords(password):
    assert password_problem(password) == ""


@pytest.mark.parametrize("password, problem", [
    ("", TOO_SHORT),
    ("Abc12!", TOO_SHORT),
    ("Abcd12!", TOO_SHORT),                 # 7 characters, 4 classes
    ("Aa1!" + "x" * 125, TOO_LONG),         # 129 characters
    ("a" * 200, TOO_LONG),
    ("abcdefgh", TOO_FEW_CLASSES),          # lower only
    ("ABCDEFGH", TOO_FEW_CLASSES),
    ("12345678", TOO_FEW_CLASSES),
    ("!@#$%^&*", TOO_FEW_CLASSES),
    ("abcdefg1", TOO_FEW_CLASSES),          # lower and digit
    ("Abcdefgh", TOO_FEW_CLASSES),          # upper and lower
    ("1234567!", TOO_FEW_CLASSES),          # digit and symbol
    ("密码密码abcd1234", TOO_FEW_CLASSES),  # Chinese characters are not a symbol class
])
def test_rejected_passwords(password, problem):
    assert password_problem(password) == problem


@pytest.mark.parametrize("username, password", [
    ("zhangsan", "zhangsan-2026"),
    ("zhangsan", "Zhangsan-2026"),          # case does not hide it
    ("ZhangSan", "x-zhangsan-1A"),
    ("li.si", "My-li.si-2026"),
    ("wang", "2026!WANG!x"),
])
def test_password_may_not_contain_the_username(username, password):
    assert password_problem(password, username) == HAS_USERNAME


@pytest.mark.parametrize("username, password", [
    ("zhangsan", "Zhang-San-2026"),         # split by a symbol is not the username
    ("", "Hall-Test-2026"),                 # no username: no such rule
    ("wangwu", "Hall-Test-2026"),
])
def test_password_without_the_username_passes(username, password):
    assert password_problem(password, username) == ""


def test_length_is_checked_before_classes_and_username():
    assert password_problem("bob", "bob") == TOO_SHORT
    assert password_problem("b" * 129, "bob") == TOO_LONG


def test_hash_is_salted_and_verifies(app):
    first, second = hash_password("Hall-Test-2026"), hash_password("Hall-Test-2026")
    assert "Hall-Test-2026" not in first
    assert first != second
    assert verify_password(first, "Hall-Test-2026")
    assert not verify_password(first, "hall-test-2026")
    assert not verify_password(first, "")


def test_generated_passwords_meet_the_rules():
    passwords = {generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(password_problem(p) == "" for p in passwords)

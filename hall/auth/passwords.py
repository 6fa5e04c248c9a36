"""Password rules (docs/rules.md §6) and hashing."""
import string

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def password_problem(password: str, username: str = "") -> str:
    """The first rule a password breaks, in Chinese; empty when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 个字符"
    if len(password) > 128:
        return "密码不能超过 128 个字符"
    if _class_count(password) < 3:
        return "密码需包含大写字母、小写字母、数字、符号中的至少三类"
    if username and username.lower() in password.lower():
        return "密码不能包含用户名"
    return ""


def _class_count(password: str) -> int:
    classes = [any(ch in chars for ch in password) for chars in CLASSES]
    classes.append(any(not ch.isalnum() for ch in password))
    return sum(classes)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config.get(
        "PASSWORD_HASH_METHOD", "scrypt"))


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)

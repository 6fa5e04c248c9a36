"""Operations on accounts: create, authenticate, change passwords, issue tokens."""
import hashlib
import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from ..audit.services import Actor, record
from ..errors import DomainError, Forbidden
from ..extensions import db
from ..settings import services as settings
from .models import ApiToken, User
from .passwords import hash_password, password_problem, verify_password
from .roles import ROLES

BAD_CREDENTIALS = "用户名或密码错误"
# A hash to check against when the user does not exist, so timing does not tell.
_DUMMY_HASH = None


class AuthError(DomainError):
    status = 401
    code = "invalid_credentials"


class PasswordChangeRequired(Forbidden):
    code = "password_change_required"


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip()))


def check_new_user(username: str, role: str, password: str) -> dict:
    """Field errors for a new account, in Chinese; empty when it may be created."""
    errors = {}
    if not username or len(username) > 40 or not username.isascii() or " " in username:
        errors["username"] = "用户名须为 1 到 40 个英文字母、数字或符号，不含空格"
    elif find_user(username):
        errors["username"] = "该用户名已被使用"
    if role not in ROLES:
        errors["role"] = "角色须为 admin、manager、staff 或 auditor"
    problem = password_problem(password, username)
    if problem:
        errors["password"] = problem
    return errors


def create_user(actor: Actor, now: datetime, *, username: str, role: str, password: str,
                name: str = "", staff_no: str = "", must_change: bool = True) -> User:
    """A new account; the password must be changed at first login unless told otherwise."""
    errors = check_new_user(username, role, password)
    if errors:
        raise DomainError(next(iter(errors.values())), fields=errors)
    user = User(username=username, role=role, name=name, staff_no=staff_no,
                password_hash=hash_password(password), must_change_password=must_change,
                password_changed_at=now, created_at=now, failed_logins=0, is_enabled=True)
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", user, after=user.audit_dict())
    return user


def authenticate(username: str, password: str, now: datetime, address: str = "") -> User:
    """The user for these credentials; counts failures and locks after five."""
    user = find_user(username)
    if user is None or not user.is_enabled:
        _burn_time(password)
        record(Actor(username=username[:40], address=address), "auth.login",
               result="failed", label=username[:200])
        raise AuthError(BAD_CREDENTIALS)
    if user.is_locked(now):
        record(Actor.of(user, address), "auth.login", user, result="locked")
        raise AuthError(_locked_message(user, now), code="account_locked")
    if not verify_password(user.password_hash, password):
        _count_failure(user, now, address)
    _login_succeeded(user, now, address)
    return user


def _burn_time(password: str) -> None:
    global _DUMMY_HASH
    _DUMMY_HASH = _DUMMY_HASH or hash_password("not-a-real-password-1A")
    verify_password(_DUMMY_HASH, password)


def _count_failure(user: User, now: datetime, address: str):
    """Add one failure atomically; the fifth locks the account. Always raises."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(failed_logins=User.failed_logins + 1))
    db.session.refresh(user)
    if user.failed_logins >= settings.LOCKOUT_ATTEMPTS:
        user.locked_until = now + timedelta(minutes=settings.get("lockout_minutes"))
        user.failed_logins = 0
        record(Actor.of(user, address), "auth.lock", user, result="locked")
        raise AuthError(_locked_message(user, now), code="account_locked")
    record(Actor.of(user, address), "auth.login", user, result="failed")
    left = settings.LOCKOUT_ATTEMPTS - user.failed_logins
    raise AuthError(f"{BAD_CREDENTIALS}，再错 {left} 次账户将被锁定")


def _locked_message(user: User, now: datetime) -> str:
    minutes = max(1, math.ceil((user.locked_until - now).total_seconds() / 60))
    return f"连续登录失败次数过多，账户已锁定，请 {minutes} 分钟后再试或联系系统管理员"


def _login_succeeded(user: User, now: datetime, address: str) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if user.password_expired(now, settings.get("password_max_age_days")):
        user.must_change_password = True
    record(Actor.of(user, address), "auth.login", user)


def change_password(user: User, old: str, new: str, now: datetime, address: str = "") -> None:
    """The user's own change; the old password must be right and the new one different."""
    if not verify_password(user.password_hash, old):
        raise DomainError("原密码不正确", fields={"old_password": "原密码不正确"})
    problem = password_problem(new, user.username)
    if not problem and new == old:
        problem = "新密码不能与原密码相同"
    if problem:
        raise DomainError(problem, fields={"new_password": problem})
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.password_changed_at = now
    revoke_tokens(user)
    record(Actor.of(user, address), "user.change_password", user)


def reset_password(actor: Actor, user: User, new: str, now: datetime) -> None:
    """An administrator's reset: unlocks, and the user must change it at next login."""
    problem = password_problem(new, user.username)
    if problem:
        raise DomainError(problem, fields={"password": problem})
    user.password_hash = hash_password(new)
    user.must_change_password = True
    user.password_changed_at = now
    user.failed_logins = 0
    user.locked_until = None
    revoke_tokens(user)
    record(actor, "user.reset_password", user)


def generate_password() -> str:
    """A random password that meets the rules, for resets and the demo."""
    while True:
        candidate = secrets.token_urlsafe(9) + "-7a"
        if not password_problem(candidate):
            return candidate


def issue_token(user: User, now: datetime, hours: int) -> tuple[str, ApiToken]:
    """A new bearer token; the plain text is returned once and never stored."""
    plain = secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, token_hash=_digest(plain), created_at=now,
                     expires_at=now + timedelta(hours=hours))
    db.session.add(token)
    db.session.flush()
    return plain, token


def user_for_token(plain: str, now: datetime) -> User | None:
    """The active user holding an unexpired token, or None."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(plain)))
    if token is None or token.expires_at <= now:
        return None
    user = token.user
    if not user.is_enabled or user.must_change_password or user.is_locked(now):
        return None
    return user


def revoke_tokens(user: User) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def update_user(actor: Actor, user: User, data: dict) -> None:
    """Change name, number, role or whether the account may log in."""
    if user.id == actor.user_id and data["role"] != user.role:
        raise DomainError("不能更改自己的角色", fields={"role": "不能更改自己的角色"})
    if user.id == actor.user_id and not data["is_enabled"]:
        raise DomainError("不能停用自己的账户", fields={"is_enabled": "不能停用自己的账户"})
    if data["role"] not in ROLES:
        raise DomainError("角色不正确", fields={"role": "角色不正确"})
    before = user.audit_dict()
    user.name, user.staff_no = data["name"], data["staff_no"] or ""
    user.role, user.is_enabled = data["role"], data["is_enabled"]
    if not user.is_enabled:
        revoke_tokens(user)
    db.session.flush()
    record(actor, "user.update", user, before=before, after=user.audit_dict())


def unlock_user(actor: Actor, user: User) -> None:
    user.locked_until = None
    user.failed_logins = 0
    record(actor, "user.unlock", user)

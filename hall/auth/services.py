"""Operations on accounts: create, authenticate, change passwords, issue tokens."""
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from hall.auth.models import ApiToken, User
from hall.auth.passwords import hash_password, password_problem, verify_password
from hall.core.actor import Actor
from hall.core.errors import DomainError, Forbidden
from hall.core.extensions import db
from hall.core.journal import record
from hall.core.roles import ROLES
from hall.settings import services as settings
from hall.web import ratelimit

# Their names go on receipts, notices and follow-up records (see name_problems).
ROLES_THAT_NEED_A_NAME = ("staff", "manager")
# One answer for every failed login (unknown user, wrong password, locked or disabled
# account), so that it tells nobody which accounts exist or are locked.
BAD_CREDENTIALS = "用户名或密码错误"
LOGIN_FAILED = (f"{BAD_CREDENTIALS}。连续输错 {settings.LOCKOUT_ATTEMPTS} 次账户将被临时锁定，"
                "如需帮助请联系系统管理员")
# Hashes to check against when there is no password to check, per hashing method, so that
# every failure takes the time of one password check.
_DUMMY_HASHES: dict[str, str] = {}


class AuthError(DomainError):
    status = 401
    code = "invalid_credentials"


class LoginThrottled(DomainError):
    """Too many failed logins from one address."""

    status = 429
    code = "too_many_requests"

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        minutes = -(-retry_after // 60)
        super().__init__(f"登录失败次数过多，请 {minutes} 分钟后再试")


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


def name_problems(name: str, staff_no: str, role: str) -> dict:
    """Field errors for the 姓名 and 工号 printed on papers; the columns hold 40 and 20.

    Window staff and managers must have a name: receipts, notices and follow-ups print it,
    and a login name there means nothing to the applicant.
    """
    errors = {}
    if role in ROLES_THAT_NEED_A_NAME and not name.strip():
        errors["name"] = "窗口工作人员和大厅管理员须填写姓名（回执和办件时间线上印的是姓名）"
    elif len(name) > 40:
        errors["name"] = "姓名不能超过 40 个字"
    if len(staff_no) > 20:
        errors["staff_no"] = "工号不能超过 20 个字符"
    return errors


def create_user(actor: Actor, now: datetime, *, username: str, role: str, password: str,
                name: str = "", staff_no: str = "", must_change: bool = True) -> User:
    """A new account; the password must be changed at first login unless told otherwise."""
    errors = check_new_user(username, role, password) | name_problems(name, staff_no, role)
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
    """The user for these credentials, or AuthError with one message for every failure.

    Counts before it checks: the address's failures and the account's are incremented and
    committed before the password is checked (the slow part, run with no write lock held),
    so concurrent guesses each get their own count. Only the first LOCKOUT_ATTEMPTS of them
    are checked; the failure that finds the count at the limit, or a guess beyond it, locks
    the account. A good password clears both counts. Unknown, disabled and locked accounts
    take the time of one check too.
    """
    address_verdict = _count_address(address, now)
    user = find_user(username)
    claim = _claim_attempt(user, now) if user is not None else None
    db.session.commit()
    if claim is None:
        _check_dummy(password)
        _refuse(user, username, address, _why_unclaimed(user))
    attempt, password_hash, version = claim
    if attempt > settings.LOCKOUT_ATTEMPTS:
        # Earlier guesses hold every try left: the allowance is spent, unchecked.
        _check_dummy(password)
        _lock_if_spent(user, now, address)
        _refuse(user, username, address, "locked")
    if not verify_password(password_hash, password):
        _lock_if_spent(user, now, address)
        _refuse(user, username, address, "failed")
    if not _login_succeeded(user, version, now, address):
        _refuse(user, username, address, "locked")
    ratelimit.refund(address_verdict)
    return user


def _why_unclaimed(user: User | None) -> str:
    if user is None or not user.is_enabled:
        return "failed"
    return "locked"


def check_login_settings(config) -> None:
    """The per-address login limit as whole numbers; a nonsensical one stops the start."""
    bounds = {"LOGIN_FAILURES_PER_ADDRESS": (0, 100_000), "LOGIN_FAILURES_WINDOW": (1, 86_400)}
    for key, (low, high) in bounds.items():
        try:
            value = int(config.get(key))   # HALL_…=1 and =0 arrive as booleans: 1 and 0
        except (TypeError, ValueError):
            raise ValueError(f"HALL_{key} must be a whole number, not {config.get(key)!r}") \
                from None
        if not low <= value <= high:
            raise ValueError(f"HALL_{key} must be between {low} and {high}")
        config[key] = value


def _count_address(address: str, now: datetime) -> ratelimit.Limit:
    """One more failed login from `address`, counted first; refused past the limit."""
    limit = current_app.config["LOGIN_FAILURES_PER_ADDRESS"]
    if limit <= 0:
        return ratelimit.Limit(allowed=True, count=0, retry_after=0)
    window = current_app.config["LOGIN_FAILURES_WINDOW"]
    verdict = ratelimit.hit(f"login:{address}", limit, window, now)
    if not verdict.allowed:
        record(Actor(address=address), "auth.login", result="throttled", label=address[:200])
        db.session.commit()
        raise LoginThrottled(verdict.retry_after)
    return verdict


def _claim_attempt(user: User, now: datetime) -> tuple[int, str, int] | None:
    """Count one failure before the check: (the count, the hash, the session version), or
    None when the account is disabled or locked."""
    row = db.session.execute(
        update(User).where(User.id == user.id, User.is_enabled.is_(True), _not_locked(now))
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins, User.password_hash, User.session_version)
        .execution_options(synchronize_session=False)).one_or_none()
    return tuple(row) if row is not None else None


def _not_locked(now: datetime):
    return or_(User.locked_until.is_(None), User.locked_until <= now)


def _check_dummy(password: str) -> None:
    """Check the password against a made-up hash: a failure must not be faster."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = hash_password(secrets.token_urlsafe(12))
    verify_password(_DUMMY_HASHES[method], password)


def _refuse(user: User | None, username: str, address: str, result: str):
    """Record the failure and raise the one answer every failure gets."""
    if user is None:
        record(Actor(username=username[:40], address=address), "auth.login", result=result,
               label=username[:200])
    else:
        record(Actor.of(user, address), "auth.login", user, result=result)
    raise AuthError(LOGIN_FAILED)


def _lock_if_spent(user: User, now: datetime, address: str) -> None:
    """Lock the account once its failures reach the limit (whoever gets there first)."""
    locked = db.session.execute(
        update(User).where(User.id == user.id,
                           User.failed_logins >= settings.LOCKOUT_ATTEMPTS, _not_locked(now))
        .values(failed_logins=0,
                locked_until=now + timedelta(minutes=settings.get("lockout_minutes")))
        .execution_options(synchronize_session=False)).rowcount
    db.session.expire(user)
    if locked:
        record(Actor.of(user, address), "auth.lock", user, result="locked")


def _login_succeeded(user: User, version: int, now: datetime, address: str) -> bool:
    """Clear the failures, unless the account was locked, disabled or had its sessions
    ended while the password was being checked."""
    done = db.session.execute(
        update(User).where(User.id == user.id, User.is_enabled.is_(True), _not_locked(now),
                           User.session_version == version)
        .values(failed_logins=0, locked_until=None, last_login_at=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.expire(user)
    if not done:
        return False
    if user.password_expired(now, settings.get("password_max_age_days")):
        user.must_change_password = True
    record(Actor.of(user, address), "auth.login", user)
    return True


def end_sessions(user: User) -> None:
    """End every session and token of the account: the version they carry is no more."""
    user.session_version = User.session_version + 1
    revoke_tokens(user)
    db.session.flush()
    db.session.refresh(user, ["session_version"])


def logout(actor: Actor) -> None:
    """Logging out ends the account's sessions and tokens everywhere, copied cookies too."""
    end_sessions(actor.user)
    record(actor, "auth.logout", actor.user)


def change_password(actor: Actor, old: str, new: str, now: datetime) -> None:
    """The user's own change; the old password must be right and the new one different."""
    user = actor.user
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
    end_sessions(user)
    record(actor, "user.change_password", user)


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
    end_sessions(user)
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
                     expires_at=now + timedelta(hours=hours),
                     session_version=user.session_version)
    db.session.add(token)
    db.session.flush()
    return plain, token


def user_for_token(plain: str, now: datetime) -> User | None:
    """The active user holding an unexpired token of the current session version, or None.

    A lockout does not end tokens already issued: it stops new logins, and five wrong
    passwords from anybody must not cut a window's pager off.
    """
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(plain)))
    if token is None or token.expires_at <= now:
        return None
    user = token.user
    if (not user.is_enabled or user.must_change_password
            or token.session_version != user.session_version):
        return None
    return user


def user_for_session(session_id: str) -> User | None:
    """The user of a browser session ("id.version"), while that session version holds."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_enabled or user.session_version != int(version):
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
        end_sessions(user)
    db.session.flush()
    record(actor, "user.update", user, before=before, after=user.audit_dict())


def unlock_user(actor: Actor, user: User) -> None:
    user.locked_until = None
    user.failed_logins = 0
    record(actor, "user.unlock", user)

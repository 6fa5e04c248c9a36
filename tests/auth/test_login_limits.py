"""Failed logins: one answer for every failure, a lockout that counts before it checks,
and a limit per address."""
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from hall.audit.models import AuditEntry
from hall.auth import services
from hall.auth.models import User
from hall.auth.passwords import verify_password
from hall.core import clock
from hall.core.extensions import db
from tests.auth.helpers import committed_count, committed_row, text_of
from tests.conftest import STRONG_PASSWORD
from tests.live import call, gunicorn

WRONG = "Wrong-2026"
TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture
def checks(monkeypatch):
    """Every password check: 'real' against an account's hash, 'dummy' against none."""
    seen = []

    def spy(password_hash, password):
        real = db.session.scalar(db.select(User.id).where(User.password_hash == password_hash))
        seen.append("real" if real else "dummy")
        return verify_password(password_hash, password)
    monkeypatch.setattr(services, "verify_password", spy)
    return seen


@pytest.fixture
def accounts(make, freeze_time):
    freeze_time("2026-03-02 09:00")
    found = {"wrong": make.user(), "locked": make.user(), "disabled": make.user(is_enabled=False)}
    db.session.commit()
    for _ in range(5):
        services_login(found["locked"].username, WRONG)
    assert committed_row(User, User.id == found["locked"].id).locked_until is not None
    return found


def services_login(username: str, password: str):
    """A failed login through the service, committed as the views do."""
    with pytest.raises(services.AuthError):
        services.authenticate(username, password, clock.now(), "192.0.2.1")
    db.session.commit()


def _failures(accounts) -> dict:
    """Each kind of failure with its password: the answer must not tell them apart."""
    return {"unknown": ("nobody-here", WRONG), "wrong": (accounts["wrong"].username, WRONG),
            "locked": (accounts["locked"].username, STRONG_PASSWORD),
            "disabled": (accounts["disabled"].username, STRONG_PASSWORD)}


def test_every_failure_gets_the_same_page(client, accounts, checks):
    pages = {}
    for kind, (username, password) in _failures(accounts).items():
        checks.clear()
        response = client.post("/login", data={"username": username, "password": password})
        page = text_of(response).replace(username, "USERNAME")
        pages[kind] = (response.status_code, page)
        assert len(checks) == 1, kind               # one password check each: the same time
    assert set(pages.values()) == {pages["wrong"]}
    assert pages["wrong"][0] == 401 and services.LOGIN_FAILED in pages["wrong"][1]


def test_every_failure_gets_the_same_api_answer(client, accounts, checks):
    answers = {}
    for kind, (username, password) in _failures(accounts).items():
        checks.clear()
        response = client.post(TOKEN_URL, json={"username": username, "password": password})
        answers[kind] = (response.status_code, response.get_data(as_text=True))
        assert len(checks) == 1, kind
    assert set(answers.values()) == {answers["wrong"]}
    assert answers["wrong"][0] == 401
    assert '"invalid_credentials"' in answers["wrong"][1]


def test_the_account_is_checked_five_times_then_never_again(client, make, checks):
    user = make.user()
    db.session.commit()
    for _ in range(8):
        assert client.post("/login", data={"username": user.username,
                                           "password": WRONG}).status_code == 401
    right = client.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert right.status_code == 401
    assert checks == ["real"] * 5 + ["dummy"] * 4
    assert committed_count(AuditEntry, AuditEntry.action == "auth.login",
                           AuditEntry.result == "failed", AuditEntry.user_id == user.id) == 5
    assert committed_count(AuditEntry, AuditEntry.action == "auth.lock") == 1


def test_concurrent_wrong_passwords_lock_after_exactly_five_checks(app, make, checks):
    user = make.user()
    db.session.commit()
    username, threads = user.username, 16
    barrier = threading.Barrier(threads)
    errors = []

    def guess():
        try:
            with app.app_context():
                barrier.wait()
                services_login(username, WRONG)
        except BaseException as exc:   # reported below, not lost in the thread
            errors.append(exc)

    pool = [threading.Thread(target=guess) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    assert checks.count("real") == 5 and checks.count("dummy") == threads - 5
    assert committed_count(AuditEntry, AuditEntry.action == "auth.login",
                           AuditEntry.result == "failed", AuditEntry.user_id == user.id) == 5
    assert committed_count(AuditEntry, AuditEntry.action == "auth.lock") == 1
    assert committed_row(User, User.id == user.id).locked_until is not None
    with pytest.raises(services.AuthError):
        services.authenticate(username, STRONG_PASSWORD, clock.now(), "192.0.2.9")


# --- per address ------------------------------------------------------------------------

@pytest.fixture
def limit_three(app):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 3


def _login(client, username, password, address="198.51.100.7"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_failures_from_one_address_are_limited(client, make, limit_three):
    user = make.user()
    db.session.commit()
    for n in range(3):
        assert _login(client, f"guess{n}", WRONG).status_code == 401
    refused = _login(client, user.username, STRONG_PASSWORD)     # even the right password
    assert refused.status_code == 429
    minutes = re.search(r"登录失败次数过多，请 (\d+) 分钟后再试", text_of(refused))
    assert minutes and 15 <= int(minutes.group(1)) <= 17    # a window and at most a tenth
    assert committed_row(User, User.id == user.id).failed_logins == 0   # never reached it
    api = client.post(TOKEN_URL, json={"username": user.username, "password": STRONG_PASSWORD},
                      environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert api.status_code == 429 and int(api.headers["Retry-After"]) > 0
    assert api.get_json()["error"]["code"] == "too_many_requests"
    assert _login(client, user.username, STRONG_PASSWORD, "198.51.100.8").status_code == 302
    assert committed_count(AuditEntry, AuditEntry.action == "auth.login",
                           AuditEntry.result == "throttled") == 2


def test_good_logins_do_not_use_the_addresss_allowance(app, client, make, limit_three):
    user = make.user()
    db.session.commit()
    for _ in range(2):
        _login(client, "nobody", WRONG)
    for _ in range(5):
        assert _login(app.test_client(), user.username, STRONG_PASSWORD).status_code == 302
    assert _login(client, "nobody", WRONG).status_code == 401
    assert _login(client, "nobody", WRONG).status_code == 429


def test_the_limit_is_off_at_zero_and_refuses_nonsense(app, client, limit_three):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 0
    assert all(_login(client, "nobody", WRONG).status_code == 401 for _ in range(5))
    for bad in ("many", -1, 10**9):
        config = {"LOGIN_FAILURES_PER_ADDRESS": bad, "LOGIN_FAILURES_WINDOW": 900}
        with pytest.raises(ValueError, match="HALL_LOGIN_FAILURES_PER_ADDRESS"):
            services.check_login_settings(config)
    config = {"LOGIN_FAILURES_PER_ADDRESS": True, "LOGIN_FAILURES_WINDOW": "600"}
    services.check_login_settings(config)
    assert config == {"LOGIN_FAILURES_PER_ADDRESS": 1, "LOGIN_FAILURES_WINDOW": 600}


# --- through gunicorn -------------------------------------------------------------------

@pytest.mark.slow
def test_forty_concurrent_wrong_logins_through_gunicorn(app, make, database_url):
    """Each guess from its own address: only the account's lockout stands in the way."""
    user = make.user()
    db.session.commit()
    env = {"HALL_RATELIMIT": "on", "HALL_PROXIES": "1"}
    with gunicorn(database_url, workers=4, threads=10, extra_env=env) as base:
        def guess(n):
            return call(base, "POST", "/api/v1/auth/token",
                        {"username": user.username, "password": WRONG},
                        {"X-Forwarded-For": f"10.1.{n // 200}.{n % 200 + 1}"})[0]
        with ThreadPoolExecutor(40) as pool:
            statuses = list(pool.map(guess, range(40)))
        right = call(base, "POST", "/api/v1/auth/token",
                     {"username": user.username, "password": STRONG_PASSWORD},
                     {"X-Forwarded-For": "10.9.9.9"})
    assert statuses == [401] * 40
    assert right[0] == 401
    assert committed_count(AuditEntry, AuditEntry.action == "auth.login",
                           AuditEntry.result == "failed", AuditEntry.user_id == user.id) == 5
    assert committed_count(AuditEntry, AuditEntry.action == "auth.lock") == 1
    assert committed_row(User, User.id == user.id).locked_until is not None


@pytest.mark.slow
def test_forty_concurrent_failures_from_one_address_through_gunicorn(app, database_url):
    with gunicorn(database_url, workers=4, threads=10,
                  extra_env={"HALL_RATELIMIT": "on"}) as base:
        def guess(n):
            return call(base, "POST", "/api/v1/auth/token",
                        {"username": f"nobody{n}", "password": WRONG})[0]
        with ThreadPoolExecutor(40) as pool:
            statuses = list(pool.map(guess, range(40)))
    assert statuses.count(401) == 20 and statuses.count(429) == 20

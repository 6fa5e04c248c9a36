"""Configuration: defaults, then instance/config.py, then HALL_* variables."""
import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULTS = {
    "TIMEZONE": "Asia/Shanghai",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_I18N_ENABLED": False,   # WTForms' own Chinese messages, no Babel needed
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "API_TOKEN_HOURS": 12,
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "RATELIMIT": True,           # HALL_RATELIMIT=off turns every rate limit off
    "DATABASE_LOCK_TIMEOUT": 5,  # seconds a statement waits for another writer's lock
    "DATABASE_RETRY_SECONDS": 10,  # how long a request is run again before it answers 503
    "EVENTS_PER_ADDRESS": 20,        # open event streams one client address may hold
    "EVENTS_MAX_SECONDS": 900,       # a stream's lifetime (less up to 20 % jitter), then resume
    "EVENTS_KEEPALIVE_SECONDS": 15,  # a comment on quiet streams, so proxies keep them open
    "LOGIN_FAILURES_PER_ADDRESS": 20,  # failed logins one address may make per window; 0: no limit
    "LOGIN_FAILURES_WINDOW": 900,      # that window, in seconds
    "SMS_URL": "",     # the SMS gateway (hall/notify/channels.py); unset: messages go to the log
    "SMS_SECRET": "",  # signs each request to it (X-Hall-Signature, HMAC-SHA256)
}

# Variables read from the environment, HALL_<NAME> -> NAME.
ENV_KEYS = ("DATABASE_URL", "SECRET_KEY", "TIMEZONE", "SESSION_COOKIE_SECURE", "PROXIES",
            "RATELIMIT", "DATABASE_LOCK_TIMEOUT", "DATABASE_RETRY_SECONDS",
            "EVENTS_PER_ADDRESS", "EVENTS_MAX_SECONDS", "EVENTS_KEEPALIVE_SECONDS",
            "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURES_WINDOW", "SMS_URL", "SMS_SECRET")
# Taken as written: a secret such as "on" is not a yes/no word.
TEXT_KEYS = ("SMS_URL", "SMS_SECRET")
PG_CONNECT_TIMEOUT = 5   # seconds; a server that does not answer is not waited for longer


def load(app, test_config: dict | None) -> None:
    """Fill app.config in order: defaults, instance file, environment, test mapping."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    for key in ENV_KEYS:
        if f"HALL_{key}" in os.environ:
            raw = os.environ[f"HALL_{key}"]
            app.config[key] = raw.strip() if key in TEXT_KEYS else _parse(raw)
    if "HALL_TRUSTED_HOSTS" in os.environ:   # Flask then answers 400 to any other Host
        app.config["TRUSTED_HOSTS"] = _host_list(os.environ["HALL_TRUSTED_HOSTS"])
    if test_config:
        app.config.from_mapping(test_config)
    _check_event_settings(app.config)
    app.config.setdefault("DATABASE_URL", _default_sqlite(app.instance_path))
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)


def engine_options(config) -> dict:
    """Pool and driver options: dead connections are replaced, lock waits are bounded.

    SQLite waits up to the lock timeout for the write lock (its busy timeout); PostgreSQL
    gives up on a lock after it (lock_timeout) and on a silent server after a few seconds.
    Options given in the configuration win.
    """
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    seconds = float(config["DATABASE_LOCK_TIMEOUT"])
    url = make_url(config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        driver = {"timeout": seconds}
    elif url.get_backend_name() == "postgresql":
        settings = f"{url.query.get('options', '')} -c lock_timeout={int(seconds * 1000)}"
        driver = {"options": settings.strip(), "connect_timeout": PG_CONNECT_TIMEOUT}
    else:
        driver = {}
    options["connect_args"] = {**driver, **options.get("connect_args", {})}
    return options


def _check_event_settings(config) -> None:
    """Event stream limits as numbers; a nonsensical one stops the start, not a stream later."""
    limits = {"EVENTS_PER_ADDRESS": (int, 1, 100_000), "EVENTS_MAX_SECONDS": (float, 0.1, 86_400),
              "EVENTS_KEEPALIVE_SECONDS": (float, 0.05, 300)}
    for key, (kind, low, high) in limits.items():
        try:
            value = kind(config[key])
        except (TypeError, ValueError):
            raise ValueError(f"HALL_{key} must be a number, not {config[key]!r}") from None
        if not low <= value <= high:
            raise ValueError(f"HALL_{key} must be between {low} and {high}")
        config[key] = value


def _parse(value: str):
    """Environment strings, with yes/no words turned into booleans."""
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    return value


def _host_list(value: str) -> list[str] | None:
    """`hall.example.gov.cn, 192.168.1.10:8000` as a list; empty means no check."""
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    return hosts or None


def _default_sqlite(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "hall.sqlite")


def _instance_secret(instance_path: str) -> str:
    """A secret kept in instance/, made once, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()

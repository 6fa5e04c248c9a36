"""The systemd units of deploy/systemd/ and the settings file they read: systemd accepts
them, and the nightly and 15-minute jobs do their work when run as the units run them."""
import os
import re
import shutil
import subprocess
import time
from datetime import datetime

import pytest

from hall.core import config
from tests.deploy.kit import DEPLOY, SYSTEMD, example_environment, local_command, unit_commands
from tests.live import ROOT

UNITS = sorted(path.name for path in SYSTEMD.iterdir())
HARDENING = ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
             "CapabilityBoundingSet=", "SystemCallFilter=@system-service", "User=hall",
             "EnvironmentFile=/etc/hall/hall.env")


def test_the_kit_has_every_unit():
    assert UNITS == ["hall-audit-anchor.service", "hall-audit-anchor.timer", "hall-backup.service",
                     "hall-backup.timer", "hall-events.service", "hall-housekeeping.service",
                     "hall-housekeeping.timer", "hall-notify.service", "hall.service"]


@pytest.mark.parametrize("unit", [name for name in UNITS if name.endswith(".service")])
def test_every_service_runs_hardened_as_the_hall_user(unit):
    lines = (SYSTEMD / unit).read_text().splitlines()
    missing = [option for option in HARDENING if option not in lines]
    assert not missing, f"{unit} lacks {missing}"


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian's package systemd has it)")
    # Each executable must exist for verify: the virtualenv's are this checkout's.
    venv = tmp_path / "venv-bin"
    venv.mkdir()
    for program in ("gunicorn", "flask"):
        (venv / program).symlink_to(shutil.which(program, path=str(ROOT / ".venv/bin"))
                                    or shutil.which("true"))
    for name in UNITS:
        text = (SYSTEMD / name).read_text().replace("/opt/hall/.venv/bin/", f"{venv}/")
        (tmp_path / name).write_text(text)
    result = subprocess.run([analyze, "verify", *[str(tmp_path / n) for n in UNITS]],
                            capture_output=True, text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line.strip() and "hall" in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_the_example_settings_are_all_known_to_the_hall():
    known = {f"HALL_{key}" for key in config.ENV_KEYS} | {
        "HALL_TRUSTED_HOSTS", "HALL_AUDIT_KEY", "HALL_AUDIT_KEY_FILE", "HALL_AUDIT_ANCHORS"}
    values = example_environment()
    assert set(values) <= known, set(values) - known
    assert values["HALL_PROXIES"] == "1" and values["HALL_SESSION_COOKIE_SECURE"] == "1"
    assert values["HALL_DATABASE_URL"].startswith("postgresql+psycopg://")


def _job_environment(tmp_path, database_url: str) -> dict:
    return {**os.environ, **example_environment(), "HALL_DATABASE_URL": database_url,
            "HALL_SECRET_KEY": "deploy-test", "HALL_AUDIT_KEY_FILE": str(tmp_path / "audit_key"),
            "HALL_AUDIT_ANCHORS": str(tmp_path / "state/audit-anchors.log")}


def _run_unit(unit: str, key: str, environment: dict, state) -> list[str]:
    outputs = []
    for argv in unit_commands(unit, key):
        command = local_command(argv, {"/var/lib/hall": str(state)})
        result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0, f"{unit} {key}: {command}\n{result.stdout}{result.stderr}"
        outputs.append(result.stdout)
    return outputs


@pytest.mark.slow
def test_the_jobs_run_as_their_units_run_them(app, database_url, tmp_path):
    state = tmp_path / "state"
    (state / "backups").mkdir(parents=True)       # StateDirectory=hall hall/backups
    old = state / "backups/hall-20200101-0230.dump"
    old.write_text("a backup of long ago")
    stamp = time.time() - 40 * 86400
    os.utime(old, (stamp, stamp))
    environment = _job_environment(tmp_path, database_url)

    _run_unit("hall-backup.service", "ExecStart", environment, state)
    _run_unit("hall-backup.service", "ExecStartPost", environment, state)
    made = [path.name for path in (state / "backups").iterdir()]
    assert len(made) == 1 and re.fullmatch(r"hall-\d{8}-\d{4}\.dump", made[0]), made
    assert made[0][5:13] == datetime.now().strftime("%Y%m%d")
    assert (state / "backups" / made[0]).stat().st_size > 0

    housekeeping, overdue = _run_unit("hall-housekeeping.service", "ExecStart", environment, state)
    assert "已清理" in housekeeping

    (anchor,) = _run_unit("hall-audit-anchor.service", "ExecStart", environment, state)
    assert "已写入审计锚点" in anchor
    assert len((state / "audit-anchors.log").read_text().splitlines()) == 2   # backup's + this

    # The administrator's wrapper reads the same settings file and sees both anchors.
    settings = tmp_path / "hall.env"
    settings.write_text("".join(f"{name}={environment[name]}\n" for name in example_environment()))
    verified = subprocess.run([str(DEPLOY / "hall-flask"), "audit", "verify"], capture_output=True,
                              text=True, timeout=60, env={**os.environ, "HALL_HOME": str(ROOT),
                                                          "HALL_ENV": str(settings)})
    assert verified.returncode == 0 and "2 个锚点签名有效" in verified.stdout, verified


def test_the_timers_start_their_services():
    for timer in [name for name in UNITS if name.endswith(".timer")]:
        text = (SYSTEMD / timer).read_text()
        assert "OnCalendar=" in text and "WantedBy=timers.target" in text
        assert (SYSTEMD / timer.replace(".timer", ".service")).exists()
    assert "Persistent=true" in (SYSTEMD / "hall-backup.timer").read_text()
    assert "OnCalendar=*:00/15" in (SYSTEMD / "hall-audit-anchor.timer").read_text()

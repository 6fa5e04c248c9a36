"""The production kit of deploy/, read as the tests run it: the shipped files, with the
machine's paths and ports replaced by the test's own, never a copy kept in the tests."""
import re
import shlex
import sys

from tests.live import ROOT

DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
INSTALLED = "/opt/hall"                                 # where the kit expects the hall
VENV_BIN = INSTALLED + "/.venv/bin/"


def rendered(text: str, replacements: dict[str, str]) -> str:
    """Replace each placeholder; one that has left the file fails loudly, not silently."""
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in the kit: update tests/deploy"
        text = text.replace(old, new)
    return text


def unit_commands(unit: str, key: str = "ExecStart") -> list[list[str]]:
    """The command lines of `key=` in a unit of deploy/systemd/, as systemd splits them."""
    text = re.sub(r"\\\n[ \t]*", " ", (SYSTEMD / unit).read_text())
    commands = []
    for line in text.splitlines():
        if line.startswith(key + "="):
            value = line.split("=", 1)[1].replace("%%", "%").replace("$$", "$")
            commands.append(shlex.split(value))
    assert commands, f"{unit} has no {key}="
    return commands


def local_command(argv: list[str], replacements: dict[str, str] | None = None) -> list[str]:
    """A unit's command run from this checkout: the virtualenv's programs are this Python's,
    /opt/hall is the checkout, then the test's own replacements."""
    programs = {VENV_BIN + "gunicorn": [sys.executable, "-m", "gunicorn"],
                VENV_BIN + "flask": [sys.executable, "-m", "flask"]}
    command = list(programs.get(argv[0], [argv[0]])) + argv[1:]
    changes = {VENV_BIN + "flask": f"{sys.executable} -m flask", INSTALLED: str(ROOT),
               **(replacements or {})}
    for old, new in changes.items():
        command = [part.replace(old, new) for part in command]
    return command


def example_environment() -> dict[str, str]:
    """The variables of deploy/hall.env.example, as systemd's EnvironmentFile reads them."""
    values = {}
    for number, line in enumerate((DEPLOY / "hall.env.example").read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"[A-Z_][A-Z0-9_]*", name) and " " not in value, \
            f"hall.env.example line {number} is not VARIABLE=value"
        values[name] = value
    return values

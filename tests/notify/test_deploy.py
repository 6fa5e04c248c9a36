"""The notification worker's unit runs `flask notify run`, which the app knows."""
from tests.deploy.kit import unit_commands


def test_the_unit_starts_the_worker():
    assert unit_commands("hall-notify.service") == [
        ["/opt/hall/.venv/bin/flask", "--app", "hall", "notify", "run"]]


def test_the_demo_starts_the_worker_and_stops_it_with_the_server():
    from tests.live import ROOT
    script = (ROOT / "scripts" / "demo").read_text()
    assert "flask notify run &" in script and "trap " in script and "exec " not in script


def test_the_command_is_registered(app, runner):
    result = runner.invoke(args=["notify", "run", "--help"])
    assert result.exit_code == 0 and "--once" in result.output

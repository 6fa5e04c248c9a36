"""What `pip install .` ships: every template, static file and migration, without warnings.

setuptools' build_py decides what goes into the wheel; it runs here on a copy of the
project (so the working tree gets no build/ folder), offline, in about a second.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDERS = ("templates", "static", "migrations")


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, str]:
    """The built package folder and what setuptools printed while building it."""
    tmp_path = tmp_path_factory.mktemp("build")
    source = tmp_path / "source"
    source.mkdir()
    for name in ("setup.cfg", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "hall", source / "hall",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path / "lib"
    result = subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "build_py",
         "--build-lib", str(out)],
        cwd=source, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "default"})
    assert result.returncode == 0, result.stderr
    return out / "hall", result.stdout + result.stderr


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_package_ships_every_template_static_file_and_migration(build):
    built, _ = build
    for name in DATA_FOLDERS:
        expected = _files(ROOT / "hall" / name)
        assert expected, name
        assert expected - _files(built / name) == set(), name
    assert (built / "migrations" / "alembic.ini").is_file()
    assert (built / "static" / "favicon.svg").is_file()


def test_building_the_package_warns_of_nothing(build):
    _, output = build
    warnings = [line for line in output.splitlines()
                if "Warning" in line or "absent from the `packages`" in line]
    assert warnings == []

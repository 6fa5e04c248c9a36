"""The documents stand alone: no reference outside the repository, and docs/api.md names
every operation of the OpenAPI description."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ["README.md", "README.zh-CN.md", "SECURITY.md", "hall", "tests", "docs", "bench",
           "scripts"]
TEXT = {".py", ".md", ".html", ".css", ".js", ".txt", ".cfg", ".toml", ".ini", ""}
# Written in pieces so that this file does not match itself.
OUTSIDE = re.compile("|".join([r"\bshared" + "/", r"(?<![\w/])" + "API" + r"\.md",
                               "DOMAIN" + r"\.md", "STYLE" + r"\.md"]))


def _texts():
    for name in SCANNED:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if file.is_file() and file.suffix in TEXT and "__pycache__" not in file.parts:
                yield file


def test_nothing_cites_documents_outside_the_repository():
    cited = [f"{file.relative_to(ROOT)}:{n}: {line.strip()}"
             for file in _texts()
             for n, line in enumerate(file.read_text(encoding="utf-8", errors="replace")
                                      .splitlines(), 1)
             if OUTSIDE.search(line)]
    assert cited == []


def test_the_api_reference_names_every_described_path(client):
    reference = _unnamed((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    missing = [path for path in paths
               if _unnamed(path) not in reference and not _named_as_suffix(_unnamed(path), reference)]
    assert missing == []


def _unnamed(text: str) -> str:
    """Path parameters without their names: `{ticket_id}` and `<id>` both become `<>`."""
    return re.sub(r"\{\w+\}|<\w+>", "<>", text)


def _named_as_suffix(path: str, reference: str) -> bool:
    """A row `POST /tickets/<id>/recall` · `/start` names its siblings by the last segment."""
    head, _, last = path.rpartition("/")
    return f"{head}/" in reference and f"`/{last}`" in reference


def test_the_readmes_link_each_other_and_the_docs():
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "README.zh-CN.md" in english and "README.md" in chinese
    for name in ("docs/rules.md", "docs/api.md", "/api/v1/docs"):
        assert name in english, name

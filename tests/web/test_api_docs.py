"""The API reference at /api/v1/docs: public, drawn from the OpenAPI description, all local."""
import re
from urllib.parse import urlsplit

import pytest

ASSET_URL = re.compile(r'(?:src|href)="([^"]+)"')


def _local_assets(html: str) -> list[str]:
    return [url for url in ASSET_URL.findall(html) if not url.startswith("#")]


def test_the_docs_page_is_public_and_names_the_description(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_docs_page_loads_only_the_halls_own_files(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    urls = _local_assets(html)
    assert any(url.endswith("swagger-ui-bundle.js") for url in urls)
    assert any(url.endswith("api-docs.js") for url in urls)
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and url.startswith("/"), url
        assert _status(client, url) == 200, url


def _status(client, url: str) -> int:
    """The status of a GET, closing the answer (files are streamed)."""
    response = client.get(url)
    response.close()
    return response.status_code


def test_the_docs_page_has_no_inline_script(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_swagger_ui_assets_are_served_with_their_types(client):
    with client.get("/api/v1/docs/assets/swagger-ui.css") as css:
        assert css.status_code == 200 and css.mimetype == "text/css"
    with client.get("/api/v1/docs/assets/swagger-ui-bundle.js") as script:
        assert script.status_code == 200 and "javascript" in script.mimetype
        assert b"SwaggerUIBundle" in script.data



def test_swagger_ui_assets_answer_304_when_unchanged(client):
    first = client.get("/api/v1/docs/assets/swagger-ui.css")
    again = client.get("/api/v1/docs/assets/swagger-ui.css",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize("name", ["oauth2-redirect.html", "LICENSE", "..%2F__init__.py",
                                  "swagger-ui.js.map"])
def test_only_the_pages_assets_are_served(client, name):
    response = client.get(f"/api/v1/docs/assets/{name}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_the_description_lists_the_docs_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/docs" in paths
    name = paths["/api/v1/docs/assets/{name}"]["get"]["parameters"][0]
    assert name["schema"]["enum"] == ["swagger-ui-bundle.js", "swagger-ui.css"]


def test_the_favicon_answers_at_the_root_and_from_static(client):
    for url in ("/favicon.ico", "/static/favicon.ico", "/static/favicon.svg",
                "/static/apple-touch-icon.png"):
        assert _status(client, url) == 200, url
    with client.get("/favicon.ico") as icon:
        assert icon.data[:4] == b"\x00\x00\x01\x00"   # an ICO header


def test_every_standalone_page_links_the_favicon(app):
    from pathlib import Path
    for path in Path(app.root_path, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<head[\s>]", text):
            assert '{% include "_favicon.html" %}' in text, path


@pytest.mark.parametrize("url", ["/kiosk", "/login", "/api/v1/docs"])
def test_pages_carry_the_favicon_links(client, url):
    html = client.get(url).get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in html
    assert 'href="/static/favicon.ico"' in html

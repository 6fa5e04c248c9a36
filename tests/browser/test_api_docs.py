"""/api/v1/docs in chromium: Swagger UI draws every operation under the hall's CSP, offline."""
import os
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_the_description_with_local_files_only(page, live_server, client):
    origins, problems = set(), []
    page.on("request", lambda request: origins.add(urlsplit(request.url).netloc))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server}/api/v1/docs")
    page.locator(".opblock").first.wait_for()

    described = client.get("/api/v1/openapi.json").get_json()["paths"]
    operations = sum(len(methods) for methods in described.values())
    assert page.locator(".opblock").count() == operations
    assert page.locator(".info .title").inner_text().startswith("政务服务大厅 API")
    assert origins == {urlsplit(live_server).netloc}
    assert problems == []   # a CSP refusal shows up as a console error
    if os.environ.get("HALL_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["HALL_SCREENSHOTS"], "api-docs.png"))


def test_a_read_can_be_tried_from_the_page(page, live_server):
    page.goto(f"{live_server}/api/v1/docs#/items/get_api_v1_items")
    operation = page.locator("#operations-items-get_api_v1_items")
    operation.locator(".opblock-summary").first.wait_for()
    if not operation.locator(".try-out__btn").is_visible():
        operation.locator(".opblock-summary").first.click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    status = operation.locator(".live-responses-table .response-col_status:not(.col_header)")
    status.wait_for()
    assert status.inner_text().strip() == "200"

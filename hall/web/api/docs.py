"""The API reference as a page: Swagger UI drawing /api/v1/openapi.json, all served locally.

Swagger UI's files come from the flask-swagger-ui package (its dist folder only; its own
blueprint starts Swagger UI with an inline script, which the hall's CSP refuses). The page
starts it from hall/static/js/api-docs.js instead.
"""
import mimetypes
from functools import cache
from pathlib import Path

import flask_swagger_ui
from flask import abort, current_app, render_template, request

from hall.web.access import public
from hall.web.api import bp, spec

SWAGGER_UI_DIR = Path(flask_swagger_ui.__file__).parent / "dist"
# Only what the page loads; the rest of the package (its OAuth redirect page) stays unserved.
SWAGGER_UI_ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js"}


@bp.get("/docs")
@public
def docs():
    return render_template("api_docs.html")


@bp.get("/docs/assets/<name>")
@public
def docs_asset(name: str):
    if name not in SWAGGER_UI_ASSETS:
        abort(404)
    response = current_app.response_class(_asset_bytes(name), mimetype=mimetypes.guess_type(name)[0])
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)


@cache
def _asset_bytes(name: str) -> bytes:
    """Held in memory (2 MB) rather than streamed: the files only change with the package."""
    return (SWAGGER_UI_DIR / name).read_bytes()


def _served_as(*media_types: str, description: str) -> dict:
    return {"description": description,
            "content": {media: {"schema": {"type": "string"}} for media in media_types}}


spec.add_paths({
    "/api/v1/docs": {"get": {
        "summary": "本接口文档（Swagger UI 页面）", "tags": ["docs"],
        "responses": {"200": _served_as("text/html", description="接口文档页面")}}},
    "/api/v1/docs/assets/{name}": {"get": {
        "summary": "接口文档页面所用的 Swagger UI 文件", "tags": ["docs"],
        "parameters": [{"name": "name", "in": "path", "required": True,
                        "schema": {"type": "string", "enum": sorted(SWAGGER_UI_ASSETS)}}],
        "responses": {"200": _served_as("text/css", "text/javascript", "application/javascript",
                                        description="样式表或脚本"),
                      **spec.error_responses(404)}}},
})

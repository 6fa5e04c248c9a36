"""The stream process's application: GET /api/v1/events and nothing else.

gunicorn's gevent worker serves it (hall/events/gunicorn_conf.py) beside the main
application on gthread; nginx sends /api/v1/events here. It reads the same configuration
(instance/config.py, HALL_* variables) and the same database journal, and runs the very
view the main application has, so limits and answers are identical. Being slim, it
costs a fraction of the main application's memory and exposes nothing else.
"""
from flask import Flask
from werkzeug.exceptions import HTTPException

from hall.core import config
from hall.core.extensions import db
from hall.events.api import events
from hall.web import input_guard, logging_privacy
from hall.web.http import trust_proxies
from hall.web.responses import error


def create_stream_app(test_config: dict | None = None) -> Flask:
    app = Flask("hall", instance_relative_config=True)   # the main app's instance folder
    config.load(app, test_config)
    logging_privacy.install(app)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    db.init_app(app)
    input_guard.install(app)
    from hall.events import models  # noqa: F401
    app.add_url_rule("/api/v1/events", "api.events", events, methods=["GET"])
    app.register_error_handler(HTTPException, _json_error)
    app.after_request(_headers)
    trust_proxies(app)   # the per-address cap counts the real client behind nginx
    return app


def _json_error(exc: HTTPException):
    return error(exc.code or 500)


def _headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response

"""The one-stop service hall (政务服务中心): create_app only."""
from pathlib import Path

from flask import Flask

from hall.core import config

from hall.web import logging_privacy
from hall.core.extensions import csrf, db, login_manager, migrate

MIGRATIONS = str(Path(__file__).parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config.load(app, test_config)
    logging_privacy.install(app)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    csrf.init_app(app)
    from hall import models, wiring as web_setup  # noqa: F401
    app.session_interface = web_setup.SessionInterface()
    web_setup.init_login(app, login_manager)
    web_setup.register_blueprints(app)
    web_setup.register_handlers(app)
    from hall.core import retry
    retry.install(app)
    web_setup.trust_proxies(app)
    from hall.web.helpers import warn_about_links
    warn_about_links(app)
    from hall import cli
    cli.register(app)
    return app

"""The one-stop service hall (政务服务中心): create_app only."""
from pathlib import Path

from flask import Flask

from hall.core import cache, config, database, retry  # noqa: F401  (database: connection settings)
from hall.core.extensions import MIGRATIONS, csrf, db, login_manager, migrate
from hall.settings.links import warn_about_links
from hall.web import logging_privacy
from hall.web.http import SessionInterface, trust_proxies


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config.load(app, test_config)
    cache.install(app)
    logging_privacy.install(app)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    csrf.init_app(app)
    from hall import cli, models, wiring  # noqa: F401  (the models, before any query)
    app.session_interface = SessionInterface()
    wiring.init_login(app, login_manager)
    wiring.register_blueprints(app)
    wiring.register_handlers(app)
    retry.install(app)
    trust_proxies(app)
    warn_about_links(app)
    cli.register(app)
    return app

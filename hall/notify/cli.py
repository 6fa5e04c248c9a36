"""`flask notify run`: the worker that delivers the outbox (deploy/systemd/hall-notify.service)."""
import logging

import click
from flask import current_app

from hall.notify import channels
from hall.notify.worker import Policy, Worker


@click.group("notify")
def notify():
    """消息通知: deliver queued SMS."""


@notify.command("run")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--batch", type=click.IntRange(1, 1000), default=None,
              help="Messages per claim (default 50).")
def run(once, batch):
    """Deliver queued messages through HALL_SMS_URL (or the log), retrying with backoff;
    runs the periodic producers (appointment reminders) about every 30 s."""
    app = current_app._get_current_object()
    _ = app.logger   # Flask's handler on the "hall" logger, which hall.notify's lines go through
    logging.getLogger("hall.notify").setLevel(logging.INFO)
    try:
        channel = channels.from_config(app.config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    worker = Worker(channel, Policy.from_config(app.config, batch=batch), app=app)
    where = "短信网关" if channel.name == "sms" else "日志（未设置 HALL_SMS_URL）"
    try:
        if once:
            total = worker.drain()
            click.echo(f"已发送 {total.sent} 条，稍后重试 {total.retried} 条，"
                       f"放弃 {total.gave_up} 条，因限频推迟 {total.held} 条（发往{where}）")
            return
        worker.install_signals()
        click.echo(f"消息通知发送程序已启动，发往{where}；按 Ctrl+C 停止")
        worker.run()
    finally:
        channel.close()

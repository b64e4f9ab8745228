import signal
import time

import click
from flask import Blueprint

from partners.outbox.services import send_pending

bp = Blueprint("outbox", __name__, cli_group="mail")


@bp.cli.command("send-pending")
@click.option("--limit", default=500, show_default=True, help="Most messages to send in this run.")
def send_pending_command(limit: int) -> None:
    """Deliver the mail that is due, once."""
    report = send_pending(limit)
    click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")


@bp.cli.command("worker")
@click.option("--interval", default=5.0, show_default=True, help="Seconds to wait when nothing is due.")
def worker_command(interval: float) -> None:
    """Deliver mail until stopped (Ctrl-C or SIGTERM)."""
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    click.echo("mail worker started")
    try:
        while not stopping:
            report = send_pending()
            if report.sent or report.retrying or report.failed:
                click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
            else:
                time.sleep(interval)
    except KeyboardInterrupt:
        pass
    click.echo("mail worker stopped")

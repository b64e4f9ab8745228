"""`flask events send-reminders [--within 24h]`: safe to run from cron as often as liked."""

import re
from datetime import timedelta

import click
from flask import Blueprint

from partners.events.reminders import send_reminders

bp = Blueprint("events_cli", __name__, cli_group="events")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class Duration(click.ParamType):
    """A length of time as `90m`, `24h` or `2d`."""

    name = "duration"

    def convert(self, value, param, ctx):
        if isinstance(value, timedelta):
            return value
        match = re.fullmatch(r"\s*([0-9]{1,4})\s*([mhd])\s*", str(value))
        if not match or int(match.group(1)) == 0:
            self.fail(f"{value!r} is not a duration such as 90m, 24h or 2d.", param, ctx)
        return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


@bp.cli.command("send-reminders")
@click.option("--within", type=Duration(), default="24h", show_default=True,
              help="Remind registrants of published events starting within this time from now (90m, 24h, 2d).")
def send_reminders_command(within: timedelta) -> None:
    """Mail a reminder to each registrant of the events starting soon, once per registration."""
    queued = send_reminders(within)
    click.echo(f"{queued} reminder(s) queued.")

import click
from flask import Blueprint, current_app
from sqlalchemy import exists, select

from partners.accounts.models import User
from partners.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from partners.extensions import db

bp = Blueprint("demo", __name__, cli_group=None)
DEMO_BASE_URL = "http://localhost:5000"


@bp.cli.command("seed-demo")
@click.option("--force", is_flag=True, help="Allow seeding outside development.")
@click.option("--if-empty", is_flag=True, help="Only seed a database that has no accounts yet.")
def seed_demo_command(force: bool, if_empty: bool) -> None:
    """Load the demo data (safe to run again: it only adds what is missing)."""
    if current_app.config["ENV_NAME"] != "development" and not force:
        raise click.ClickException("seed-demo only runs in development (APP_ENV=development); use --force.")
    if if_empty and db.session.scalar(select(exists().where(User.id.isnot(None)))):
        click.echo("The database already has data: demo data not loaded.")
    else:
        # The demo's mail (registrations, certifications) links to pages; `flask run` serves them here.
        with current_app.test_request_context(base_url=DEMO_BASE_URL):
            seed_demo()
            db.session.commit()
        click.echo("Demo data loaded.")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, _name, roles in DEMO_ACCOUNTS:
        click.echo(f"  {email:24} {', '.join(roles) or 'citizen'}")

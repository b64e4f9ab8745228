import sys

import click
from flask import Blueprint

from partners.accounts import services
from partners.accounts.models import Role
from partners.accounts.passwords import password_problem
from partners.extensions import db

bp = Blueprint("users", __name__, cli_group="users")
ROLE_CHOICE = click.Choice([role.value for role in Role])


@bp.cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name as shown to others.")
@click.option("--role", "roles", multiple=True, type=ROLE_CHOICE, help="Role to grant; repeat for several.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_command(email: str, name: str, roles: tuple[str, ...], password_stdin: bool) -> None:
    """Create a verified account, e.g. the first admin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    try:
        user = services.create_user(email, name, password, list(roles))
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"created {user.email} ({', '.join(sorted(user.roles)) or 'no role'})")


@bp.cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@click.option("--revoke", is_flag=True, help="Take the role away instead of granting it.")
def set_role_command(email: str, role: str, revoke: bool) -> None:
    """Grant (or with --revoke, take away) a role."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    if revoke:
        user.revoke(role)
    else:
        user.grant(role)
    db.session.commit()
    click.echo(f"{user.email}: {', '.join(sorted(user.roles)) or 'no role'}")

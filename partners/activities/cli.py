"""`flask activities import FILE [--dry-run]`."""

import sys
from pathlib import Path

import click
from flask import Blueprint

from partners.activities.csv_io import import_csv
from partners.extensions import db

bp = Blueprint("activities_cli", __name__, cli_group="activities")


@bp.cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; change nothing.")
def import_reports(file: Path, dry_run: bool) -> None:
    """Add activity reports from a CSV file (UTF-8 or CP932; columns member_no 会員番号, date 日付, title タイトル,
    kind 種別, goals ゴール, participants 人数, description 内容)."""
    result = import_csv(file.read_bytes(), actor=None, dry_run=dry_run)
    if not result.ok or dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for error in result.errors:
        click.echo(str(error), err=True)
    if not result.ok:
        click.echo(f"{len(result.errors)} error(s); nothing was imported.", err=True)
        sys.exit(1)
    counts = f"{result.created} report(s) created, {result.updated} updated"
    if dry_run and not (result.created or result.updated):
        click.echo("Dry run: the file matches the database; importing it would change nothing.")
    else:
        click.echo(f"Dry run: {counts} if imported; nothing was changed." if dry_run else f"Imported: {counts}.")

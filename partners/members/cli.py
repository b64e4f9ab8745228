"""`flask partners import FILE [--dry-run]`, `flask partners export [--output FILE]` and `flask partners reindex`."""

import sys
from pathlib import Path

import click
from flask import Blueprint

from partners.extensions import db
from partners.members.csv_io import export_csv, import_csv
from partners.members.search import rebuild_index

bp = Blueprint("members_cli", __name__, cli_group="partners")


@bp.cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; change nothing.")
def import_partners(file: Path, dry_run: bool) -> None:
    """Create or update partners from a CSV file (UTF-8 or CP932; columns as `flask partners export` writes)."""
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
    counts = (f"{result.created_individuals} individual(s) and {result.created_groups} group(s) created, "
              f"{result.updated_total} partner(s) updated")
    nothing = not (result.created_individuals or result.created_groups or result.updated_total)
    if dry_run and nothing:
        click.echo("Dry run: the file matches the database; importing it would change nothing.")
    else:
        click.echo(f"Dry run: {counts} if imported; nothing was changed." if dry_run else f"Imported: {counts}.")


@bp.cli.command("export")
@click.option("--output", "-o", type=click.File("wb"), default="-",
              help="Write to this file instead of standard output.")
def export_partners(output) -> None:
    """Write every partner as CSV (UTF-8 with BOM, Japanese headers), the format `flask partners import` reads."""
    pieces = export_csv(actor=None)
    db.session.commit()
    for piece in pieces:
        output.write(piece.encode("utf-8"))


@bp.cli.command("reindex")
def reindex_partners() -> None:
    """Build the search index again for every partner (after the migration that introduced it, or to repair)."""
    click.echo(f"Indexed {rebuild_index()} partner(s).")

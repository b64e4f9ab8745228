"""`flask kpi participation --as-of YYYY-MM-DD [--verbose]` and `flask kpi sheet --year YYYY --format csv|xlsx
--output FILE`."""

import sys
from datetime import date

import click
from flask import Blueprint

from partners.core.timeutil import date_range_problem, local_today
from partners.kpi.participation import participation, window_start
from partners.kpi.sheet import sheet_csv, sheet_xlsx
from partners.members.models import PartnerKind

bp = Blueprint("kpi_cli", __name__, cli_group="kpi")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _day(_context, _parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}” is not a date (YYYY-MM-DD).") from None
    return day


@bp.cli.command("participation")
@click.option("--as-of", "as_of", callback=_day, help="The day D (YYYY-MM-DD); default: today (Asia/Tokyo).")
@click.option("--verbose", "-v", is_flag=True, help="Also print numerator and denominator by kind of partner.")
def participation_command(as_of: date | None, verbose: bool) -> None:
    """Print the participation rate at the end of D (percent, one decimal) as the last line: partners active at
    D who took part in an SDG activity after D minus one year and on or before D, over partners active at D."""
    as_of = as_of or local_today()
    if problem := date_range_problem(as_of):
        raise click.BadParameter(problem, param_hint="--as-of")
    result = participation(as_of)
    if verbose:
        click.echo(f"as of {as_of.isoformat()}; activities from {window_start(as_of).isoformat()} to "
                   f"{as_of.isoformat()}")
        for kind in PartnerKind:
            counts = result.by_kind[kind]
            click.echo(f"{kind.value}: {counts.taking_part} taking part / {counts.active} active")
        click.echo(f"total: {result.taking_part} taking part / {result.active} active")
    if result.rate is None:
        click.echo(f"No partner was active at the end of {as_of.isoformat()}: there is no rate.", err=True)
        sys.exit(1)
    click.echo(f"{result.rate}")


@bp.cli.command("sheet")
@click.option("--year", type=click.IntRange(FIRST_YEAR, LAST_YEAR), required=True, help="The report year.")
@click.option("--format", "file_format", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.File("wb"), required=True, help="The file to write ('-': stdout).")
def sheet_command(year: int, file_format: str, output) -> None:
    """Write the progress sheet's table 「自治体SDGsの推進に資する取組の達成状況」 for YEAR."""
    output.write(sheet_xlsx(year) if file_format == "xlsx" else sheet_csv(year))

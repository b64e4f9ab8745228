"""The public KPI summary: each public indicator's chart, drawn on the server, with its data table."""

from decimal import Decimal

from flask import Blueprint, render_template

from partners.kpi import services
from partners.kpi.chart import chart

bp = Blueprint("kpi", __name__, url_prefix="/kpi")


def number(value: Decimal | None, decimals: int) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


@bp.app_context_processor
def helpers():
    return {"localised": services.localised, "number": number}


@bp.get("/")
def public():
    lines = services.all_series(public_only=True)
    return render_template("kpi/public.html", lines=lines, charts=[chart(line) for line in lines])



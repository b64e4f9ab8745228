"""The public member list (メンバーリスト): search and filters, a partner's page, and the list as CSV and JSON."""

from flask import Blueprint, Response, abort, flash, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from partners.core.fragments import fragment, visitor_page
from partners.directory import labels, services
from partners.directory.downloads import csv_pieces, json_pieces
from partners.directory.forms import DirectoryFilterForm
from partners.directory.queries import PUBLIC, search
from partners.directory.services import audience_of, filters_from
from partners.members import list_version

bp = Blueprint("directory", __name__, url_prefix="/directory")
bp.add_app_template_global(labels.kind_label, "directory_kind_label")
bp.add_app_template_global(labels.setting_label, "directory_setting_label")
PAGE_SIZE = 50


def _search_form() -> tuple[DirectoryFilterForm, int]:
    form = DirectoryFilterForm(request.args)
    if not form.validate():
        flash(_("Some filters were not understood and have been ignored."), "warning")
    return form, (form.page.data if form.page.data and not form.page.errors else 1)


@bp.get("/")
def index():
    """A visitor's page is kept under its path (the search and the page number) and the lists' version, so that
    asking again costs one primary-key read instead of a search; a signed-in partner's page is searched afresh."""
    if current_user.is_authenticated:
        return _searched_page(audience_of(current_user))
    return visitor_page(("directory", list_version.current()), lambda: _searched_page(PUBLIC))


def _searched_page(audience: int) -> str:
    form, page_number = _search_form()
    page = search(filters_from(form), audience, page_number, PAGE_SIZE)
    cards = [_card(services.card_of(partner, audience)) for partner in page.items]
    return render_template("directory/index.html", form=form, filters=_filters(form), page=page, cards=cards)


def _card(card: services.Card):
    """A partner's card, rendered once per language and per everything it shows."""
    return fragment(("partner-card", *card), lambda: render_template(
        "directory/_card.html", card=card, labels=labels.card_labels()))


def _filters(form: DirectoryFilterForm):
    """The search form as the visitor filled it in: the same for everyone who asks the same."""
    shown = form.filled_in("q", "kind", "group_type", "area", "sort", "goal", "match")
    return fragment(("partner-filters", *shown), lambda: render_template(
        "directory/_filters.html", form=form, labels=labels.card_labels()))


@bp.get("/<string(maxlength=30):member_no>")
def show(member_no: str):
    audience = audience_of(current_user)
    partner = services.listed_partner(member_no, audience) or abort(404)
    return render_template("directory/show.html", partner=partner, audience=audience, readable=services.readable,
                           events=services.events_attended(partner), reports=services.reports_published(partner))


@bp.get("/partners.csv")
def download_csv():
    """The public list with the page's filters, public fields only, as CSV for Excel (UTF-8 with a BOM)."""
    form = DirectoryFilterForm(request.args)
    form.validate()  # a filter that does not validate is left out, as on the page
    response = Response(stream_with_context(csv_pieces(filters_from(form))), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=partners.csv"
    return response


@bp.get("/partners.json")
def download_json():
    form = DirectoryFilterForm(request.args)
    form.validate()
    response = Response(stream_with_context(json_pieces(filters_from(form))), mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=partners.json"
    return response


"""Staff pages: the member list with filters and counts, a partner's record, and review/status actions."""

from collections.abc import Callable
from datetime import date, datetime
from typing import NamedTuple

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from partners.accounts.decorators import role_required, visit_read
from partners.accounts.models import Role
from partners.accounts.sessions import Visit
from partners.audit.services import entry, record
from partners.core.fragments import fragment, page_for_roles
from partners.core.timeutil import local_today
from partners.extensions import db
from partners.members import lifecycle, list_version
from partners.members.models import Partner, PartnerContact, PartnerKind
from partners.members.staff_forms import (
    LIST_ARGUMENTS,
    CountsForm,
    PartnerFilterForm,
    StatusActionForm,
    requested_page,
)
from partners.members.staff_queries import PartnerFilters, search_page
from partners.members.stats import count_active

bp = Blueprint("staff_members", __name__, url_prefix="/staff/partners")


class Asked(NamedTuple):
    """What a request for the list asks for."""

    filters: PartnerFilters
    page: int
    on: date
    shown: tuple  # what was filled in and what was wrong with it: all that the results show of the forms
    forms: Callable[[], tuple[PartnerFilterForm, CountsForm]]


def _list_visit() -> Visit:
    """The audit entry of a look at the list (staff see personal data there), which reads the lists' version:
    on PostgreSQL the statement that reads the signed-in person writes it (role_required)."""
    return Visit(entry(None, "partner.list", "partner", None, detail=f"page={requested_page(request.args)}"),
                 list_version.CURRENT_VALUE)


@bp.get("")
@role_required(Role.STAFF, visit=_list_visit)
def index():
    return _page(_asked(), visit_read())


def _asked() -> Asked:
    if LIST_ARGUMENTS.isdisjoint(request.args):
        # The list as it opens (most requests): forms with nothing filled in have nothing to read or to be wrong,
        # so they are made only to draw results not kept yet (making and checking them was 0.4 ms of CPU).
        return Asked(PartnerFilters(), 1, local_today(), (),
                     lambda: (PartnerFilterForm(request.args), CountsForm(request.args)))
    form = PartnerFilterForm(request.args)
    counts_form = CountsForm(request.args)
    if not form.validate():
        flash(_("Some filters were not understood and have been ignored."), "warning")
    filters = PartnerFilters(**{
        name: form[name].data for name in ("q", "kind", "status", "area", "group_type", "joined_from",
                                           "joined_to", "sort") if not form[name].errors
    })
    filters.goal = int(form.goal.data) if form.goal.data and not form.goal.errors else None
    page_number = requested_page(request.args)  # what the visit's audit entry records
    on = counts_form.on.data if counts_form.validate() and counts_form.on.data else local_today()
    shown = (*form.filled_in("page"), *form.filled_in(), *counts_form.filled_in())
    return Asked(filters, page_number, on, shown, lambda: (form, counts_form))


def _page(asked: Asked, version: int | None) -> str | bytes:
    # Everything below the menu comes from the partners' data, the filters and the day: kept under the lists'
    # version (members/list_version.py), a page asked for again costs no search and no count.
    per_page = current_app.config["STAFF_PAGE_SIZE"]
    key = ("staff-partner-list", version, asked.on, per_page, *asked.shown)
    # The page around the results shows only the menu of staff: kept for everyone with the same roles.
    return page_for_roles(key, lambda: render_template(
        "members/staff_list.html", results=fragment(key, lambda: _results(asked, per_page))))


def _results(asked: Asked, per_page: int):
    form, counts_form = asked.forms()
    page = search_page(asked.filters, asked.page, per_page)
    counts = {kind: count_active(kind, asked.on) for kind in PartnerKind}
    rows = [_row(partner, tuple(page.matched.get(partner.id, ()))) for partner in page.items]
    return render_template("members/_staff_results.html", form=form, filters=_filters(form), page=page, rows=rows,
                           counts=counts, on=asked.on, counts_form=counts_form)


def _filters(form: PartnerFilterForm):
    """The filters as filled in: the same for everyone who asks the same (their choices are settings)."""
    return fragment(("staff-filters", *form.filled_in()),
                    lambda: render_template("members/_staff_filters.html", form=form))


class Row(NamedTuple):
    """What a partner's row in the staff list shows; the row is drawn from these values only, so they are also
    the key it is kept under (partners/core/fragments.py)."""

    id: int
    member_no: str | None
    name: str | None
    name_kana: str | None
    kind: str
    group_type: str | None
    status: str
    area: str | None
    goals: tuple[int, ...]
    applied_at: datetime
    joined_on: date | None
    matched: tuple[str, ...]


def _row(partner: Partner, matched: tuple[str, ...]):
    row = Row(partner.id, partner.member_no, partner.name, partner.name_kana, str(partner.kind), partner.group_type,
              str(partner.status), partner.area, tuple(partner.goals), partner.applied_at, partner.joined_on, matched)
    return fragment(("staff-row", *row), lambda: render_template("members/_staff_row.html", row=row))


@bp.get("/<int:partner_id>")
@role_required(Role.STAFF)
def detail(partner_id: int):
    record(current_user, "partner.view", "partner", partner_id)
    db.session.commit()
    partner = db.session.get(Partner, partner_id, options=[
        selectinload(Partner.status_changes), selectinload(Partner.contacts).joinedload(PartnerContact.user),
    ]) or abort(404)
    return render_template("members/staff_detail.html", partner=partner,
                           actions=lifecycle.staff_actions(partner), form=StatusActionForm())


@bp.post("/<int:partner_id>/status")
@role_required(Role.STAFF)
def change_status(partner_id: int):
    partner = db.session.get(Partner, partner_id) or abort(404)
    form = StatusActionForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed. Please correct the error below."), "error")
        return render_template("members/staff_detail.html", partner=partner, form=form,
                               actions=lifecycle.staff_actions(partner)), 400
    try:
        lifecycle.take_staff_action(form.action.data, partner, current_user, form.reason.data)
    except lifecycle.TransitionError as error:
        flash(str(error), "error")
        return redirect(url_for("staff_members.detail", partner_id=partner.id))
    db.session.commit()
    flash(_("The partner's status is now: %(status)s.", status=lifecycle.status_label(partner.status)), "success")
    return redirect(url_for("staff_members.detail", partner_id=partner.id))

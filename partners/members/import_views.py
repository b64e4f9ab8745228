"""Staff pages to import partners from a CSV file and to download them all as one."""

from flask import Blueprint, Response, flash, redirect, render_template, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.core.timeutil import local_today
from partners.extensions import db
from partners.members.csv_columns import COLUMNS
from partners.members.csv_io import ImportResult, export_csv, import_csv
from partners.members.import_forms import ImportForm

bp = Blueprint("member_files", __name__, url_prefix="/staff/partners")


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.STAFF)
def import_partners():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("members/staff_import.html", form=form, columns=COLUMNS), 400 if form.errors else 200
    result = import_csv(form.file.data.read(), current_user, dry_run=form.dry_run.data)
    if not result.ok or result.dry_run:
        db.session.rollback()
        return render_template("members/staff_import.html", form=form, columns=COLUMNS, result=result,
                               summary=summary(result)), 200 if result.ok else 400
    db.session.commit()
    flash(summary(result), "success")
    return redirect(url_for("member_files.import_partners"))


@bp.get("/export.csv")
@role_required(Role.STAFF)
def export_partners():
    pieces = export_csv(current_user)
    db.session.commit()
    filename = f"partners-{local_today():%Y%m%d}.csv"
    return Response(stream_with_context(pieces), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def summary(result: ImportResult) -> str:
    counts = {"individuals": result.created_individuals, "groups": result.created_groups,
              "updated": result.updated_total}
    if result.dry_run and not (result.created_individuals or result.created_groups or result.updated_total):
        return _("The file is fine and matches what is saved: importing it would change nothing. Nothing was saved.")
    if result.dry_run:
        return _("The file is fine. Importing it would add %(individuals)d individual(s) and %(groups)d group(s) "
                 "and update %(updated)d partner(s). Nothing was saved.", **counts)
    return _("Imported: %(individuals)d new individual(s), %(groups)d new group(s), %(updated)d partner(s) "
             "updated.", **counts)

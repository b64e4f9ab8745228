"""The staff home page: what waits for the city office."""

from flask import Blueprint, render_template

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.members import review_queue

bp = Blueprint("staff_home", __name__, url_prefix="/staff")


@bp.get("/")
@role_required(Role.STAFF)
def index():
    return render_template(
        "members/staff_home.html",
        awaiting=review_queue.count_awaiting_review(),
        oldest=review_queue.oldest_awaiting_review(),
        changes_requested=review_queue.count_changes_requested(),
        imports=review_queue.recent_imports(),
    )

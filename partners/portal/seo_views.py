"""For search engines: robots.txt (private and staff areas excluded) and sitemap.xml (the public pages)."""

from flask import Blueprint, Response, render_template, url_for
from sqlalchemy import select

from partners.directory.queries import PUBLIC, DirectoryFilters, all_ids
from partners.events.queries import EventFilters, public_events
from partners.extensions import db
from partners.members.models import Partner
from partners.portal import news, showcase

bp = Blueprint("seo", __name__)
SITEMAP_SIZE = 1000  # of each kind; a sitemap holds up to 50,000 addresses
PRIVATE_AREAS = ("/staff/", "/admin/", "/accounts/", "/members/", "/collaborate/", "/events/registrations/")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_AREAS),
             f"Sitemap: {url_for('.sitemap', _external=True)}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    """The public pages: home, lists, every public event, news post, showcase entry and partner listed to
    everyone (five queries)."""
    upcoming, _more = public_events(EventFilters(), upcoming=True, page=1, size=SITEMAP_SIZE)
    past, _more = public_events(EventFilters(), upcoming=False, page=1, size=SITEMAP_SIZE)
    posts, _more = news.public_news(1, SITEMAP_SIZE, pinned_first=False)
    entries, _more = showcase.published(1, SITEMAP_SIZE)
    listed = db.session.execute(select(Partner.member_no, Partner.updated_at)
                                .where(Partner.id.in_(all_ids(DirectoryFilters(), PUBLIC).limit(SITEMAP_SIZE))))
    pages = [(url_for("core.index", _external=True), None), (url_for("events.upcoming", _external=True), None),
             (url_for("events.past", _external=True), None), (url_for("news.index", _external=True), None),
             (url_for("showcase.index_public", _external=True), None), (url_for("core.privacy", _external=True), None),
             (url_for("activities.published", _external=True), None), (url_for("awards.index", _external=True), None),
             (url_for("kpi.public", _external=True), None), (url_for("directory.index", _external=True), None)]
    pages += [(url_for("events.show", event_id=event.id, _external=True), event.updated_at)
              for event in upcoming + past]
    pages += [(url_for("news.show", post_id=post.id, _external=True), post.updated_at) for post in posts]
    pages += [(url_for("showcase.show_public", entry_id=entry.id, _external=True), entry.updated_at)
              for entry in entries]
    pages += [(url_for("directory.show", member_no=member_no, _external=True), updated_at)
              for member_no, updated_at in listed]
    return Response(render_template("portal/sitemap.xml", pages=pages), mimetype="application/xml")

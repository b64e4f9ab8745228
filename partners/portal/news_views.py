"""News: the public list, a post, its picture and the Atom feed; staff's editor under /staff/news."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partners.accounts.decorators import role_required
from partners.accounts.models import Role
from partners.core.timeutil import utcnow
from partners.events.forms import MAX_PAGE, utc_to_local
from partners.extensions import db
from partners.portal import news
from partners.portal.forms import NewsForm
from partners.portal.images import image_response, image_type
from partners.portal.models import NewsPost, NewsStatus

bp = Blueprint("news", __name__, url_prefix="/news")
staff_bp = Blueprint("news_staff", __name__, url_prefix="/staff/news")
PAGE_SIZE = 20
FEED_SIZE = 30


def page_argument() -> int:
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= MAX_PAGE else 1


@bp.get("/")
def index():
    page = page_argument()
    posts, has_next = news.public_news(page, PAGE_SIZE)
    return render_template("portal/news_list.html", posts=posts, page=page, has_next=has_next)


@bp.get("/<int:post_id>")
def show(post_id: int):
    post = news.public_post(post_id) or abort(404)
    return render_template("portal/news_show.html", post=post)


@bp.get("/<int:post_id>/image")
def image(post_id: int):
    return image_response(*news.public_image(post_id))


@bp.get("/feed.atom")
def feed():
    posts, _more = news.public_news(1, FEED_SIZE, pinned_first=False)
    body = render_template("portal/news_feed.xml", posts=posts, updated=max((p.updated_at for p in posts),
                                                                           default=utcnow()))
    response = Response(body, mimetype="application/atom+xml")
    response.cache_control.max_age = 300
    return response


@staff_bp.before_request
@role_required(Role.STAFF)
def staff_only():
    """Every page here is for staff."""


@staff_bp.get("/")
def staff_index():
    page = page_argument()
    posts, has_next = news.staff_posts(page, PAGE_SIZE)
    return render_template("portal/news_staff_list.html", posts=posts, page=page, has_next=has_next, now=utcnow())


@staff_bp.route("/new", methods=["GET", "POST"])
def new():
    form = NewsForm()
    if request.method == "GET":
        form.publish_at.data = utc_to_local(utcnow()).replace(second=0, microsecond=0)
        form.status.data = NewsStatus.DRAFT.value
    return _save(form, None)


@staff_bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
def edit(post_id: int):
    post = db.session.get(NewsPost, post_id) or abort(404)
    form = NewsForm(obj=post)
    if request.method == "GET":
        form.publish_at.data = utc_to_local(post.publish_at)
    return _save(form, post)


def _save(form: NewsForm, post: NewsPost | None):
    if form.validate_on_submit():
        content = form.image.content
        post = news.save_post(post, news.NewsData(
            title=form.title.data, body=form.body.data, publish_at=form.publish_at_utc, pinned=form.pinned.data,
            status=NewsStatus(form.status.data), image=content, image_type=content and image_type(content),
            remove_image=form.remove_image.data,
        ), current_user)
        db.session.commit()
        flash(_("The news post is published.") if post.status == NewsStatus.PUBLISHED
              else _("The news post is saved as a draft."), "success")
        return redirect(url_for(".edit", post_id=post.id))
    return render_template("portal/news_form.html", form=form, post=post)


@staff_bp.get("/<int:post_id>/image")
def staff_image(post_id: int):
    post = db.session.get(NewsPost, post_id) or abort(404)
    return image_response(post.image, post.image_type)

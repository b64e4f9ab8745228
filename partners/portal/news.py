"""News posts: written and published by staff, shown on the portal, the news list and the Atom feed."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import defer

from partners.accounts.models import User
from partners.audit.services import record
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.portal.models import NewsPost, NewsStatus


@dataclass
class NewsData:
    title: str
    body: str
    publish_at: datetime
    pinned: bool
    status: NewsStatus
    image: bytes | None = None  # a new picture, already checked (see images.py)
    image_type: str | None = None
    remove_image: bool = False


def _public(now: datetime):
    return (NewsPost.status == NewsStatus.PUBLISHED, NewsPost.publish_at <= now)


def public_news(page: int, size: int, pinned_first: bool = True) -> tuple[list[NewsPost], bool]:
    """Published posts whose time has come, pinned ones first, then the latest; one query, pictures not loaded.
    The second value says whether there is a next page."""
    order = [NewsPost.pinned.desc()] if pinned_first else []
    rows = list(db.session.scalars(
        select(NewsPost).where(*_public(utcnow())).options(defer(NewsPost.image))
        .order_by(*order, NewsPost.publish_at.desc(), NewsPost.id.desc())
        .offset((page - 1) * size).limit(size + 1)
    ))
    return rows[:size], len(rows) > size


def public_post(post_id: int) -> NewsPost | None:
    return db.session.scalar(select(NewsPost).where(NewsPost.id == post_id, *_public(utcnow()))
                             .options(defer(NewsPost.image)))


def public_image(post_id: int) -> tuple[bytes | None, str | None]:
    row = db.session.execute(select(NewsPost.image, NewsPost.image_type)
                             .where(NewsPost.id == post_id, *_public(utcnow()))).first()
    return (row.image, row.image_type) if row else (None, None)


def staff_posts(page: int, size: int) -> tuple[list[NewsPost], bool]:
    rows = list(db.session.scalars(select(NewsPost).options(defer(NewsPost.image))
                                   .order_by(NewsPost.publish_at.desc(), NewsPost.id.desc())
                                   .offset((page - 1) * size).limit(size + 1)))
    return rows[:size], len(rows) > size


def save_post(post: NewsPost | None, data: NewsData, actor: User) -> NewsPost:
    """Create (post None) or change a post; the audit log keeps who published what."""
    if post is None:
        post = NewsPost(created_by_id=actor.id)
        db.session.add(post)
    post.title, post.body, post.publish_at = data.title, data.body, data.publish_at
    post.pinned, post.status = data.pinned, data.status
    if data.image is not None:
        post.image, post.image_type = data.image, data.image_type
    elif data.remove_image:
        post.image = post.image_type = None
    db.session.flush()
    record(actor, f"news.{data.status.value}", "news_post", post.id)
    return post

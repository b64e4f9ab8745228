"""Portal data for tests, made through the portal's services as staff and partners make it."""

from datetime import datetime, timedelta

from flask import Flask

from partners.accounts.models import Role, User
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.models import Partner
from partners.portal import collaborations, news, showcase
from partners.portal.models import Collaboration, NewsStatus
from tests.factories import gen_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def gen_news(app: Flask, title: str = "パートナー講座の申込みを始めました", body: str = "**ぜひ**ご参加ください。",
             status: str = "published", publish_at: datetime | None = None, pinned: bool = False,
             image: bytes | None = None) -> int:
    staff = gen_user(app, roles=(Role.STAFF,))
    with app.test_request_context():
        post = news.save_post(None, news.NewsData(
            title=title, body=body, publish_at=publish_at or utcnow() - timedelta(minutes=1), pinned=pinned,
            status=NewsStatus(status), image=image, image_type="image/png" if image else None,
        ), db.session.get(User, staff.id))
        db.session.commit()
        return post.id


def gen_collaboration(app: Flask, sender: Partner, recipient: Partner, sent_by: User, answered_by: User | None = None,
                      accept: bool = True, message: str = "子ども食堂を一緒に開きませんか。") -> int:
    with app.test_request_context():
        collaboration = collaborations.send_request(db.session.get(Partner, sender.id),
                                                    db.session.get(Partner, recipient.id), message,
                                                    db.session.get(User, sent_by.id))
        if answered_by is not None:
            collaborations.answer(collaboration, accept, db.session.get(User, answered_by.id))
        db.session.commit()
        return collaboration.id


def gen_showcase(app: Flask, collaboration_id: int, writer: User, consenter: User | None = None,
                 approver: User | None = None, title: str = "子ども食堂と農園の連携", goals=(2, 17)) -> int:
    with app.test_request_context():
        collaboration = db.session.get(Collaboration, collaboration_id)
        entry = showcase.save_entry(collaboration, showcase.ShowcaseData(
            title, "農園の野菜で子ども食堂を開きました。", list(goals), PNG), db.session.get(User, writer.id))
        if consenter is not None:
            showcase.consent(entry, db.session.get(User, consenter.id))
        if approver is not None:
            showcase.approve(entry, db.session.get(User, approver.id))
        db.session.commit()
        return entry.id

"""Portal data for tests, made through the portal's services as staff and partners make it."""

from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select

from partners.accounts.models import Role, User
from partners.activities.models import ActivityReport
from partners.awards import decisions
from partners.awards.decisions import AwardChoice
from partners.awards.models import AwardRound
from partners.core.timeutil import local_today, utcnow
from partners.extensions import db
from partners.members.models import Partner, PartnerContact
from partners.portal import collaborations, news, showcase
from partners.portal.models import Collaboration, NewsStatus
from tests.factories import gen_partner, gen_user

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


def publish_winners(app, staff, round_id: int, awards: list[tuple[int, str]]) -> None:
    """Decide `awards` (application id, tier name) and publish them, as staff would."""
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        round_ = db.session.get(AwardRound, round_id)
        tiers = {tier.name: tier.id for tier in round_.tiers}
        decisions.decide(round_, [AwardChoice(application_id, tiers[tier], "地域への波及")
                                  for application_id, tier in awards], actor)
        decisions.publish(round_, actor)
        db.session.commit()


def make_public(app, report_id: int) -> None:
    with app.app_context():
        db.session.get(ActivityReport, report_id).is_public = True
        db.session.commit()


def owner_partner(app: Flask, owner: User) -> int:
    """The id of the partner `owner` is a contact of."""
    with app.app_context():
        return db.session.scalar(select(PartnerContact.partner_id).where(PartnerContact.user_id == owner.id))


def partner_id(app: Flask, owner: User, **fields) -> int:
    """A new active group partner of `owner` (gen_partner's fields), by id."""
    gen_partner(app, kind="group", owner=owner, **fields)
    return owner_partner(app, owner)


def today(app: Flask):
    """Today in Asia/Tokyo."""
    with app.app_context():
        return local_today()

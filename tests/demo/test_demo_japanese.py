"""Demo data reads as a Japanese city office would have written it: status reasons and review comments are in
Japanese, and a send-back with its comment is there for staff to see."""

import re

from sqlalchemy import select

from partners.extensions import db
from partners.members.models import Partner, PartnerStatus, PartnerStatusChange

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def test_demo_reasons_and_comments_are_japanese(app, runner):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        reasons = db.session.scalars(select(PartnerStatusChange.reason).where(PartnerStatusChange.reason != "")).all()
        comments = db.session.scalars(select(Partner.review_comment).where(Partner.review_comment.isnot(None))).all()
        sent_back = db.session.scalar(select(Partner).where(Partner.status == PartnerStatus.CHANGES_REQUESTED))
        suspended = db.session.scalar(select(Partner).where(Partner.status == PartnerStatus.SUSPENDED))
        assert sent_back is not None and sent_back.review_comment == sent_back.status_changes[-1].reason
        assert "一時停止" in suspended.status_changes[-1].reason
    assert len(reasons) > 40 and comments
    for text in reasons + comments:
        assert JAPANESE.search(text) and not ENGLISH_WORD.search(text), text

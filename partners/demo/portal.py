"""Demo portal content: news posts (one pinned), collaborations between demo groups (accepted, and one waiting
for the demo citizen's group to answer) and showcase entries (one published, one waiting for staff), so that
every block of the home page has something to show."""

from datetime import timedelta

from sqlalchemy import exists, select

from partners.accounts.models import User
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.members.models import Partner
from partners.portal.models import (
    Collaboration,
    CollaborationStatus,
    NewsPost,
    NewsStatus,
    ShowcaseEntry,
    ShowcaseStatus,
)

NEWS = [
    ("パートナー講座「生物多様性」の申込みを受け付けています", True, 2,
     "牛久沼周辺の生きもの調査の結果から、身近な自然を守るためにできることを学びます。\n\n"
     "- 会場とオンラインのどちらでも参加できます\n- 出席すると個人パートナーとして認定されます\n\n"
     "お申込みは[講座・交流会の一覧](/events/)からどうぞ。"),
    ("交流会を開催しました", False, 10,
     "団体パートナー18団体が参加し、**できること**と**求めること**を紹介し合いました。"
     "この交流会から、新しい連携が3件生まれています。"),
    ("連携先の候補を表示するようになりました", False, 20,
     "ログインすると、トップページに「連携先の候補」が表示されます。プロフィールの「できること」"
     "「求めること」を書くと、より合った候補が表示されます。"),
    ("年末年始の事務局の休業について", False, 40, "12月29日から1月3日まで、事務局はお休みです。"),
]
# (sender, recipient, status, message, showcase: (title, body, goals, status) or None)
COLLABORATIONS = [
    ("株式会社みどりのコンポスト", "フードバンクつくば", CollaborationStatus.ACCEPTED,
     "賞味期限が切れて配れなくなった食品を、コンポストで堆肥にしませんか。",
     ("食品ロスを堆肥に、堆肥を野菜に", "フードバンクで配れなくなった食品をコンポストで堆肥にし、地域の農家に届けて"
      "います。できた野菜の一部はフードバンクを通じて子育て家庭に届いています。", "2,12", ShowcaseStatus.PUBLISHED)),
    ("つくば生きもの調査隊", "筑波山ジオパーク案内人の会", CollaborationStatus.ACCEPTED,
     "ガイドツアーで生きもの観察の時間をご一緒できないでしょうか。",
     ("ジオパークで生きもの観察", "ガイドツアーの途中で、調査隊のメンバーが筑波山の生きものを紹介しています。",
      "4,15", ShowcaseStatus.AWAITING_APPROVAL)),
    ("社会福祉法人 ひだまり会", "NPO法人 つくば多文化子育てネット", CollaborationStatus.PENDING,
     "カフェのスペースを多言語の交流会に使っていただけます。一度お話ししませんか。", None),
]


def seed_portal(staff: User) -> None:
    """Add the demo portal content once; a database that already has news is left alone."""
    if db.session.scalar(select(exists().where(NewsPost.id.isnot(None)))):
        return
    now = utcnow()
    for title, pinned, days_ago, body in NEWS:
        db.session.add(NewsPost(title=title, body=body, status=NewsStatus.PUBLISHED, pinned=pinned,
                                publish_at=now - timedelta(days=days_ago), created_by_id=staff.id))
    partners = {partner.name: partner for partner in db.session.scalars(select(Partner))}
    for days_ago, (sender, recipient, status, message, story) in enumerate(COLLABORATIONS, start=30):
        if sender not in partners or recipient not in partners:
            continue
        sent = now - timedelta(days=days_ago)
        collaboration = Collaboration(sender=partners[sender], recipient=partners[recipient], message=message,
                                      status=status, created_at=sent,
                                      answered_at=None if status == CollaborationStatus.PENDING else sent)
        db.session.add(collaboration)
        if story is not None:
            title, body, goals, entry_status = story
            db.session.add(ShowcaseEntry(
                collaboration=collaboration, title=title, body=body, goals=goals, status=entry_status,
                sender_consented_at=sent, recipient_consented_at=sent,
                approved_by_id=staff.id if entry_status == ShowcaseStatus.PUBLISHED else None,
                published_at=sent if entry_status == ShowcaseStatus.PUBLISHED else None))

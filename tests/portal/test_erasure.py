"""A withdrawn partner's or deleted person's requests, messages, reports and showcase text are erased; the
anonymous count of collaborations stays."""

from sqlalchemy import String, Text, func, select

from partners.accounts.models import Role
from partners.extensions import db
from partners.portal.models import Collaboration, CollaborationStatus, ShowcaseEntry
from tests.factories import PASSWORD, gen_partner, gen_user
from tests.portal.factories import gen_collaboration, gen_showcase

MESSAGE = "森 太郎です。里山の手入れを一緒にしませんか。連絡先は taro@satoyama.example.jp です。"


def every_text_value(app, but=()) -> str:
    """Every string in every table but `but`, as tests/members/test_withdraw.py scans them (ours included)."""
    values = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if columns and table.name not in but:
                for row in db.session.execute(select(*columns)):
                    values.extend(str(value) for value in row if value is not None)
    return "\n".join(values)


def test_a_withdrawn_partners_requests_messages_and_showcase_leave_nothing_personal(app, browser, outbox):
    taro = gen_user(app, email="taro@satoyama.example.jp", name="森 太郎")
    other = gen_user(app, email="farm@example.jp")
    satoyama = gen_partner(app, kind="group", owner=taro, name="NPO法人 みどりの森", name_kana="ミドリノモリ",
                           email="info@midori.example.jp", phone="029-864-0000")
    farm = gen_partner(app, kind="group", owner=other, name="筑波農園", name_kana="ツクバノウエン")
    third_owner = gen_user(app)
    third = gen_partner(app, kind="group", owner=third_owner, name="第三の会", name_kana="ダイサン")
    accepted = gen_collaboration(app, satoyama, farm, taro, other, message=MESSAGE)
    gen_showcase(app, accepted, taro, other, gen_user(app, roles=(Role.STAFF,)), title="みどりの森と農園")
    gen_collaboration(app, third, satoyama, third_owner, message="NPO法人 みどりの森さんへ")
    outbox.deliver()
    assert "里山の手入れ" in every_text_value(app)

    browser.login("taro@satoyama.example.jp")
    browser.submit(f"/members/{satoyama.id}/withdraw", {"reason": "解散のため", "confirm": "y"})

    stored = every_text_value(app, but=("users",))  # the person keeps their account
    leaked = [text for text in ("森 太郎", "taro@satoyama.example.jp", "里山の手入れ", "NPO法人 みどりの森",
                                "info@midori.example.jp", "みどりの森と農園", "029-864-0000") if text in stored]
    assert leaked == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Collaboration.id))) == 2, "the anonymous count stays"
        assert db.session.get(Collaboration, accepted).status == CollaborationStatus.ACCEPTED
        assert db.session.scalar(select(func.count(ShowcaseEntry.id))) == 0


def test_deleting_an_account_erases_the_requests_and_entries_the_person_wrote(app, browser, outbox):
    taro = gen_user(app, email="taro@satoyama.example.jp", name="森 太郎")
    other = gen_user(app, email="farm@example.jp")
    satoyama = gen_partner(app, kind="group", owner=taro, name="里山の会", name_kana="サトヤマ")
    with app.app_context():
        from partners.members.models import ContactRole, PartnerContact

        db.session.add(PartnerContact(partner_id=satoyama.id, user_id=other.id, role=ContactRole.OWNER))
        db.session.commit()
    farm_owner = gen_user(app, email="owner@farm.example.jp")
    farm = gen_partner(app, kind="group", owner=farm_owner, name="筑波農園", name_kana="ツクバノウエン")
    collaboration = gen_collaboration(app, satoyama, farm, taro, farm_owner, message=MESSAGE)
    gen_showcase(app, collaboration, taro, farm_owner, title="森 太郎の事例")
    outbox.deliver()

    browser.login("taro@satoyama.example.jp")
    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")

    stored = every_text_value(app)
    assert [text for text in ("森 太郎", "taro@satoyama.example.jp", "里山の手入れ") if text in stored] == []
    with app.app_context():
        kept = db.session.get(Collaboration, collaboration)
        assert kept.status == CollaborationStatus.ACCEPTED and kept.sent_by_id is None


def test_the_count_of_collaborations_per_fiscal_year_survives_erasure(app, browser):
    from partners.events.stats import current_fiscal_year
    from partners.portal.stats import collaborations_started

    taro = gen_user(app, email="taro@satoyama.example.jp")
    farm_owner = gen_user(app)
    satoyama = gen_partner(app, kind="group", owner=taro, name="里山の会", name_kana="サトヤマ")
    farm = gen_partner(app, kind="group", owner=farm_owner, name="筑波農園", name_kana="ツクバノウエン")
    third = gen_partner(app, kind="group", name="第三の会", name_kana="ダイサン")
    gen_collaboration(app, satoyama, farm, taro, farm_owner)
    gen_collaboration(app, farm, third, farm_owner)  # not answered: not a collaboration
    with app.app_context():
        year = current_fiscal_year()
        assert collaborations_started(year) == 1 and collaborations_started(year - 1) == 0
    browser.login("taro@satoyama.example.jp")
    browser.submit(f"/members/{satoyama.id}/withdraw", {"reason": "", "confirm": "y"})
    with app.app_context():
        assert collaborations_started(year) == 1

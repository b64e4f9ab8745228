"""Withdrawal erases personal data everywhere but anonymous counts (個人情報保護法)."""

from datetime import timedelta

from sqlalchemy import String, Text, select

from partners.accounts.models import Role, User
from partners.core.timeutil import local_today, utcnow
from partners.events import services
from partners.events.models import AttendanceMode, Registration, RegistrationStatus
from partners.events.registration import NamedPerson, register_named
from partners.extensions import db
from partners.members.models import Partner, PartnerStatus
from partners.members.stats import count_active
from tests.events.attendance_factories import gen_registration, gen_staff
from tests.events.factories import gen_event
from tests.events.report_factories import attend, finish, hold
from tests.factories import PASSWORD, gen_partner, gen_user
from tests.members.test_apply import GROUP

PERSONAL = ["NPO法人 みどりの森", "ミドリノモリ", "森 太郎", "info@midori.example.jp", "茨城県つくば市吾妻1-1",
            "https://midori.example.jp", "里山の手入れ", "305-0031", "029-883-1111"]


def every_text_value(app) -> str:
    """Every string stored in every table, joined: what a search of the whole database would see."""
    values = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if columns:
                for row in db.session.execute(select(*columns)):
                    values.extend(str(value) for value in row if value is not None)
    return "\n".join(values)


def test_group_withdrawal_leaves_no_personal_data_in_the_database(app, browser, outbox):
    gen_user(app, email="owner@example.jp")
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("owner@example.jp")
    browser.submit("/members/apply/group", GROUP | {"activities": "里山の手入れ"})
    with app.app_context():
        partner_id = db.session.scalar(select(Partner.id))
    browser.logout()
    browser.login("staff@example.jp")
    browser.submit(f"/staff/partners/{partner_id}", {"action": "approve", "reason": "OK"},
                   action=f"/staff/partners/{partner_id}/status")
    outbox.deliver()
    browser.logout()
    assert all(text in every_text_value(app) for text in PERSONAL[:4])

    browser.login("owner@example.jp")
    response = browser.submit(f"/members/{partner_id}/withdraw", {"reason": "解散のため", "confirm": "y"},
                              follow_redirects=True)
    assert "退会しました" in response.get_data(as_text=True)

    stored = every_text_value(app)
    leaked = [text for text in PERSONAL if text in stored]
    assert leaked == []
    with app.app_context():
        partner = db.session.get(Partner, partner_id)
        assert partner.status == PartnerStatus.WITHDRAWN and partner.anonymised_at is not None
        assert partner.kind == "group" and partner.area == "筑波" and partner.goals == [15]
        assert count_active(partner.kind, local_today()) == 0


def test_withdrawal_needs_confirmation_and_an_owner(app, browser):
    owner = gen_user(app, email="owner@example.jp")
    partner = gen_partner(app, owner=owner)
    gen_user(app, email="other@example.jp")
    browser.login("other@example.jp")
    assert browser.client.get(f"/members/{partner.id}/withdraw").status_code == 403
    browser.logout()
    browser.login("owner@example.jp")
    response = browser.submit(f"/members/{partner.id}/withdraw", {"reason": ""})
    assert "退会の確認にチェックを入れてください" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Partner, partner.id).status == PartnerStatus.ACTIVE


def test_deleting_the_account_withdraws_the_individual_partner_and_leaves_nothing_personal(app, browser, outbox):
    owner = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    partner = gen_partner(app, owner=owner, name="筑波 花子", name_kana="ツクバ ハナコ", activities="朝市の運営",
                          email="hanako@example.jp")
    outbox.deliver()
    browser.login("hanako@example.jp")
    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")
    stored = every_text_value(app)
    assert [t for t in ["筑波 花子", "ツクバ ハナコ", "hanako@example.jp", "朝市の運営"] if t in stored] == []
    with app.app_context():
        assert db.session.get(Partner, partner.id).status == PartnerStatus.WITHDRAWN


def test_withdrawn_record_cannot_be_edited(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    partner = gen_partner(app, status="withdrawn")
    browser.login("staff@example.jp")
    assert browser.client.get(f"/members/{partner.id}/edit").status_code == 403
    assert "（退会済みのパートナー）" in browser.client.get(f"/staff/partners/{partner.id}").get_data(as_text=True)


def test_search_index_forgets_withdrawn_partners(app):
    partner = gen_partner(app, name="消える会員", name_kana="キエルカイイン")
    with app.test_request_context():
        from partners.members import lifecycle
        from partners.members.search import matching_partner_ids

        assert db.session.scalars(matching_partner_ids("消える")).all() == [partner.id]
        lifecycle.withdraw(db.session.get(Partner, partner.id), None, "test")
        db.session.commit()
        assert db.session.scalars(matching_partner_ids("消える")).all() == []


def test_deleting_the_last_owners_account_hands_the_group_to_an_editor(app, browser):
    from partners.members.models import ContactRole, PartnerContact

    owner = gen_user(app, email="owner@example.jp")
    editor = gen_user(app, email="editor@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="団体", name_kana="ダンタイ")
    with app.app_context():
        db.session.add(PartnerContact(partner_id=group.id, user_id=editor.id, role=ContactRole.EDITOR))
        db.session.commit()
    browser.login("owner@example.jp")
    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")
    with app.app_context():
        contacts = db.session.get(Partner, group.id).contacts
        assert [(c.user_id, c.role) for c in contacts] == [(editor.id, ContactRole.OWNER)]
        assert db.session.get(Partner, group.id).status == PartnerStatus.ACTIVE


def test_group_withdrawal_erases_the_people_it_registered_for_events_and_keeps_the_counts(app, browser, outbox):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="NPO法人 みどりの森", name_kana="ミドリノモリ",
                        email="info@midori.example.jp", phone="029-883-1111")
    staff = gen_staff(app)
    meeting = gen_event(app, kind="exchange", format="in_person", capacity_online=None)
    named = [NamedPerson("里山 一郎", "ichiro@satoyama.example.jp"),
             NamedPerson("里山 二子", "futako@satoyama.example.jp")]
    with app.test_request_context():
        ids = [r.id for r in register_named(meeting.id, db.session.get(User, owner.id), group.id, named,
                                            AttendanceMode.IN_PERSON)]
        db.session.commit()
    hold(app, meeting.id, utcnow() - timedelta(days=1))
    attend(app, meeting.id, ids[:1], staff)
    finish(app, meeting.id, staff)
    outbox.deliver()
    with app.app_context():
        counted = services.event_participation(meeting.id)
    assert "里山 一郎" in every_text_value(app)

    browser.login("owner@example.jp")
    browser.submit(f"/members/{group.id}/withdraw", {"reason": "解散のため", "confirm": "y"})

    stored = every_text_value(app)
    leaked = [text for text in ["里山 一郎", "里山 二子", "ichiro@satoyama.example.jp", "futako@satoyama.example.jp",
                                "info@midori.example.jp", "029-883-1111"] if text in stored]
    assert leaked == []
    with app.app_context():
        assert services.event_participation(meeting.id) == counted
        assert counted[AttendanceMode.IN_PERSON] == services.Participation(2, 1, 1)
        assert all(registration.registered_by_id is None and registration.anonymised_at is not None
                   for registration in db.session.scalars(select(Registration)))


def test_an_individuals_withdrawal_unlinks_their_lecture_registrations(app, browser):
    person = gen_user(app, email="hanako@example.jp", name="筑波 花子")
    gen_partner(app, owner=person, status="applied", name="筑波 花子")
    lecture = gen_event(app, certifies=True)
    registration = gen_registration(app, lecture, user=person)
    attend(app, lecture.id, [registration.id], gen_staff(app))
    with app.app_context():
        partner_id = db.session.scalar(select(Partner.id))

    browser.login("hanako@example.jp")
    browser.submit(f"/members/{partner_id}/withdraw", {"reason": "", "confirm": "y"})

    with app.app_context():
        stored = db.session.get(Registration, registration.id)
        assert stored.user_id is None and stored.anonymised_at is not None
        assert stored.status == RegistrationStatus.ATTENDED and stored.partner_id == partner_id

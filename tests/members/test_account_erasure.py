"""A deleted account leaves nothing behind for the next person to sign up, and anonymising erases the free text
of a partner's history (個人情報保護法). The scans read every string column of every table, so tables that later
features add are covered without changing these tests."""

from datetime import timedelta

import pytest
from sqlalchemy import ForeignKey, select

from partners.accounts.models import Role, User
from partners.audit.models import AuditEntry
from partners.core.timeutil import utcnow
from partners.events import publishing, services
from partners.events.models import Registration, RegistrationStatus
from partners.extensions import db
from partners.members.models import Partner, PartnerStatus, PartnerStatusChange
from partners.outbox.models import OutboxMessage
from tests.conftest import link_in
from tests.events.attendance_factories import fresh, gen_registration, gen_staff
from tests.events.factories import gen_event
from tests.events.report_factories import attend, finish, hold
from tests.factories import PASSWORD, gen_partner, gen_user
from tests.members.test_apply import GROUP, INDIVIDUAL
from tests.members.test_withdraw import every_text_value

NAME = "筑波 花子"
EMAIL = "hanako@example.jp"
PHONE = "090-1234-5678"


def references_to_user(app, user_id: int) -> list[str]:
    """Every column that points at users.id and still holds `user_id`."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                points_at_users = any(fk.column.table.name == "users" for fk in column.foreign_keys
                                      if isinstance(fk, ForeignKey))
                if points_at_users and db.session.scalar(select(column).where(column == user_id).limit(1)) is not None:
                    found.append(f"{table.name}.{column.name}")
    return found


def staff_acts(browser, partner_id: int, action: str, reason: str):
    return browser.submit(f"/staff/partners/{partner_id}", {"action": action, "reason": reason},
                          action=f"/staff/partners/{partner_id}/status")


def test_a_deleted_accounts_rejected_application_never_reaches_the_next_person_to_sign_up(app, browser, outbox):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    person = gen_user(app, email=EMAIL, name=NAME)
    browser.login(EMAIL)
    browser.submit("/members/apply/individual", INDIVIDUAL | {"name": NAME, "activities": "朝市の運営",
                                                               "phone": PHONE})
    outbox.deliver()
    with app.app_context():
        assert db.session.scalar(select(Partner.phone)) == PHONE
    with app.app_context():
        partner_id = db.session.scalar(select(Partner.id))
    browser.logout()
    browser.login("staff@example.jp")
    staff_acts(browser, partner_id, "reject", f"{NAME}さん（{PHONE}）と電話で確認し、対象外と判断")
    browser.logout()

    browser.login(EMAIL)
    response = browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"},
                              action="/accounts/settings/delete")
    assert response.status_code == 302

    browser.submit("/accounts/signup", {"name": "次の 利用者", "email": "next@example.jp", "password": PASSWORD,
                                        "password_confirm": PASSWORD, "consent": "y"})
    delivered = outbox.deliver()
    assert [m["To"] for m in delivered] == ["next@example.jp"], "the rejection mail must not be sent"
    browser.client.get(link_in(delivered[0], "/accounts/verify/"))
    browser.login("next@example.jp")
    with app.app_context():
        newcomer = db.session.scalar(select(User).where(User.email == "next@example.jp"))
        assert newcomer.id != person.id
        assert db.session.get(Partner, partner_id).anonymised_at is not None

    mine = browser.client.get("/members/mine").get_data(as_text=True)
    assert "朝市の運営" not in mine and "rejected" not in mine and "却下" not in mine
    assert browser.client.get(f"/members/{partner_id}/data.json").status_code in {403, 404}
    assert browser.client.get(f"/members/{partner_id}/edit").status_code in {403, 404}

    stored = every_text_value(app)
    assert [text for text in (NAME, EMAIL, PHONE, "朝市の運営") if text in stored] == []
    assert references_to_user(app, person.id) == []


@pytest.mark.parametrize("status", ["applied", "changes_requested", "rejected"])
def test_deleting_the_only_contact_erases_a_pending_group_application(app, browser, outbox, status):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", status=status, owner=owner, name="みどりの会",
                        name_kana="ミドリノカイ", email="midori@example.jp", representative="森 太郎")
    browser.login("owner@example.jp")
    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")
    stored = every_text_value(app)
    assert [text for text in ("みどりの会", "midori@example.jp", "森 太郎", "owner@example.jp") if text in stored] == []
    with app.app_context():
        assert db.session.get(Partner, group.id).anonymised_at is not None


def test_an_active_group_stays_a_member_when_its_only_contact_deletes_their_account(app, browser, outbox):
    """An organisation's membership is not the person's to end: the group keeps its record and member number,
    without the person (staff invite a new contact); nothing links it to the deleted account."""
    owner = gen_user(app, email="owner@example.jp", name="森 太郎")
    group = gen_partner(app, kind="group", owner=owner, name="みどりの会", name_kana="ミドリノカイ",
                        email="midori@example.jp")
    browser.login("owner@example.jp")
    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")
    with app.app_context():
        kept = db.session.get(Partner, group.id)
        assert (kept.status, kept.anonymised_at, kept.contacts) == (PartnerStatus.ACTIVE, None, [])
        assert kept.member_no and kept.name == "みどりの会"
    assert references_to_user(app, owner.id) == []
    assert "owner@example.jp" not in every_text_value(app)


def test_withdrawal_erases_the_reasons_and_comments_of_the_history_but_keeps_its_steps(app, browser, outbox):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    owner = gen_user(app, email="owner@example.jp", name="山田 一郎")
    browser.login("owner@example.jp")
    browser.submit("/members/apply/group", GROUP)
    with app.app_context():
        partner_id = db.session.scalar(select(Partner.id))
    browser.logout()
    browser.login("staff@example.jp")
    staff_acts(browser, partner_id, "request_changes", f"代表の森 太郎さん（{PHONE}）に住所を確認してください")
    browser.logout()
    browser.login("owner@example.jp")
    browser.submit(f"/members/{partner_id}/edit", GROUP | {"website": ""})
    browser.logout()
    browser.login("staff@example.jp")
    staff_acts(browser, partner_id, "approve", "森 太郎さんと面談済み")
    browser.logout()
    browser.login("owner@example.jp")
    browser.submit(f"/members/{partner_id}/withdraw", {"reason": "森 太郎が東京都港区へ転居するため", "confirm": "y"})

    stored = every_text_value(app)
    assert [text for text in ("森 太郎", PHONE, "港区", "面談済み") if text in stored] == []
    with app.app_context():
        history = db.session.scalars(select(PartnerStatusChange).where(PartnerStatusChange.partner_id == partner_id)
                                     .order_by(PartnerStatusChange.id)).all()
        assert [(c.to_status, c.reason_erased) for c in history] == [
            (PartnerStatus.APPLIED, False), (PartnerStatus.CHANGES_REQUESTED, True), (PartnerStatus.APPLIED, False),
            (PartnerStatus.ACTIVE, True), (PartnerStatus.WITHDRAWN, True),
        ]
        assert all(c.actor_id != owner.id for c in history)
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.actor_id == owner.id)) is None
    browser.logout()
    browser.login("staff@example.jp")
    page = browser.client.get(f"/staff/partners/{partner_id}").get_data(as_text=True)
    assert page.count("理由の記載がありましたが、個人情報とともに消去しました") == 3


def test_a_deleted_staff_account_is_unlinked_from_history_and_audit(app, browser, outbox):
    staff = gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    partner = gen_partner(app, kind="group", status="applied", owner=gen_user(app), name="団体", name_kana="ダンタイ")
    browser.login("staff@example.jp")
    staff_acts(browser, partner.id, "approve", "書類を確認")
    assert references_to_user(app, staff.id)
    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")
    assert references_to_user(app, staff.id) == []
    with app.app_context():
        assert db.session.get(Partner, partner.id).status == PartnerStatus.ACTIVE


def test_deleting_an_account_erases_all_mail_to_its_address(app, browser, outbox):
    gen_user(app, email=EMAIL)
    browser.login(EMAIL)
    browser.submit("/accounts/forgot-password", {"email": EMAIL})
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.recipient == EMAIL))
    browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"}, action="/accounts/settings/delete")
    assert outbox.deliver() == []
    assert EMAIL not in every_text_value(app)


def test_a_deleted_account_leaves_nothing_in_events_and_the_event_counts_stay(app, browser, outbox):
    """The person applied, registered for a certifying lecture, attended it (certified, with a member number)
    and for an upcoming meeting where someone waits; staff named them in an event's history and as a speaker."""
    staff = gen_staff(app)
    person = gen_user(app, email=EMAIL, name=NAME)
    gen_partner(app, owner=person, status="applied", name=NAME, email=EMAIL, phone=PHONE)
    lecture = gen_event(app, certifies=True, speakers=f"{NAME}（{EMAIL}）")
    attended = gen_registration(app, lecture, user=person)
    others = [gen_registration(app, lecture) for _ in range(2)]
    hold(app, lecture.id, utcnow() - timedelta(days=3))
    attend(app, lecture.id, [attended.id, others[0].id], staff)
    finish(app, lecture.id, staff)
    assert EMAIL in [m["To"] for m in outbox.deliver()]  # sent mail; the meeting's stays unsent
    meeting = gen_event(app, kind="exchange", format="in_person", capacity_in_person=1, capacity_online=None)
    gen_registration(app, meeting, user=person)
    waiter = gen_user(app, email="waiter@example.jp")
    waiting = gen_registration(app, meeting, user=waiter)
    with app.test_request_context():
        publishing.cancel_event(gen_event(app).id, db.session.get(User, staff.id),
                                f"講師の{NAME}さん（{PHONE}）の都合により中止します")
        db.session.commit()
    with app.app_context():
        counted = services.event_participation(lecture.id)
        assert db.session.scalar(select(Partner.member_no).where(Partner.name == NAME))
        assert NAME in every_text_value(app) and PHONE in every_text_value(app)

    browser.login(EMAIL)
    response = browser.submit("/accounts/settings", {"password": PASSWORD, "confirm": "y"},
                              action="/accounts/settings/delete")
    assert response.status_code == 302

    stored = every_text_value(app)
    assert [text for text in (NAME, EMAIL, PHONE) if text in stored] == []
    assert references_to_user(app, person.id) == []
    with app.app_context():
        assert services.event_participation(lecture.id) == counted
        mine = db.session.scalars(select(Registration).where(Registration.anonymised_at.is_not(None))).all()
        assert len(mine) == 2 and all(r.user_id is None and r.attendee_name is None for r in mine)
    assert fresh(app, waiting.id).status == RegistrationStatus.REGISTERED, "the freed seat goes to who waits"
    assert [m["To"] for m in outbox.deliver() if "席" in m["Subject"]] == [waiter.email]

"""Requests for collaboration are relayed through the outbox without an e-mail address; accepting shows both
sides' contacts; requests are limited per sending partner; a recipient can report abuse to staff."""

import re

from sqlalchemy import func, select

from partners.accounts.models import Role
from partners.extensions import db
from partners.portal.models import Collaboration, CollaborationStatus
from tests.conftest import link_in
from tests.factories import gen_partner, gen_user

SENDER_EMAIL, RECIPIENT_EMAIL = "kodomo@example.jp", "farm@example.jp"
SENDER_PARTNER_EMAIL, RECIPIENT_PARTNER_EMAIL = "info@kodomo.example.jp", "info@farm.example.jp"
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def two_groups(app):
    sender = gen_partner(app, kind="group", owner=gen_user(app, email=SENDER_EMAIL, name="子ども 太郎"),
                         name="こども食堂つくば", name_kana="コドモショクドウ", email=SENDER_PARTNER_EMAIL,
                         phone="029-111-2222")
    recipient = gen_partner(app, kind="group", owner=gen_user(app, email=RECIPIENT_EMAIL, name="農園 花子"),
                            name="筑波農園", name_kana="ツクバノウエン", email=RECIPIENT_PARTNER_EMAIL)
    return sender, recipient


def send(browser, recipient, message="野菜を子ども食堂に分けていただけませんか。", **kwargs):
    return browser.submit(f"/collaborate/request/{recipient.id}", {"message": message, **kwargs})


def latest_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(Collaboration.id)))


def test_a_request_reveals_no_address_until_it_is_accepted_and_then_both_see_the_contacts(app, browser, outbox):
    sender, recipient = two_groups(app)
    outbox.deliver()  # the application mails
    browser.login(SENDER_EMAIL)
    response = send(browser, recipient, sender=sender.id)
    assert response.status_code == 302
    collaboration_id = latest_id(app)
    page = browser.client.get(f"/collaborate/{collaboration_id}").get_data(as_text=True)
    assert RECIPIENT_EMAIL not in page and RECIPIENT_PARTNER_EMAIL not in page

    relayed = outbox.deliver_one(to=RECIPIENT_EMAIL)
    body = relayed.get_body(preferencelist=("plain",)).get_content()
    assert relayed["Subject"] == "【つくばSDGsパートナーズ】こども食堂つくばから連携の申込みが届きました"
    assert "農園 花子 様" in body and "野菜を子ども食堂に分けていただけませんか。" in body
    assert [match.group(0) for match in ADDRESS.finditer(body)] == ["sdgs@city.tsukuba.example"], \
        "only the programme office's address, never the sender's"
    assert relayed["Reply-To"] is None

    browser.logout()
    browser.login(RECIPIENT_EMAIL)
    page = browser.client.get(link_in(relayed, "/collaborate/")).get_data(as_text=True)
    assert "野菜を子ども食堂に分けていただけませんか。" in page
    assert SENDER_EMAIL not in page and SENDER_PARTNER_EMAIL not in page and "029-111-2222" not in page
    accepted = browser.submit(f"/collaborate/{collaboration_id}", {},
                              action=f"/collaborate/{collaboration_id}/accept", follow_redirects=True)
    page = accepted.get_data(as_text=True)
    assert "お互いの連絡先が表示されます" in page
    assert SENDER_PARTNER_EMAIL in page and SENDER_EMAIL in page and "029-111-2222" in page

    told = outbox.deliver_one(to=SENDER_EMAIL)
    assert "筑波農園が連携の申込みを承諾しました" in told["Subject"]
    browser.logout()
    browser.login(SENDER_EMAIL)
    page = browser.client.get(f"/collaborate/{collaboration_id}").get_data(as_text=True)
    assert RECIPIENT_PARTNER_EMAIL in page and RECIPIENT_EMAIL in page


def test_declining_tells_the_sender_and_shows_no_contacts(app, browser, outbox):
    sender, recipient = two_groups(app)
    browser.login(SENDER_EMAIL)
    send(browser, recipient, sender=sender.id)
    collaboration_id = latest_id(app)
    browser.logout()
    browser.login(RECIPIENT_EMAIL)
    browser.submit(f"/collaborate/{collaboration_id}", {}, action=f"/collaborate/{collaboration_id}/decline")
    outbox.deliver()
    assert any("お断りしました" in message["Subject"] for message in outbox.received
               if message["To"] == SENDER_EMAIL)
    browser.logout()
    browser.login(SENDER_EMAIL)
    page = browser.client.get(f"/collaborate/{collaboration_id}").get_data(as_text=True)
    assert "お断り" in page and RECIPIENT_PARTNER_EMAIL not in page
    # The sender cannot answer its own request.
    browser.submit(f"/collaborate/{collaboration_id}", {}, action=f"/collaborate/{collaboration_id}/accept")
    with app.app_context():
        assert db.session.get(Collaboration, collaboration_id).status == CollaborationStatus.DECLINED


def test_requests_are_limited_per_sending_partner_and_the_message_is_kept(app, browser):
    app.config["COLLABORATION_REQUEST_LIMIT"] = "2 per day"
    sender, _recipient = two_groups(app)
    others = [gen_partner(app, kind="group", name=f"相手{n}", name_kana="アイテ") for n in range(3)]
    browser.login(SENDER_EMAIL)
    assert [send(browser, other, sender=sender.id).status_code for other in others[:2]] == [302, 302]
    refused = send(browser, others[2], message="三通目のメッセージ", sender=sender.id)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "1日ほど時間をおいて" in html and "三通目のメッセージ" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Collaboration.id))) == 2


def test_a_second_request_to_the_same_partner_is_refused(app, browser):
    sender, recipient = two_groups(app)
    browser.login(SENDER_EMAIL)
    send(browser, recipient, sender=sender.id)
    again = send(browser, recipient, sender=sender.id, follow_redirects=True)
    assert "すでに申込み中か連携しています" in again.get_data(as_text=True)


def test_a_recipient_reports_abuse_to_staff(app, browser, outbox):
    sender, recipient = two_groups(app)
    outbox.deliver()  # the application mails
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login(SENDER_EMAIL)
    send(browser, recipient, message="宣伝です。今すぐ購入を！", sender=sender.id)
    collaboration_id = latest_id(app)
    browser.logout()
    browser.login(RECIPIENT_EMAIL)
    empty = browser.submit(f"/collaborate/{collaboration_id}", {"reason": " "},
                           action=f"/collaborate/{collaboration_id}/report")
    assert empty.status_code == 400 and "入力してください。" in empty.get_data(as_text=True)
    browser.submit(f"/collaborate/{collaboration_id}", {"reason": "勧誘のメッセージです"},
                   action=f"/collaborate/{collaboration_id}/report")
    with app.app_context():
        reported = db.session.get(Collaboration, collaboration_id)
        assert reported.reported_at is not None and reported.status == CollaborationStatus.DECLINED
    office = outbox.deliver_one(to="sdgs@city.tsukuba.example")
    assert "通報" in office["Subject"]
    browser.logout()
    browser.login("staff@example.jp")
    page = browser.client.get("/staff/collaborations/reports").get_data(as_text=True)
    assert "勧誘のメッセージです" in page and "宣伝です。今すぐ購入を！" in page


def test_people_outside_the_collaboration_cannot_see_or_answer_it(app, browser):
    sender, recipient = two_groups(app)
    gen_user(app, email="other@example.jp")
    browser.login(SENDER_EMAIL)
    send(browser, recipient, sender=sender.id)
    collaboration_id = latest_id(app)
    browser.logout()
    browser.login("other@example.jp")
    assert browser.client.get(f"/collaborate/{collaboration_id}").status_code == 404
    token_page = browser.client.get("/").get_data(as_text=True)
    from tests.conftest import csrf_token

    answer = browser.client.post(f"/collaborate/{collaboration_id}/accept",
                                 data={"csrf_token": csrf_token(token_page)})
    assert answer.status_code == 404


def test_only_active_partners_ask_and_only_listed_partners_are_asked(app, browser):
    gen_user(app, email="citizen@example.jp")
    _sender, recipient = two_groups(app)
    hidden = gen_partner(app, kind="group", name="非公開の会", name_kana="ヒコウカイ",
                         visibility={"listing": "private"})
    browser.login("citizen@example.jp")
    assert browser.client.get(f"/collaborate/request/{recipient.id}").status_code == 302
    assert "認定済みのパートナーの方" in browser.client.get("/collaborate/").get_data(as_text=True)
    assert browser.client.get(f"/collaborate/request/{hidden.id}").status_code == 404

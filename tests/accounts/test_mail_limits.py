"""Limits on the mail a person can make the system send: per account and per address, across routes, with a
message saying to wait."""

from sqlalchemy import func, select

from partners.outbox.models import OutboxMessage
from tests.accounts.test_sessions import another_browser
from tests.factories import PASSWORD, gen_partner, gen_user

WAIT = "しばらく待ってから"


def limit_of(app, name: str) -> int:
    return int(app.config[name].split()[0])


def mail_count(app, to: str | None = None) -> int:
    with app.app_context():
        query = select(func.count(OutboxMessage.id))
        if to:
            query = query.where(OutboxMessage.recipient == to)
        return app.extensions["sqlalchemy"].session.scalar(query)


def forgot_password(browser, email: str):
    return browser.submit("/accounts/forgot-password", {"email": email})


def change_email(browser, email: str, password: str = PASSWORD):
    return browser.submit("/accounts/settings", {"email": email, "password": password},
                          action="/accounts/settings/email")


def test_group_invitations_are_limited_per_account(app, browser):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="つくば環境ネット", name_kana="ツクバカンキョウネット")
    browser.login("owner@example.jp")
    page = f"/members/{group.id}/contacts"
    before = mail_count(app)

    for number in range(limit_of(app, "MAIL_RATE_LIMIT_PER_ACCOUNT")):
        response = browser.submit(page, {"email": f"person{number}@example.jp", "role": "editor"},
                                  action=page + "/invite")
        assert response.status_code == 302
    response = browser.submit(page, {"email": "one-more@example.jp", "role": "editor"}, action=page + "/invite")
    assert response.status_code == 429
    assert WAIT in response.get_data(as_text=True)
    assert mail_count(app) - before == limit_of(app, "MAIL_RATE_LIMIT_PER_ACCOUNT")
    assert mail_count(app, "one-more@example.jp") == 0


def test_email_change_confirmations_are_limited_per_account(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    for number in range(limit_of(app, "MAIL_RATE_LIMIT_PER_ACCOUNT")):
        assert change_email(browser, f"new{number}@example.jp").status_code == 302
    response = change_email(browser, "one-more@example.jp")
    assert response.status_code == 429
    assert WAIT in response.get_data(as_text=True)
    assert mail_count(app, "one-more@example.jp") == 0


def test_a_form_sent_back_with_an_error_does_not_count(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    for _ in range(limit_of(app, "MAIL_RATE_LIMIT_PER_ACCOUNT") + 1):
        assert change_email(browser, "not-an-address").status_code == 400
    assert change_email(browser, "new@example.jp").status_code == 302


def test_reset_mail_to_one_address_is_limited_however_it_is_asked_for(app, browser):
    gen_user(app, email="hana@example.jp")
    limit = limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS")
    for number in range(limit):
        typed = " Hana@Example.jp " if number else "hana@example.jp"
        assert forgot_password(another_browser(app), typed).status_code == 302
    response = forgot_password(browser, "HANA@example.jp")
    assert response.status_code == 429
    assert WAIT in response.get_data(as_text=True)
    assert mail_count(app, "hana@example.jp") == limit


def test_an_unknown_address_reaches_the_limit_like_a_known_one(app, browser):
    for _ in range(limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS")):
        assert forgot_password(browser, "nobody@example.jp").status_code == 302
    assert forgot_password(browser, "nobody@example.jp").status_code == 429


def test_mail_to_an_address_counts_across_routes(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    gen_user(app, email="taken@example.jp")
    for _ in range(limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS") - 1):
        forgot_password(another_browser(app), "taken@example.jp")
    assert change_email(browser, "taken@example.jp").status_code == 302
    assert change_email(browser, "taken@example.jp").status_code == 429


def test_verification_links_resent_at_login_are_limited_and_login_still_answers(app, browser):
    gen_user(app, email="taro@example.jp", verified=False)
    limit = limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS")
    for _ in range(limit):
        response = browser.login("taro@example.jp", follow_redirects=True)
        assert "新しい確認リンクを送信しました" in response.get_data(as_text=True)
    response = browser.login("taro@example.jp", follow_redirects=True)
    assert "最近お送りしたリンク" in response.get_data(as_text=True)
    assert mail_count(app, "taro@example.jp") == limit


def test_sign_ups_for_one_address_are_limited(app, browser):
    from tests.accounts.test_signup import GOOD, SIGNUP

    for _ in range(limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS")):
        assert browser.submit(SIGNUP, GOOD).status_code == 200
    response = browser.submit(SIGNUP, GOOD)
    assert response.status_code == 429
    assert WAIT in response.get_data(as_text=True)
    assert mail_count(app, "taro@example.jp") == limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS")


def test_a_used_up_address_can_still_log_in(app, browser):
    gen_user(app, email="hana@example.jp")
    for _ in range(limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS") + 1):
        forgot_password(another_browser(app), "hana@example.jp")
    assert browser.login("hana@example.jp").status_code == 302


def test_invitations_to_one_address_are_limited_whoever_sends_them(app):
    """Several groups' owners cannot together flood one address, and reset mail to it counts too."""
    from tests.members.contact_helpers import invite

    limit = limit_of(app, "MAIL_RATE_LIMIT_PER_ADDRESS")
    gen_user(app, email="target@example.jp")
    forgot_password(another_browser(app), "target@example.jp")
    answers = []
    for number in range(limit):
        owner = gen_user(app, email=f"owner{number}@example.jp")
        group = gen_partner(app, kind="group", owner=owner, name=f"団体{number}", name_kana="ダンタイ")
        browser = another_browser(app)
        browser.login(owner.email)
        response = invite(browser, group, "target@example.jp")
        answers.append(response.status_code)
    assert answers == [302] * (limit - 1) + [429]
    assert WAIT in response.get_data(as_text=True)
    assert mail_count(app, "target@example.jp") == limit

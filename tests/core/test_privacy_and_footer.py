"""Every page ends with the programme office's contact (settings, not code) and a link to the privacy policy,
which states the purpose of use under the APPI; every form that collects personal data links to it."""

import re

import pytest

from tests.factories import gen_partner, gen_user

PRIVACY_LINK = 'href="/privacy"'


def footer_of(html: str) -> str:
    return html[html.index('<footer class="site-footer">'):]


def test_footer_gives_the_programme_office_contact_and_the_privacy_policy(client):
    footer = footer_of(client.get("/").get_data(as_text=True))
    for text in ("つくば市 政策イノベーション部 持続可能都市戦略課", "〒305-8555 茨城県つくば市研究学園一丁目1番地1",
                 "029-883-1111", 'href="tel:0298831111"', "mailto:sdgs@city.tsukuba.example",
                 "平日 8:30–17:15", PRIVACY_LINK):
        assert text in footer, text


def test_footer_in_english(browser):
    browser.choose_language("en")
    footer = footer_of(browser.client.get("/accounts/login").get_data(as_text=True))
    assert "Sustainable City Strategy Division" in footer and "Weekdays 8:30–17:15" in footer
    assert "Privacy policy" in footer


def test_the_office_contact_is_a_setting(app, make_app):
    other = make_app(PROGRAMME_OFFICE_JA="みらい市 市民協働課", PROGRAMME_OFFICE_PHONE="03-1234-5678",
                     PROGRAMME_OFFICE_EMAIL="sdgs@mirai.example", PROGRAMME_OFFICE_HOURS_JA="平日 9:00–17:00",
                     PROGRAMME_OFFICE_ADDRESS_JA="〒100-0001 みらい市1-1")
    footer = footer_of(other.test_client().get("/").get_data(as_text=True))
    for text in ("みらい市 市民協働課", "03-1234-5678", "sdgs@mirai.example", "平日 9:00–17:00",
                 "〒100-0001 みらい市1-1"):
        assert text in footer, text
    assert "つくば" not in footer.replace("つくばSDGsパートナーズ", "")


def test_privacy_policy_states_purpose_retention_and_rights(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("個人情報保護法", "取得する個人情報", "利用目的", "公開の範囲と閲覧できる人", "パートナーのみ",
                 "非公開", "退会又はアカウントの削除の際には", "ダウンロード", "アワード", "取組報告",
                 "sdgs@city.tsukuba.example"):
        assert text in html, text


def test_privacy_policy_in_english(browser):
    browser.choose_language("en")
    html = browser.client.get("/privacy").get_data(as_text=True)
    assert "Act on the Protection of Personal Information" in html and "How long we keep it" in html


def consent_area(html: str) -> str:
    return html[html.index('name="consent"'):]


def test_sign_up_links_the_policy_beside_the_consent(client):
    html = client.get("/accounts/signup").get_data(as_text=True)
    assert PRIVACY_LINK in consent_area(html).split("</div>")[0]


@pytest.mark.parametrize("kind", ["individual", "group"])
def test_applications_link_the_policy_beside_the_consent(app, browser, kind):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    html = browser.client.get(f"/members/apply/{kind}").get_data(as_text=True)
    assert PRIVACY_LINK in consent_area(html).split("</div>")[0]


def test_the_contact_invitation_form_links_the_policy(app, browser):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="みどりの会", name_kana="ミドリノカイ")
    browser.login("owner@example.jp")
    html = browser.client.get(f"/members/{group.id}/contacts").get_data(as_text=True)
    invite = html[html.index('id="invite-heading"'):html.index("</form>", html.index('id="invite-heading"'))]
    assert PRIVACY_LINK in invite


def test_the_profile_edit_form_links_the_policy(app, browser):
    owner = gen_user(app, email="owner@example.jp")
    partner = gen_partner(app, owner=owner)
    browser.login("owner@example.jp")
    html = browser.client.get(f"/members/{partner.id}/edit").get_data(as_text=True)
    form = html[html.index("<form method=\"post\" novalidate>"):]
    assert PRIVACY_LINK in form[:form.index("</form>")]


@pytest.mark.parametrize("kind", ["individual", "group"])
def test_the_purpose_of_use_names_the_publication_choices_as_the_form_labels_them(app, browser, kind):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    html = browser.client.get(f"/members/apply/{kind}").get_data(as_text=True)
    purpose = html[html.index('id="purpose-heading"'):html.index("</section>", html.index('id="purpose-heading"'))]
    named = re.findall(r"「([^」]+)」", purpose)
    assert named == ["公開", "パートナーのみ"]
    for choice in named:
        assert f"> {choice}</label>" in html or f">{choice}</label>" in html, choice


def form_around(html: str, marker: str) -> str:
    start = html.rindex("<form", 0, html.index(marker))
    return html[start:html.index("</form>", start)]


def test_the_award_application_form_links_the_policy(app, browser):
    from tests.awards.factories import gen_round, gen_staff

    award_round = gen_round(app, gen_staff(app))
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    response = browser.client.get(f"/awards/{award_round.id}/apply")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    above_the_footer = html[:html.index('<footer class="site-footer">')]
    assert 'name="contact_email"' in above_the_footer and PRIVACY_LINK in above_the_footer


def test_a_group_registering_its_people_for_a_meeting_is_shown_the_policy(app, browser):
    from partners.events.models import Audience, EventKind
    from tests.events.factories import gen_event

    meeting = gen_event(app, kind=EventKind.EXCHANGE, audience=Audience.GROUP_PARTNERS)
    owner = gen_user(app, email="owner@example.jp")
    gen_partner(app, kind="group", owner=owner, name="みどりの会", name_kana="ミドリノカイ")
    browser.login("owner@example.jp")
    html = browser.client.get(f"/events/{meeting.id}/register-people").get_data(as_text=True)
    assert PRIVACY_LINK in form_around(html, 'name="people-0-email"')

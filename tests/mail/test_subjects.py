"""Mail from the programme is recognisable and polite: every subject starts with the configured programme name
(【つくばSDGsパートナーズ】 in Japanese, [Tsukuba SDGs Partners] in English), every mail greets its recipient
(〜様 in Japanese), and the welcome mail reads naturally."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from partners.extensions import db
from partners.outbox.models import OutboxMessage
from tests.accounts.test_signup import GOOD, SIGNUP
from tests.conftest import Browser, link_in
from tests.factories import gen_partner, gen_user
from tests.members.contact_helpers import invite

MAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "mail"


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_japanese_subjects_start_with_the_programme_name_in_brackets(app, browser, outbox):
    browser.submit(SIGNUP, GOOD)
    assert outbox.deliver_one(to="taro@example.jp")["Subject"] == "【つくばSDGsパートナーズ】メールアドレスの確認"


def test_english_subjects_start_with_the_programme_name_in_square_brackets(app, browser, outbox):
    browser.choose_language("en")
    browser.submit(SIGNUP, GOOD)
    subject = outbox.deliver_one(to="taro@example.jp")["Subject"]
    assert subject == "[Tsukuba SDGs Partners] Confirm your e-mail address"


def test_the_prefix_is_the_configured_programme_name(app, make_app):
    other = make_app(PROGRAMME_NAME_JA="みらいSDGsパートナーズ", PROGRAMME_NAME_EN="Mirai SDGs Partners")
    Browser(other.test_client()).submit(SIGNUP, GOOD)
    with other.app_context():
        assert db.session.scalar(select(OutboxMessage.subject)) == "【みらいSDGsパートナーズ】メールアドレスの確認"


def test_a_long_subject_still_fits_the_outbox(app, browser, outbox):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="団" * 200, name_kana="ダン")
    outbox.deliver()
    browser.login("owner@example.jp")
    invite(browser, group, "mika@example.jp")
    subject = outbox.deliver_one(to="mika@example.jp")["Subject"]
    assert subject.startswith("【つくばSDGsパートナーズ】") and len(subject) <= 255


@pytest.mark.parametrize("path", sorted(p.name for p in MAIL_TEMPLATES.iterdir() if not p.name.startswith("_")))
def test_every_mail_template_opens_with_a_greeting(path):
    source = (MAIL_TEMPLATES / path).read_text(encoding="utf-8")
    first_message = re.search(r'_\("([^"]*)"', source).group(1)
    assert first_message == "Hello %(name)s,", f"{path} opens with {first_message!r}"


def test_an_invitation_greets_the_invited_address(app, browser, outbox):
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="みどりの会", name_kana="ミドリノカイ")
    outbox.deliver()
    browser.login("owner@example.jp")
    invite(browser, group, "mika@example.jp")
    assert body(outbox.deliver_one(to="mika@example.jp")).startswith("mika@example.jp 様")


def test_the_welcome_mail_reads_naturally_in_japanese(app, outbox):
    owner = gen_user(app, email="hana@example.jp", name="筑波 花子")
    partner = gen_partner(app, owner=owner)
    welcome = next(m for m in outbox.deliver() if m["Subject"].endswith("パートナー登録完了のお知らせ"))
    text = body(welcome)
    assert text.splitlines()[0] == "筑波 花子 様"
    assert "このたびはつくばSDGsパートナーズに個人パートナーとしてご登録いただき、ありがとうございます。" in text
    assert "会員番号：I-00001" in text
    assert link_in(welcome, "/certificate").endswith(f"/members/{partner.id}/certificate")
    assert "パートナー講座や交流会" in text and "今後ともどうぞよろしくお願いいたします。" in text
    assert "つくば市 政策イノベーション部 持続可能都市戦略課" in text, "the footer names the office"
    assert "電話：029-883-1111 ／ メール：sdgs@city.tsukuba.example（平日 8:30–17:15）" in text


def test_the_welcome_mail_of_a_group_names_the_group(app, outbox):
    owner = gen_user(app, email="owner@example.jp", name="森 太郎")
    gen_partner(app, kind="group", owner=owner, name="みどりの会", name_kana="ミドリノカイ")
    welcome = next(m for m in outbox.deliver() if m["Subject"].endswith("パートナー登録完了のお知らせ"))
    assert "このたびは「みどりの会」をつくばSDGsパートナーズの団体パートナーとしてご登録いただき" in body(welcome)

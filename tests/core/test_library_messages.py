"""WTForms' and Flask-WTF's built-in messages come through our catalogue, in the same natural Japanese as ours
(「入力してください。」, not the libraries' stock translations); English pages keep the English text."""

import pytest

from partners.accounts.models import Role
from tests.factories import gen_user
from tests.members.test_apply import GROUP

APPLY = "/members/apply/group"


@pytest.fixture
def applicant(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    return browser


def test_empty_bad_number_and_bad_choice_read_in_our_japanese(applicant):
    data = GROUP | {"representative": "", "size": "十二", "area": "火星"}
    html = applicant.submit(APPLY, data).get_data(as_text=True)
    assert "入力してください。" in html
    assert "整数で入力してください。" in html
    assert "選択肢から選んでください。" in html
    assert "このフィールドは必須です" not in html and "不正な" not in html


def test_too_long_text_reads_in_our_japanese(applicant):
    html = applicant.submit(APPLY, GROUP | {"name": "森" * 201}).get_data(as_text=True)
    assert "200文字以内で入力してください。" in html


def test_english_pages_keep_the_libraries_english(app, applicant):
    applicant.choose_language("en")
    data = GROUP | {"representative": "", "size": "twelve", "area": "Mars"}
    html = applicant.submit(APPLY, data).get_data(as_text=True)
    assert "This field is required." in html
    assert "Not a valid integer value." in html
    assert "Not a valid choice." in html


def test_a_bad_date_reads_in_our_japanese(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    html = browser.client.get("/staff/partners", query_string={"joined_from": "2024-13-45"}).get_data(as_text=True)
    assert "日付の形式が正しくありません。" in html


def test_a_form_sent_without_its_csrf_token_says_why_in_japanese(app, client):
    response = client.post("/accounts/login", data={"email": "hana@example.jp", "password": "x"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "送信できませんでした" in html
    assert "送信内容を確認するための情報がありません。ページを再読み込みしてから、もう一度送信してください。" in html

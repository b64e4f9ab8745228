"""Input that should be refused is refused, by every form alike: empty after normalisation, NUL bytes, longer
than the column holds; invisible characters are removed; a rejected application is read-only to its owner."""

import html

import pytest
from sqlalchemy import select

from partners.accounts.models import Role, User
from partners.extensions import db
from partners.members.models import Partner, PartnerStatus
from tests.factories import gen_partner, gen_user
from tests.members.test_apply import GROUP, INDIVIDUAL
from tests.members.test_csv_import import HANAKO, csv_file, row

REQUIRED = "This field is required."
NUL_MESSAGE = "The text contains a NUL character, which cannot be saved. Please remove it."


@pytest.fixture
def citizen(app, browser):
    user = gen_user(app, email="hana@example.jp", locale="en")
    browser.login("hana@example.jp")
    return user


def stored_partners(app) -> list[Partner]:
    with app.app_context():
        found = list(db.session.scalars(select(Partner)))
        db.session.expunge_all()
    return found


@pytest.mark.parametrize("name", ["   ", "\u3000\u3000", "\u200b\u200b", "\u200b \ufeff\u2060", "\x07\x1b"])
def test_a_name_empty_after_normalisation_is_required(app, browser, citizen, name):
    response = browser.submit("/members/apply/individual", INDIVIDUAL | {"name": name})
    assert response.status_code == 200
    assert REQUIRED in response.get_data(as_text=True)
    assert stored_partners(app) == []


def test_a_nul_byte_is_refused_with_a_clear_message(app, browser, citizen):
    response = browser.submit("/members/apply/individual", INDIVIDUAL | {"name": "筑波\x00花子"})
    assert NUL_MESSAGE in html.unescape(response.get_data(as_text=True))
    assert stored_partners(app) == []


def test_invisible_characters_are_removed_and_line_breaks_kept(app, browser, citizen):
    data = INDIVIDUAL | {"name": "筑波\u200b 花子\u202e\x07", "activities": "子ども食堂\u200b\n\t毎月\x1b"}
    assert browser.submit("/members/apply/individual", data).status_code == 302
    [partner] = stored_partners(app)
    assert partner.name == "筑波 花子"
    assert partner.activities == "子ども食堂\n毎月"


def test_signup_refuses_a_name_of_only_spaces(app, client, browser):
    response = browser.submit("/accounts/signup", {
        "name": " \u3000\u200b ", "email": "new@example.jp", "password": "a-long-enough-pass-phrase",
        "password_confirm": "a-long-enough-pass-phrase", "consent": "y",
    }, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert REQUIRED in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "new@example.jp")) is None


def test_the_website_is_held_to_its_column_length_by_the_form(app, browser, citizen):
    base = "https://midori.example.jp/"
    too_long = GROUP | {"website": base + "a" * (301 - len(base))}
    response = browser.submit("/members/apply/group", too_long)
    assert "Field cannot be longer than 300 characters." in response.get_data(as_text=True)
    assert stored_partners(app) == []
    fits = GROUP | {"website": base + "a" * (300 - len(base))}
    assert browser.submit("/members/apply/group", fits).status_code == 302


def test_the_website_is_held_to_the_same_length_by_the_import(app, runner, tmp_path):
    base = "https://midori.example.jp/"
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_file(row(HANAKO, website=base + "a" * (301 - len(base)))))
    result = runner.invoke(args=["partners", "import", str(path)])
    assert result.exit_code != 0 and "line 2: URL:" in result.output and "300" in result.output
    path.write_bytes(csv_file(row(HANAKO, website=base + "a" * (300 - len(base)))))
    assert runner.invoke(args=["partners", "import", str(path)]).exit_code == 0


def test_the_import_removes_invisible_characters_and_requires_what_is_left(app, runner, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_file(row(HANAKO, name="\u200b\u200b")))
    result = runner.invoke(args=["partners", "import", str(path)])
    assert result.exit_code != 0 and "line 2: 氏名・団体名:" in result.output


def test_a_rejected_application_is_read_only_to_its_owner(app, browser, citizen):
    partner = gen_partner(app, kind="group", status="rejected", owner=citizen, name="団体A", name_kana="ダンタイエー")
    assert browser.client.get(f"/members/{partner.id}/edit").status_code == 403
    response = browser.submit("/members/mine", GROUP | {"name": "書き換え"}, action=f"/members/{partner.id}/edit")
    assert response.status_code == 403
    assert browser.submit("/members/mine", {"email": "friend@example.jp", "role": "editor"},
                          action=f"/members/{partner.id}/contacts/invite").status_code == 403
    assert f"/members/{partner.id}/edit" not in browser.client.get("/members/mine").get_data(as_text=True)
    assert stored_partners(app)[0].name == "団体A"


def test_staff_may_still_open_a_rejected_application(app, browser):
    owner = gen_user(app, email="owner@example.jp")
    partner = gen_partner(app, kind="group", status="rejected", owner=owner, name="団体A", name_kana="ダンタイエー")
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    assert browser.client.get(f"/members/{partner.id}/edit").status_code == 200
    assert stored_partners(app)[0].status == PartnerStatus.REJECTED


LONGEST = {"name": "森", "name_kana": "モ", "representative": "森", "address": "町"}


@pytest.mark.parametrize("field", sorted(LONGEST))
def test_each_text_field_of_the_form_holds_exactly_what_its_column_holds(app, browser, citizen, field):
    """One definition: the form's limit is the column's, so the form neither refuses what fits nor lets through
    what the database (PostgreSQL) would refuse with a 500."""
    length = Partner.__table__.c[field].type.length
    response = browser.submit("/members/apply/group", GROUP | {field: LONGEST[field] * (length + 1)})
    assert f"Field cannot be longer than {length} characters." in response.get_data(as_text=True)
    assert stored_partners(app) == []
    assert browser.submit("/members/apply/group", GROUP | {field: LONGEST[field] * length}).status_code == 302
    assert len(getattr(stored_partners(app)[0], field)) == length

"""Importing partners from CSV: through `flask partners import` and the staff upload page alike."""

import csv
import html
import io
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from partners.accounts.models import Role, User
from partners.audit.models import AuditEntry
from partners.extensions import db
from partners.members.csv_io import export_csv
from partners.members.models import MemberNumberCounter, Partner, PartnerKind, PartnerStatusChange
from partners.members.search import matching_partner_ids
from tests.conftest import Browser
from tests.factories import gen_partner, gen_user

PAGE = "/staff/partners/import"
HEADER = ["区分", "会員番号", "氏名・団体名", "フリガナ", "メールアドレス", "地区", "関心のあるゴール", "団体種別",
          "活動内容", "できること", "求めること", "URL", "公開", "入会日", "状態"]
# Line 2 and 3 of the file: the activities cell holds a line break.
HANAKO = ["個人", "", "筑波　花子", "つくば はなこ", "Hana@Example.JP", "Tsukuba", "11、13", "",
          "子ども食堂\n週末の見守り", "", "", "", "公開", "2024/4/1", ""]
ECOPLUS = ["団体", "G-00007", "ｴｺﾌﾟﾗｽ株式会社", "エコプラス", "info@ecoplus.example.jp", "桜", "7;12 13", "企業",
           "", "太陽光パネルの貸出", "", "https://ecoplus.example.jp", "会員のみ", "2023-10-01", "active"]


def csv_file(*rows: list[str], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode(encoding)


def row(base: list[str], **changes: str) -> list[str]:
    """A copy of `base` with some cells changed, by English column name."""
    keys = ["kind", "member_no", "name", "name_kana", "email", "area", "goals", "group_type", "activities",
            "offers", "needs", "website", "visibility", "joined_on", "status"]
    cells = list(base)
    for key, value in changes.items():
        cells[keys.index(key)] = value
    return cells


@dataclass
class Outcome:
    ok: bool
    text: str
    japanese: bool = False  # the staff page in Japanese: 「3行目: 地区: …」; the command keeps `line 3: 地区: …`

    def line(self, number: int) -> str:
        return f"{number}行目" if self.japanese else f"line {number}"


def staff_browser(app, locale: str = "ja") -> Browser:
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,), locale=locale)
    browser = Browser(app.test_client())
    browser.login("staff@example.jp")
    return browser


def upload(browser: Browser, content: bytes, dry_run: bool = False):
    data = {"file": (io.BytesIO(content), "partners.csv")} | ({"dry_run": "y"} if dry_run else {})
    return browser.submit(PAGE, data, content_type="multipart/form-data", follow_redirects=True)


@pytest.fixture(params=["cli", "http"])
def run_import(request, app, tmp_path):
    """Import a file through the command line or the staff page; both must behave the same."""
    if request.param == "cli":
        runner = app.test_cli_runner()

        def run(content: bytes, dry_run: bool = False) -> Outcome:
            path = tmp_path / "partners.csv"
            path.write_bytes(content)
            result = runner.invoke(args=["partners", "import", str(path), *(["--dry-run"] if dry_run else [])])
            return Outcome(result.exit_code == 0, result.output)
    else:
        browser = staff_browser(app)

        def run(content: bytes, dry_run: bool = False) -> Outcome:
            response = upload(browser, content, dry_run)
            page = html.unescape(response.get_data(as_text=True))
            return Outcome(response.status_code == 200 and "import-errors" not in page, page, japanese=True)

    return run


def partners(app) -> list[Partner]:
    with app.app_context():
        found = db.session.scalars(select(Partner).order_by(Partner.id)).all()
        for partner in found:
            _ = partner.goals, partner.status_changes
        db.session.expunge_all()
        return found


def exported(app) -> str:
    with app.app_context():
        text = "".join(export_csv(None))
        db.session.rollback()
        return text


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_clean_file_creates_partners_normalised(app, run_import):
    outcome = run_import(csv_file(HANAKO, ECOPLUS))
    assert outcome.ok, outcome.text
    hanako, ecoplus = partners(app)
    assert (hanako.kind, hanako.status, hanako.name, hanako.name_kana) == ("individual", "active", "筑波 花子",
                                                                             "ツクバ ハナコ")
    assert (hanako.email, hanako.area, hanako.goals) == ("hana@example.jp", "筑波", [11, 13])
    assert hanako.activities == "子ども食堂\n週末の見守り"
    assert hanako.joined_on == date(2024, 4, 1)
    assert hanako.certified_at.isoformat() == "2024-03-31T15:00:00+00:00"  # midnight in Tokyo
    assert hanako.member_no == "I-00001"
    assert (ecoplus.name, ecoplus.group_type, ecoplus.goals, ecoplus.member_no) == ("エコプラス株式会社", "企業",
                                                                                 [7, 12, 13], "G-00007")
    assert {ecoplus.visibility(section) for section in ("listing", "activities", "offers_needs", "contact")} == {
        "partners"}
    assert [(change.from_status, change.to_status, change.reason) for change in ecoplus.status_changes] == [
        (None, "active", "CSV import")]
    with app.app_context():
        assert db.session.get(MemberNumberCounter, PartnerKind.GROUP).last_value == 7
        assert db.session.scalars(matching_partner_ids("つくば")).all() == [hanako.id]
        assert db.session.scalars(matching_partner_ids("太陽光")).all() == [ecoplus.id]


def test_a_bad_file_imports_nothing_and_names_each_line(app, run_import):
    content = csv_file(HANAKO, ECOPLUS, row(HANAKO, email="ume@example.jp", area="大阪"),
                       row(ECOPLUS, member_no="", email="", goals="7;18", group_type=""))
    outcome = run_import(content)
    assert not outcome.ok
    assert f"{outcome.line(5)}: 地区: " in outcome.text and "大阪" in outcome.text
    assert f"{outcome.line(7)}: 関心のあるゴール: " in outcome.text and "18" in outcome.text  # line 5 holds two lines
    assert f"{outcome.line(7)}: 団体種別: " in outcome.text
    assert f"{outcome.line(2)}:" not in outcome.text and f"{outcome.line(4)}:" not in outcome.text
    assert partners(app) == []
    assert count(app, AuditEntry) == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_utf8_with_or_without_bom_and_cp932_files_import(app, run_import, encoding):
    outcome = run_import(csv_file(HANAKO, ECOPLUS, encoding=encoding))
    assert outcome.ok, outcome.text
    assert [partner.name for partner in partners(app)] == ["筑波 花子", "エコプラス株式会社"]


def test_importing_the_same_file_twice_gives_the_same_database(app, run_import):
    content = csv_file(HANAKO, ECOPLUS, row(ECOPLUS, member_no="", email="kids@example.jp", name="こども未来の会",
                                            name_kana="コドモミライノカイ", group_type="NPO・市民団体", status="申請中",
                                            joined_on=""),
                       row(HANAKO, email="gone@example.jp", member_no="I-00090", status="withdrawn"))
    assert run_import(content).ok
    first = exported(app), count(app, Partner), count(app, PartnerStatusChange)
    outcome = run_import(content)
    assert outcome.ok, outcome.text
    assert (exported(app), count(app, Partner), count(app, PartnerStatusChange)) == first


def test_a_dry_run_checks_everything_and_changes_nothing(app, run_import):
    assert run_import(csv_file(HANAKO, ECOPLUS), dry_run=True).ok
    assert partners(app) == []
    bad = run_import(csv_file(HANAKO, row(ECOPLUS, area="大阪")), dry_run=True)
    assert not bad.ok
    assert f"{bad.line(4)}: 地区: " in bad.text
    assert partners(app) == [] and count(app, AuditEntry) == 0


def test_an_unknown_column_is_an_error(app, run_import):
    outcome = run_import(csv_file(HANAKO + ["x"], header=[*HEADER, "備考"]))
    assert not outcome.ok
    assert f"{outcome.line(1)}: 備考: " in outcome.text
    assert partners(app) == []


def test_the_command_says_how_many_were_created_and_updated(app, runner, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_file(HANAKO, ECOPLUS))
    assert "1 individual(s) and 1 group(s) created, 0 partner(s) updated" in runner.invoke(
        args=["partners", "import", str(path)]).output
    path.write_bytes(csv_file(row(HANAKO, member_no="I-00001", offers="調理"), row(ECOPLUS, needs="会場"),
                              row(HANAKO, email="ume@example.jp")))
    result = runner.invoke(args=["partners", "import", str(path)])
    assert "1 individual(s) and 0 group(s) created, 2 partner(s) updated" in result.output
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(entry.action, entry.actor_id, entry.detail) for entry in entries] == [
            ("partner.import", None, "created=2 updated=0"), ("partner.import", None, "created=1 updated=2")]


def test_every_problem_in_a_row_is_named_in_the_users_language(app):
    browser = staff_browser(app, locale="en")
    header = ["kind", "member_no", "name", "name_kana", "email", "area", "goals", "group_type", "website",
              "joined_on", "status", "visibility"]
    group = ["group", "G-00001", "Eco", "エコ", "eco@example.jp", "Sakura", "7", "Company", "", "", "", ""]
    rows = [
        group,
        ["individual", "G-00001", "", "Hanako", "not-an-address", "大阪", "", "企業", "ftp://x", "2024-02-30",
         "gone", "everyone"],
        ["group", "", "Eco 2", "エコ", "eco@example.jp", "Sakura", "7", "Company", "", "", "applied", ""],
        ["group", "", "Eco 3", "エコ", "eco3@example.jp", "Sakura", "7", "Company", "", "2024-01-01", "applied", ""],
        ["group", "x"],
    ]
    response = upload(browser, csv_file(*rows, header=header))
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    for message in [
        "Line 3: member_no: Member number G-00001 is already on line 2.",
        "Line 3: name_kana: Enter the reading in katakana (or hiragana).",
        "Line 3: email: Enter a valid e-mail address.",
        "Line 3: area: “大阪” is not in the list of areas.",
        "Line 3: website: Enter a full web address (https://…).",
        "Line 3: joined_on: “2024-02-30” is not a date (YYYY-MM-DD or YYYY/MM/DD).",
        "Line 3: status: “gone” is not one of: ",
        "Line 3: visibility: “everyone” is not one of: 公開 (public) / 会員のみ (partners) / 非公開 (private).",
        "Line 4: email: E-mail address eco@example.jp is already on line 2.",
        "Line 5: joined_on: Only members (active, suspended or withdrawn) have a join date.",
        "Line 6: This line has 2 cells; the first line has 12.",
    ]:
        assert message in page
    assert partners(app) == []


def test_numbers_kinds_and_group_types_are_checked_against_the_database(app, tmp_path, runner):
    gen_partner(app, kind="group", email="eco@example.jp")  # gets G-00001
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_file(row(HANAKO, member_no="G-00001"), row(HANAKO, email="x@example.jp", group_type="企業"),
                              row(ECOPLUS, member_no="", email="new@example.jp", group_type="")))
    result = runner.invoke(args=["partners", "import", str(path)])
    assert result.exit_code != 0
    lines = result.output.splitlines()
    assert [line.split(":")[:2] for line in lines[:3]] == [
        ["line 2", " 会員番号"], ["line 4", " 団体種別"], ["line 6", " 団体種別"]]


def test_an_update_goes_through_the_lifecycle(app, run_import):
    active = gen_partner(app, email="hana@example.jp", visibility={"contact": "private"}, offers="古着の回収")
    gen_partner(app, name="梅 太郎", name_kana="ウメ タロウ", email="ume@example.jp", status="active")
    header = ["kind", "email", "status", "visibility", "activities"]
    outcome = run_import(csv_file(["個人", "hana@example.jp", "休止", "公開", "読み聞かせ"],
                                  ["個人", "ume@example.jp", "退会", "", ""], header=header))
    assert outcome.ok, outcome.text
    hana, ume = partners(app)
    assert (hana.id, hana.status, hana.activities, hana.offers) == (active.id, "suspended", "読み聞かせ", "古着の回収")
    assert hana.visibility("contact") == "private"  # unchanged listing value: the partner's own choices stay
    assert [change.to_status for change in hana.status_changes][-1] == "suspended"
    assert (ume.status, ume.name, ume.email) == ("withdrawn", "", None)
    assert ume.member_no is not None  # kept: it names no one now, and a later import recognises the record

    again = run_import(csv_file(["個人", "hana@example.jp", "申請中", "非公開", ""], header=header))
    assert not again.ok
    assert f"{again.line(2)}: status: " in again.text
    assert partners(app)[0].status == "suspended"


def test_rows_imported_as_suspended_or_withdrawn_keep_a_history_and_no_personal_data(app, runner, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_file(row(HANAKO, email="a@example.jp", status="休止"),
                              row(HANAKO, email="b@example.jp", member_no="I-00040", status="withdrawn")))
    assert runner.invoke(args=["partners", "import", str(path)]).exit_code == 0
    suspended, withdrawn = partners(app)
    assert [(c.from_status, c.to_status) for c in suspended.status_changes] == [(None, "active"), ("active",
                                                                                                   "suspended")]
    assert suspended.status_changes[0].at == suspended.certified_at
    assert suspended.member_no == "I-00041"  # numbers given in the file are never issued again
    assert [(c.from_status, c.to_status) for c in withdrawn.status_changes] == [(None, "active"), ("active",
                                                                                                   "withdrawn")]
    assert (withdrawn.name, withdrawn.name_kana, withdrawn.email, withdrawn.member_no, withdrawn.activities) == (
        "", "", None, "I-00040", "")
    assert withdrawn.anonymised_at is not None and withdrawn.goals == [11, 13]


def test_files_that_are_not_csv_text_are_refused_with_a_clear_message(app):
    browser = staff_browser(app, locale="en")
    response = upload(browser, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert response.status_code == 400
    assert "NUL bytes" in response.get_data(as_text=True)
    response = upload(browser, "区分\n個人".encode() + b"\xff\xfe\x80")
    assert "neither UTF-8 nor Shift_JIS" in response.get_data(as_text=True)
    assert partners(app) == []


def test_the_upload_shows_a_summary(app):
    browser = staff_browser(app, locale="en")
    page = upload(browser, csv_file(HANAKO, ECOPLUS)).get_data(as_text=True)
    assert "Imported: 1 new individual(s), 1 new group(s), 0 partner(s) updated." in page
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.detail) == ("partner.import", "created=2 updated=0")
        assert db.session.get(User, entry.actor_id).email == "staff@example.jp"


def test_the_upload_page_is_for_staff_only(app, client):
    assert client.get(PAGE).status_code == 302
    assert "/accounts/login" in client.get(PAGE).headers["Location"]
    gen_user(app, email="citizen@example.jp")
    browser = Browser(client)
    browser.login("citizen@example.jp")
    assert client.get(PAGE).status_code == 403
    response = browser.submit("/accounts/settings", {"file": (io.BytesIO(csv_file(HANAKO)), "p.csv")}, action=PAGE)
    assert response.status_code == 403
    assert partners(app) == []


def test_admins_may_import(app):
    gen_user(app, email="admin@example.jp", roles=(Role.ADMIN,))
    browser = Browser(app.test_client())
    browser.login("admin@example.jp")
    assert browser.client.get(PAGE).status_code == 200


def test_the_upload_form_needs_its_csrf_token(app):
    browser = staff_browser(app)
    response = browser.client.post(PAGE, data={"file": (io.BytesIO(csv_file(HANAKO)), "p.csv")},
                                   content_type="multipart/form-data")
    assert response.status_code == 400
    assert partners(app) == []


def test_the_staff_page_names_each_problem_in_japanese(app):
    browser = staff_browser(app)
    page = html.unescape(upload(browser, csv_file(HANAKO, row(ECOPLUS, email="not-an-address"))).get_data(
        as_text=True))
    assert "4行目: メールアドレス: 正しいメールアドレスを入力してください。" in page
    assert "line 4" not in page


def test_a_dry_run_of_an_unchanged_file_says_nothing_would_change(app, runner, tmp_path):
    browser = staff_browser(app)
    upload(browser, csv_file(HANAKO, ECOPLUS))
    unchanged = exported(app).encode("utf-8")
    page = html.unescape(upload(browser, unchanged, dry_run=True).get_data(as_text=True))
    assert "保存されている内容と同じです。取り込んでも何も変わりません。" in page
    path = tmp_path / "partners.csv"
    path.write_bytes(unchanged)
    assert "would change nothing" in runner.invoke(args=["partners", "import", str(path), "--dry-run"]).output

    changed = exported(app).replace("子ども食堂", "こども食堂").encode("utf-8")
    page = html.unescape(upload(browser, changed, dry_run=True).get_data(as_text=True))
    assert "個人0件・団体0件を追加し、1件を更新します" in page
    assert "何も変わりません" not in page

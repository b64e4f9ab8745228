"""Exporting partners as CSV: `flask partners export` and the staff download write what the import reads."""

import csv
import io

from sqlalchemy import select

from partners.accounts.models import Role
from partners.audit.models import AuditEntry
from partners.extensions import db
from partners.members import csv_io
from partners.members.models import Partner
from tests.conftest import Browser, empty_all_tables
from tests.factories import gen_partner, gen_user

DOWNLOAD = "/staff/partners/export.csv"
BOM = "\ufeff".encode()


def some_partners(app) -> None:
    """One of each kind and status, with text that needs quoting, line breaks and a would-be Excel formula."""
    gen_partner(app, email="hana@example.jp", activities='子ども食堂, "みんなの台所"\n毎週土曜',
                offers="=HYPERLINK(\"x\")", website="https://hana.example.jp")
    gen_partner(app, kind="group", name="エコプラス", name_kana="エコプラス", email="eco@example.jp",
                group_type="NPO・市民団体", area="桜", goals=(7,), visibility={"listing": "partners"})
    gen_partner(app, name="梅 太郎", name_kana="ウメ タロウ", email="ume@example.jp", status="applied")
    gen_partner(app, name="松 次郎", name_kana="マツ ジロウ", email="matsu@example.jp", status="suspended")
    gen_partner(app, name="竹 三郎", name_kana="タケ サブロウ", email="take@example.jp", status="withdrawn")


def cli_export(runner) -> bytes:
    result = runner.invoke(args=["partners", "export"])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def rows_of(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def staff_browser(app) -> Browser:
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser = Browser(app.test_client())
    browser.login("staff@example.jp")
    return browser


def test_the_export_writes_japanese_headers_and_values(app, runner):
    some_partners(app)
    header, hana, matsu, take, ume, eco = rows_of(cli_export(runner))
    assert header == ["区分", "会員番号", "氏名・団体名", "フリガナ", "メールアドレス", "地区", "関心のあるゴール",
                      "団体種別", "活動内容", "できること", "求めること", "URL", "公開", "入会日", "状態"]
    assert hana[:7] == ["個人", "I-00001", "筑波 花子", "ツクバ ハナコ", "hana@example.jp", "筑波", "11;13"]
    assert hana[8:13] == ['子ども食堂, "みんなの台所"\n毎週土曜', "'=HYPERLINK(\"x\")", "", "https://hana.example.jp",
                          "公開"]
    assert hana[14] == "有効"
    assert (ume[1], ume[13], ume[14]) == ("", "", "申請中")  # an applicant: no number, so after the numbered
    assert (matsu[1], matsu[14]) == ("I-00002", "休止")
    assert (take[:5], take[14]) == (["個人", "I-00003", "", "", ""], "退会")  # anonymised; the number names no one
    assert (eco[0], eco[7], eco[12]) == ("団体", "NPO・市民団体", "会員のみ")  # groups after individuals, by number


def test_export_to_a_file_writes_the_same_bytes(app, runner, tmp_path):
    some_partners(app)
    path = tmp_path / "partners.csv"
    assert runner.invoke(args=["partners", "export", "--output", str(path)]).exit_code == 0
    assert path.read_bytes() == cli_export(runner)


def test_export_then_import_into_an_empty_database_round_trips(app, runner, tmp_path):
    some_partners(app)
    first = cli_export(runner)
    with app.app_context():
        empty_all_tables()
    path = tmp_path / "partners.csv"
    path.write_bytes(first)
    result = runner.invoke(args=["partners", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert cli_export(runner) == first
    with app.app_context():
        assert db.session.scalars(select(Partner.name).order_by(Partner.id)).all() == [
            "筑波 花子", "松 次郎", "", "梅 太郎", "エコプラス"]


def test_the_staff_download_round_trips_through_the_upload(app):
    some_partners(app)
    response = staff_browser(app).client.get(DOWNLOAD)
    assert response.status_code == 200
    first = response.get_data()
    with app.app_context():
        empty_all_tables()
    browser = staff_browser(app)
    response = browser.submit("/staff/partners/import", {"file": (io.BytesIO(first), "partners.csv")},
                              content_type="multipart/form-data")
    assert response.status_code == 302
    assert browser.client.get(DOWNLOAD).get_data() == first


def test_the_download_is_a_streamed_csv_attachment_and_is_logged(app, monkeypatch):
    monkeypatch.setattr(csv_io, "EXPORT_CHUNK_CHARS", 100)
    some_partners(app)
    browser = staff_browser(app)
    response = browser.client.get(DOWNLOAD)
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(".csv")
    pieces = list(response.response)
    assert len(pieces) > 2
    assert len(rows_of(b"".join(pieces))) == 6
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "partner.export")).one()
        assert entry.actor_id is not None


def test_the_download_is_for_staff_only(app, client):
    response = client.get(DOWNLOAD)
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
    gen_user(app, email="citizen@example.jp")
    Browser(client).login("citizen@example.jp")
    assert client.get(DOWNLOAD).status_code == 403

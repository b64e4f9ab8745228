"""`flask activities import FILE [--dry-run]` and the staff page: the partners import's rules — UTF-8 or CP932,
Japanese or English headers, every error as `line N: column: message`, all or nothing, and idempotent."""

import io
from datetime import date, timedelta

from sqlalchemy import func, select

from partners.accounts.models import Role
from partners.activities.models import ActivityReport
from partners.extensions import db
from tests.factories import gen_partner, gen_user

HEADER_JA = "会員番号,日付,タイトル,種別,ゴール,人数,内容"


def write(tmp_path, text: str, encoding: str = "utf-8-sig"):
    path = tmp_path / "reports.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def reports(app) -> list[tuple]:
    with app.app_context():
        return [(r.partner_id, r.activity_date.isoformat(), r.title, r.kind, r.goals, r.participants, r.description,
                 r.source)
                for r in db.session.scalars(select(ActivityReport).order_by(ActivityReport.id))]


def members(app):
    return gen_partner(app), gen_partner(app, kind="group", name="フードバンクつくば", name_kana="フードバンクツクバ")


def test_import_in_cp932_with_japanese_headers_and_kinds_then_again_changes_nothing(app, runner, tmp_path):
    person, group = members(app)
    text = (f"{HEADER_JA}\r\n"
            f"{person.member_no},2024/05/03,筑波山の清掃登山,ボランティア,11;15,12,ごみ袋10袋分を回収\r\n"
            f"{group.member_no},2024-06-01,フードドライブ,自主事業,\"2,12\",,\r\n"
            f"{group.member_no},2024-07-07,七夕まつりへの出展,event,,,\r\n")
    path = write(tmp_path, text, "cp932")

    dry = runner.invoke(args=["activities", "import", path, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "3 report(s) created, 0 updated if imported" in dry.output
    assert reports(app) == []

    result = runner.invoke(args=["activities", "import", path])
    assert result.exit_code == 0, result.output
    assert "Imported: 3 report(s) created, 0 updated." in result.output
    assert reports(app) == [
        (person.id, "2024-05-03", "筑波山の清掃登山", "volunteer", [11, 15], 12, "ごみ袋10袋分を回収", "import"),
        (group.id, "2024-06-01", "フードドライブ", "project", [2, 12], None, "", "import"),
        (group.id, "2024-07-07", "七夕まつりへの出展", "event", [], None, "", "import"),
    ]

    again = runner.invoke(args=["activities", "import", path, "--dry-run"])
    assert "would change nothing" in again.output
    runner.invoke(args=["activities", "import", path])
    assert len(reports(app)) == 3

    changed = write(tmp_path, f"member_no,date,title,kind,participants\n{person.member_no},2024-05-03,"
                              "筑波山の清掃登山,volunteer,20\n")
    result = runner.invoke(args=["activities", "import", changed])
    assert "0 report(s) created, 1 updated" in result.output
    assert reports(app)[0][4:6] == ([11, 15], 20)  # goals left out of the file stay as they were


def test_every_error_names_its_line_and_column_and_nothing_is_imported(app, runner, tmp_path):
    person, _group = members(app)
    withdrawn = gen_partner(app, status="withdrawn")
    text = (f"{HEADER_JA}\n"
            f"{person.member_no},2024-05-03,清掃活動,ボランティア,,,\n"
            f"I-09999,2024-05-03,清掃活動,ボランティア,,,\n"
            f"{person.member_no},2024-13-01,清掃活動,ボランティア,,,\n"
            f"{person.member_no},{date.today() + timedelta(days=30)},清掃活動,ボランティア,,,\n"
            f"{person.member_no},2024-05-04,清掃活動,パーティー,,,\n"
            f"{person.member_no},2024-05-05,,ボランティア,18,0,\n"
            f"{person.member_no},2024-05-03,清掃活動,連携,,,\n"
            f"{withdrawn.member_no},2024-05-03,清掃活動,連携,,,\n")
    result = runner.invoke(args=["activities", "import", write(tmp_path, text)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "line 3: 会員番号: 会員番号 I-09999 のパートナーはいません。" in lines
    assert any(line.startswith("line 4: 日付: ") for line in lines)
    assert "line 5: 日付: 未来の日付は入力できません。" in lines
    assert any(line.startswith("line 6: 種別: 「パーティー」は") for line in lines)
    assert "line 7: タイトル: 必須です。" in lines
    assert any(line.startswith("line 7: ゴール: ") for line in lines)
    assert any(line.startswith("line 7: 人数: ") for line in lines)
    assert "line 8: 2行目と同じ取組報告です（会員番号・日付・タイトルが同じ）。" in lines
    assert "line 9: 会員番号: このパートナーは退会しているため、取組報告を追加できません。" in lines
    assert "nothing was imported" in lines[-1]
    assert reports(app) == []


def test_the_file_itself_must_name_the_required_columns(app, runner, tmp_path):
    result = runner.invoke(args=["activities", "import", write(tmp_path, "会員番号,日付,感想\nI-00001,2024-01-01,x\n")])
    assert result.exit_code == 1
    assert "line 1: 感想: 不明な列です。" in result.output
    assert "line 1: タイトル: この列は必須です。" in result.output
    assert "line 1: 種別: この列は必須です。" in result.output
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "NUL" in runner.invoke(args=["activities", "import", str(binary)]).output


def test_staff_import_page_shows_errors_in_japanese_and_imports_a_clean_file(app, browser):
    person, _group = members(app)
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    bad = f"{HEADER_JA}\nI-09999,2024-05-03,清掃活動,ボランティア,,,\n".encode()
    response = browser.submit("/staff/activities/import", {"file": (io.BytesIO(bad), "a.csv")},
                              content_type="multipart/form-data")
    assert response.status_code == 400
    assert "3行目" not in response.get_data(as_text=True)
    assert "2行目: 会員番号: 会員番号 I-09999 のパートナーはいません。" in response.get_data(as_text=True)
    good = f"{HEADER_JA}\n{person.member_no},2024-05-03,清掃活動,ボランティア,,,\n".encode()
    response = browser.submit("/staff/activities/import", {"file": (io.BytesIO(good), "a.csv")},
                              content_type="multipart/form-data", follow_redirects=True)
    assert "取り込みました：新しい取組報告 1件、更新 0件。" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ActivityReport.id))) == 1

"""DESIGN.md's Japanese text rules on the way in: free text keeps its Japanese punctuation and symbols (only
letters and digits change width, half-width kana become full-width), in the forms, staff reasons and the CSV
import alike; search still finds either spelling."""

import pytest
from sqlalchemy import select

from partners.accounts.models import Role
from partners.extensions import db
from partners.members.models import Partner, PartnerStatusChange
from partners.members.search import matching_partner_ids
from tests.factories import gen_partner, gen_user
from tests.members.test_apply import GROUP
from tests.members.test_csv_import import HANAKO, csv_file, row, staff_browser, upload

ACTIVITIES = "里山の保全「（ごみ分別・自然観察）」を毎月！～雨天中止～\n①集合 ②清掃【参加無料】"


def stored(app) -> Partner:
    """The first partner saved (a test may add others after it; without an order PostgreSQL may answer any)."""
    with app.app_context():
        partner = db.session.scalar(select(Partner).order_by(Partner.id).limit(1))
        db.session.expunge_all()
    return partner


def test_a_group_application_keeps_japanese_punctuation_as_typed(app, browser):
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    typed = GROUP | {"name": "ＮＰＯ法人　ｴｺﾈｯﾄ㈱（つくば）", "representative": "森　太郎（代表理事）",
                     "address": "茨城県つくば市研究学園一丁目１番地１　つくば市役所５階", "activities": ACTIVITIES}
    assert browser.submit("/members/apply/group", typed).status_code == 302
    partner = stored(app)
    assert partner.name == "NPO法人 エコネット㈱（つくば）"
    assert partner.representative == "森 太郎（代表理事）"
    assert partner.address == "茨城県つくば市研究学園一丁目1番地1 つくば市役所5階"
    assert partner.activities == ACTIVITIES
    assert partner.postal_code == "305-0031" and partner.email == "info@midori.example.jp"


def test_a_staff_reason_keeps_japanese_punctuation_as_typed(app, browser):
    applicant = gen_partner(app, kind="group", status="applied", name="森の学校")
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    reason = "「所在地」が未記入です（２か所）。ご確認ください！"
    browser.submit(f"/staff/partners/{applicant.id}", {"action": "request_changes", "reason": reason},
                   action=f"/staff/partners/{applicant.id}/status")
    with app.app_context():
        reasons = db.session.scalars(select(PartnerStatusChange.reason).order_by(PartnerStatusChange.id)).all()
    assert reasons[-1] == "「所在地」が未記入です（2か所）。ご確認ください！"


def test_the_csv_import_keeps_japanese_punctuation_as_typed(app):
    browser = staff_browser(app)
    cells = row(HANAKO, name="ﾂｸﾊﾞ　花子（はなこ）", activities="子ども食堂「みんなの台所」～毎週土曜～",
                member_no="Ｉ－０００１２", goals="１１、１３")
    assert "件のエラー" not in upload(browser, csv_file(cells)).get_data(as_text=True)
    partner = stored(app)
    assert partner.name == "ツクバ 花子（はなこ）"
    assert partner.activities == "子ども食堂「みんなの台所」～毎週土曜～"
    assert (partner.member_no, partner.goals) == ("I-00012", [11, 13])


@pytest.mark.parametrize(("written", "query"), [
    ("「（ごみ分別）」の講習", "(ごみ分別)"),
    ("「(ごみ分別)」の講習", "（ごみ分別）"),
    ("ＳＤＧｓ～未来へ～", "sdgs~未来"),
])
def test_search_finds_either_spelling_of_punctuation(app, written, query):
    """The text is stored as typed; the search index and the query are both folded (NFKC, kana, case)."""
    school = gen_partner(app, kind="group", name="森の学校", name_kana="モリノガッコウ", activities=written)
    gen_partner(app, kind="group", name="海の学校", name_kana="ウミノガッコウ", activities="海岸清掃")
    assert school.activities == written
    with app.app_context():
        assert db.session.scalars(matching_partner_ids(query)).all() == [school.id]


@pytest.mark.parametrize("query", ["(ごみ分別)", "（ごみ分別）", "ごみ分別"])
def test_the_staff_list_finds_text_kept_as_typed_by_either_spelling(app, browser, query):
    """The same, through the staff list: the activity typed on the form with Japanese brackets is found whether
    the clerk types full-width or half-width brackets."""
    gen_user(app, email="hana@example.jp")
    browser.login("hana@example.jp")
    browser.submit("/members/apply/group", GROUP | {"name": "森の学校", "activities": "「（ごみ分別）」の講習"})
    gen_partner(app, kind="group", name="海の学校", name_kana="ウミノガッコウ", activities="海岸清掃(ごみ拾い)")
    browser.logout()
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    html = browser.client.get("/staff/partners", query_string={"q": query}).get_data(as_text=True)
    assert ">森の学校</a>" in html and ">海の学校</a>" not in html
    assert stored(app).activities == "「（ごみ分別）」の講習"

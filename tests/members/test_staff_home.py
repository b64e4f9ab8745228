"""The staff home page: what waits for the city office, answered in a fixed number of queries."""

import io
from datetime import UTC, datetime

from partners.accounts.models import Role
from partners.extensions import db
from partners.members.models import Partner
from tests.conftest import count_queries
from tests.factories import gen_partner, gen_user
from tests.members.test_csv_import import HANAKO, csv_file


def staff_signed_in(app, browser, locale="ja"):
    gen_user(app, email="staff@example.jp", name="市職員 花子", roles=(Role.STAFF,), locale=locale)
    browser.login("staff@example.jp")


def applied_at(app, partner, moment: datetime) -> None:
    with app.app_context():
        db.session.get(Partner, partner.id).applied_at = moment
        db.session.commit()


def test_staff_home_counts_applications_and_gives_the_oldest_date_in_tokyo(app, browser):
    first = gen_partner(app, kind="group", status="applied", name="古い申込", name_kana="フルイ")
    gen_partner(app, status="applied", name="新しい申込", name_kana="アタラシイ")
    gen_partner(app, kind="group", status="changes_requested", name="差し戻し", name_kana="サシモドシ")
    gen_partner(app, name="有効", name_kana="ユウコウ")
    # 16:30 UTC on 31 March is 01:30 on 1 April in Tokyo.
    applied_at(app, first, datetime(2024, 3, 31, 16, 30, tzinfo=UTC))
    staff_signed_in(app, browser)
    html = browser.client.get("/staff/").get_data(as_text=True)
    review = html.split("審査待ちの申込")[1].split("</li>")[0]
    assert "<strong>2</strong>" in review
    assert "2024/04/01" in review
    changes = html.split("差し戻し中")[1].split("</li>")[0]
    assert "<strong>1</strong>" in changes
    assert "/staff/partners?status=applied&amp;sort=applied_oldest" in review


def test_staff_home_lists_recent_imports_and_links_to_the_import_page(app, browser):
    staff_signed_in(app, browser)
    assert "まだ取り込みはありません" in browser.client.get("/staff/").get_data(as_text=True)
    response = browser.submit("/staff/partners/import", {"file": (io.BytesIO(csv_file(HANAKO)), "partners.csv")},
                              content_type="multipart/form-data")
    assert response.status_code == 302
    html = browser.client.get("/staff/").get_data(as_text=True)
    imports = html.split("最近のCSV取り込み")[1]
    assert "市職員 花子" in imports and "追加 1件、更新 0件" in imports
    assert 'href="/staff/partners/import"' in imports


def test_staff_home_in_english(app, browser):
    gen_partner(app, status="applied")
    staff_signed_in(app, browser, locale="en")
    html = browser.client.get("/staff/").get_data(as_text=True)
    assert "Applications to review" in html and "Sent back for changes" in html and "Recent CSV imports" in html


def test_staff_home_needs_the_same_queries_whatever_is_waiting(app, browser):
    staff_signed_in(app, browser)
    empty = count_queries(app, browser.client, "/staff/")
    for index in range(6):
        gen_partner(app, kind="group", status="applied", name=f"団体{index}", name_kana=f"ダンタイ{index}")
        gen_partner(app, status="changes_requested", name=f"個人{index}", name_kana=f"コジン{index}")
    busy = count_queries(app, browser.client, "/staff/")
    # Signing in costs what every page costs; the page itself asks four questions, one query each.
    signed_in = count_queries(app, browser.client, "/members/mine")
    assert busy == empty
    assert busy <= signed_in + 4


def test_staff_home_is_for_staff_and_linked_in_their_menu(app, browser):
    gen_user(app, email="citizen@example.jp")
    browser.login("citizen@example.jp")
    assert browser.client.get("/staff/").status_code == 403
    assert 'href="/staff/"' not in browser.client.get("/members/mine").get_data(as_text=True)
    browser.logout()
    staff_signed_in(app, browser)
    assert 'href="/staff/"' in browser.client.get("/members/mine").get_data(as_text=True)

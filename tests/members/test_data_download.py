"""A partner downloads their own data as a readable CSV too (Excel: UTF-8 with a BOM, labels in the reader's
language, one row per item), under the same rules as the JSON."""

import csv
import io
import json

from tests.factories import gen_partner, gen_user


def rows_of(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_partner_downloads_own_data_as_csv_with_japanese_labels(app, browser):
    owner = gen_user(app, email="hana@example.jp", name="筑波 花子")
    partner = gen_partner(app, owner=owner, activities="=HYPERLINK(\"http://evil.example\")", goals=(11, 13))
    browser.login("hana@example.jp")
    response = browser.client.get(f"/members/{partner.id}/data.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f"attachment; filename=partner-{partner.id}.csv"
    rows = rows_of(response)
    assert rows[0] == ["項目", "内容"]
    items = dict(rows[1:])
    assert items["会員番号"] == "I-00001"
    assert items["区分"] == "個人" and items["状態"] == "有効"
    assert items["氏名"] == "筑波 花子" and items["フリガナ"] == "ツクバ ハナコ"
    assert items["関心のあるゴール"] == "11 住み続けられるまちづくりを\n13 気候変動に具体的な対策を"
    assert items["公開範囲：連絡先"] == "パートナーのみ"
    assert items["担当者"] == "筑波 花子 <hana@example.jp> (オーナー)"
    assert "'=HYPERLINK(\"http://evil.example\")" in items.values(), "a formula is written as text"
    history = [value for label, value in rows[1:] if label == "状態の履歴"]
    assert len(history) == 2 and history[1].endswith("申請中 → 有効: test")


def test_every_item_of_the_json_download_is_in_the_csv(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    partner = gen_partner(app, owner=owner)
    browser.login("hana@example.jp")
    data = json.loads(browser.client.get(f"/members/{partner.id}/data.json").get_data(as_text=True))
    rows = rows_of(browser.client.get(f"/members/{partner.id}/data.csv"))[1:]
    expected = (len(data) - 3) + len(data["visibility"]) + len(data["contacts"]) + len(data["status_history"])
    assert len(rows) == expected


def test_csv_labels_follow_the_readers_language(app, browser):
    owner = gen_user(app, email="hana@example.jp", locale="en")
    partner = gen_partner(app, owner=owner)
    browser.login("hana@example.jp")
    rows = rows_of(browser.client.get(f"/members/{partner.id}/data.csv"))
    assert rows[0] == ["Item", "Value"]
    assert ["Member number", "I-00001"] in rows and ["Status", "active"] in rows


def test_only_the_partners_own_contacts_download_the_csv(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    partner = gen_partner(app, owner=owner)
    gen_user(app, email="other@example.jp")
    assert browser.client.get(f"/members/{partner.id}/data.csv").status_code == 302
    browser.login("other@example.jp")
    assert browser.client.get(f"/members/{partner.id}/data.csv").status_code == 403
    assert browser.client.get("/members/999/data.csv").status_code == 404


def test_my_membership_links_both_downloads(app, browser):
    owner = gen_user(app, email="hana@example.jp")
    partner = gen_partner(app, owner=owner)
    browser.login("hana@example.jp")
    html = browser.client.get("/members/mine").get_data(as_text=True)
    assert f'href="/members/{partner.id}/data.csv"' in html and f'href="/members/{partner.id}/data.json"' in html

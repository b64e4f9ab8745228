"""The public KPI summary and the staff KPI pages: each indicator's chart is SVG drawn on the server, beside a
data table, with the latest actual and the achievement rate; staff enter figures with their source."""

import re
from datetime import date

from sqlalchemy import select

from partners.accounts.models import Role
from partners.extensions import db
from partners.kpi.models import IndicatorActual
from tests.factories import gen_user
from tests.kpi.factories import gen_member, gen_partners_indicator, gen_report


def test_the_public_summary_draws_the_chart_and_its_table_from_this_site_only(app, client):
    gen_partners_indicator(app)
    gen_partners_indicator(app, code="internal", position=2, is_public=False)
    taking_part = gen_member(app, date(2019, 1, 1))
    gen_report(app, taking_part, date(2022, 6, 1))
    gen_member(app, date(2019, 1, 1))
    response = client.get("/kpi/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<svg") == 1 and 'role="img"' in html  # the private indicator is not shown
    assert '<table class="card-table kpi-table" aria-labelledby="chart-' in html
    assert "393 %" in html  # the 2023-12 figure as reported, in the table
    assert "令和5年度 報告シート" in html and "データから算出" in html  # where each figure comes from
    assert "50.0" in html  # 2022 computed from the data: 1 of 2 active partners
    # What the page loads (a canonical link names the page's own address; nothing is loaded from it)
    loaded = re.findall(r'src="([^"]+)"', html) + re.findall(r'<link(?! rel="canonical")[^>]* href="([^"]+)"', html)
    assert all(address.startswith(("/", "data:")) for address in loaded), loaded
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "href" not in svg and "<image" not in svg and "<script" not in svg


def test_the_public_summary_in_english(app, client):
    gen_partners_indicator(app)
    html = client.get("/kpi/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Share of partners taking part" in html and "Achievement rate" in html and "Baseline" in html


def test_staff_enter_a_figure_with_its_source_and_it_stands_for_that_day(app, client, browser):
    indicator_id = gen_partners_indicator(app, reported=None)
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    page = f"/staff/kpi/{indicator_id}"
    refused = browser.submit(page, {"actual-as_of": "2024-12-31", "actual-value": "abc", "actual-source_note": ""})
    assert refused.status_code == 400
    saved = browser.submit(page, {"actual-as_of": "2024-12-31", "actual-value": "52.35",
                                  "actual-source_note": "令和6年度 アンケート集計"}, follow_redirects=True)
    html = saved.get_data(as_text=True)
    assert "数値を保存しました" in html and "令和6年度 アンケート集計" in html
    with app.app_context():
        actual = db.session.scalar(select(IndicatorActual))
        assert (actual.as_of, str(actual.value)) == (date(2024, 12, 31), "52.4")
    # (52.4 − 38.1) ÷ 5.8 × 100 = 246.55… → 247
    assert "247 %" in client.get("/staff/kpi/").get_data(as_text=True)

    browser.submit(page, {"actual_id": str(actual.id)}, action=f"/staff/kpi/{indicator_id}/actuals/remove")
    with app.app_context():
        assert db.session.scalar(select(IndicatorActual)) is None

    browser.submit(page, {"note-next_plan_note": "取組報告の呼びかけを強化する。"},
                   action=f"/staff/kpi/{indicator_id}/note")
    assert "取組報告の呼びかけを強化する。" in client.get(page).get_data(as_text=True)


def test_the_staff_kpi_pages_need_the_staff_role(app, client, browser):
    indicator_id = gen_partners_indicator(app)
    gen_user(app, email="citizen@example.jp")
    browser.login("citizen@example.jp")
    for path in ("/staff/kpi/", f"/staff/kpi/{indicator_id}", "/staff/activities/", "/staff/surveys/"):
        assert client.get(path).status_code == 403, path
    assert client.get("/kpi/").status_code == 200

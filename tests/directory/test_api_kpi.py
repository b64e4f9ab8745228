"""/api/v1/kpi: the public indicators with the figures of the public KPI page — series (entered or computed
from the data), baseline, target, achievement rates by the sheet's rule — and nothing of an indicator that is
not public, nor the staff's note."""

from datetime import date
from decimal import Decimal

from partners.extensions import db
from partners.kpi.models import IndicatorActual
from tests.conftest import count_queries
from tests.kpi.factories import gen_member, gen_partners_indicator, gen_report

STAFF_NOTE = "目標値を引き上げる。"


def test_public_indicators_carry_the_kpi_pages_figures(app, client):
    gen_partners_indicator(app)
    taking_part = gen_member(app, date(2019, 1, 1))
    gen_report(app, taking_part, date(2022, 6, 1))
    gen_member(app, date(2019, 1, 1))
    [indicator] = client.get("/api/v1/kpi").get_json()["indicators"]
    assert indicator["code"] == "partners_participation" and indicator["unit_ja"] == "%"
    assert indicator["name_ja"] == "パートナーがSDGsの取組に参加している割合"
    assert indicator["name_en"] == "Share of partners taking part"
    assert indicator["baseline"] == {"as_of": "2019-12-31", "value": 38.1}
    assert indicator["target"] == {"as_of": "2024-12-31", "value": 43.9}
    by_day = {point["as_of"]: point for point in indicator["series"]}
    assert by_day["2023-12-31"] == {"as_of": "2023-12-31", "value": 60.9, "achievement_rate": 393,
                                    "computed": False, "source": "令和5年度 報告シート"}
    # 1 of the 2 active partners took part in 2022: 50.0 %, (50.0 − 38.1) ÷ 5.8 × 100 = 205.17… → 205
    assert by_day["2022-12-31"] == {"as_of": "2022-12-31", "value": 50.0, "achievement_rate": 205,
                                    "computed": True, "source": None}
    assert list(by_day) == sorted(by_day) and indicator["latest"] == indicator["series"][-1]
    assert indicator["achievement_rate"] == indicator["latest"]["achievement_rate"]
    page = client.get("/kpi/").get_data(as_text=True)
    for point in indicator["series"]:
        assert f"{point['value']:,.1f}" in page and f"{point['achievement_rate']} %" in page


def test_an_indicator_that_is_not_public_and_the_staff_note_never_appear(app, client):
    gen_partners_indicator(app, computed=None)
    hidden = gen_partners_indicator(app, code="internal_only", position=2, is_public=False, computed=None)
    with app.app_context():
        db.session.add(IndicatorActual(indicator_id=hidden, as_of=date(2022, 12, 31), value=Decimal("77.7"),
                                       source_note="内部集計"))
        db.session.commit()
    response = client.get("/api/v1/kpi")
    assert [indicator["code"] for indicator in response.get_json()["indicators"]] == ["partners_participation"]
    text = response.get_data(as_text=True)
    for secret in ("internal_only", "77.7", "内部集計", STAFF_NOTE, "next_plan", "entered_by"):
        assert secret not in text, secret


def test_no_indicator_yet_is_an_empty_list(client):
    assert client.get("/api/v1/kpi").get_json() == {"indicators": []}


def test_an_etag_answers_a_repeat_with_304_and_any_site_may_get_it(app, client):
    gen_partners_indicator(app, computed=None)
    first = client.get("/api/v1/kpi", headers={"Origin": "https://opendata.example.org"})
    assert first.headers["Access-Control-Allow-Origin"] == "*" and first.headers["ETag"]
    again = client.get("/api/v1/kpi", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_the_same_statements_whatever_the_number_of_indicators_and_figures(app, client):
    """Entered figures only: a computed indicator reads the data once per year-end, as the KPI page does."""
    gen_partners_indicator(app, computed=None)
    one = count_queries(app, client, "/api/v1/kpi")
    for n in range(2, 7):
        indicator_id = gen_partners_indicator(app, code=f"indicator_{n}", position=n, computed=None)
        with app.app_context():
            for year in (2020, 2021, 2022):
                db.session.add(IndicatorActual(indicator_id=indicator_id, as_of=date(year, 12, 31),
                                               value=Decimal(40 + n), source_note="報告シート"))
            db.session.commit()
    data = client.get("/api/v1/kpi").get_json()["indicators"]
    assert len(data) == 6 and len(data[-1]["series"]) == 4
    assert count_queries(app, client, "/api/v1/kpi") == one

"""The home page's blocks from the other features: the latest award winners (named only as the applicant agreed),
the latest public activity reports, the partners participation KPI with its target, and a person's own award
applications. Each shows from data, links to its full list and is left out when there is nothing."""


from tests.awards.factories import advance, gen_application, gen_round, gen_staff, screen_all
from tests.factories import gen_user
from tests.kpi.factories import gen_partners_indicator, gen_report
from tests.portal.factories import make_public, partner_id, publish_winners, today


def gen_published_round(app) -> dict:
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    named = gen_application(app, round_, title="多国籍子育てサロン", group_name="多文化ママの会")
    unnamed = gen_application(app, round_, title="匿名の森づくり", group_name="名前を出さない会",
                              publish_name=False)
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    advance(app, round_.id, staff, "judging")
    publish_winners(app, staff, round_.id, [(named.id, "大賞"), (unnamed.id, "優秀賞")])
    return {"round": round_, "staff": staff}


def test_the_latest_winners_are_shown_named_only_as_the_applicant_agreed(app, client):
    round_ = gen_published_round(app)["round"]

    html = client.get("/").get_data(as_text=True)

    assert ">アワード受賞者</h2>" in html and "つくばSDGsアワード2026" in html
    assert "大賞" in html and "多国籍子育てサロン" in html and "多文化ママの会" in html
    assert "優秀賞" in html and "匿名の森づくり" in html
    assert "名前を出さない会" not in html, "the applicant did not agree to show their name"
    assert f'href="/awards/{round_.id}"' in html


def test_no_winners_block_before_a_round_is_published(app, client):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    gen_application(app, round_, title="審査中の取組")
    html = client.get("/").get_data(as_text=True)
    assert "アワード受賞者" not in html and "審査中の取組" not in html


def test_the_latest_public_reports_are_shown_and_no_other(app, client):
    shown_id = partner_id(app, gen_user(app), name="里山の会", name_kana="サトヤマノカイ")
    hidden_id = partner_id(app, gen_user(app), name="非公開の会", name_kana="ヒコウカイノカイ",
                           visibility={"activities": "private"})
    public = gen_report(app, shown_id, today(app), title="里山の下草刈り")
    gen_report(app, shown_id, today(app), title="公開しない報告")
    make_public(app, public)
    make_public(app, gen_report(app, hidden_id, today(app), title="活動非公開の会の報告"))

    html = client.get("/").get_data(as_text=True)
    assert ">パートナーの最近の取組</h2>" in html and "里山の下草刈り" in html and "里山の会" in html
    assert "公開しない報告" not in html and "活動非公開の会の報告" not in html
    assert f'href="/activities/partners/{shown_id}#report-{public}"' in html and 'href="/activities/reports"' in html

    listing = client.get("/activities/reports").get_data(as_text=True)
    assert "里山の下草刈り" in listing and "公開しない報告" not in listing and "活動非公開の会の報告" not in listing
    assert client.get("/activities/reports?page=99999999999").status_code == 200


def test_no_reports_block_without_a_public_report(app, client):
    partner = partner_id(app, gen_user(app))
    gen_report(app, partner, today(app), title="公開しない報告")
    html = client.get("/").get_data(as_text=True)
    assert "パートナーの最近の取組" not in html and "公開しない報告" not in html
    assert "公開中の取組報告はまだありません。" in client.get("/activities/reports").get_data(as_text=True)


def test_the_participation_kpi_is_among_the_figures_with_its_target(app, client):
    gen_partners_indicator(app)  # 60.9 % reported for 2023-12; nobody active today, so that is the latest

    html = client.get("/").get_data(as_text=True)
    assert "<dt>パートナーがSDGsの取組に参加している割合</dt><dd>60.9 %（目標値 43.9 %、達成度 393 %）</dd>" in html
    assert "2023/12/31時点。" in html and 'href="/kpi/"' in html

    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<dt>Share of partners taking part</dt><dd>60.9 % (target 43.9 %, achievement rate 393 %)</dd>" in english


def test_the_kpi_figure_is_left_out_when_the_indicator_is_not_public_or_has_no_actual(app, client):
    gen_partners_indicator(app, is_public=False)
    assert "参加している割合" not in client.get("/").get_data(as_text=True)


def test_the_kpi_figure_without_any_actual_is_left_out(app, client):
    gen_partners_indicator(app, reported=None, computed=None)
    assert "参加している割合" not in client.get("/").get_data(as_text=True)


def test_a_persons_award_applications_are_on_their_dashboard(app, browser):
    staff = gen_staff(app)
    round_ = gen_round(app, staff)
    person = gen_user(app, email="hana@example.jp", name="筑波 花子")
    application = gen_application(app, round_, applicant=person, title="多国籍子育てサロン")
    gen_application(app, round_, applicant=person, submit=False, title="書きかけの応募")
    gen_application(app, round_, title="他の人の応募")

    browser.login("hana@example.jp")
    html = browser.client.get("/").get_data(as_text=True)
    assert ">アワードへの応募</h2>" in html
    assert "多国籍子育てサロン" in html and "提出済み" in html and "書きかけの応募" in html and "下書き" in html
    assert f'href="/awards/applications/{application.id}"' in html and 'href="/awards/mine"' in html
    assert "他の人の応募" not in html

    browser.logout()
    gen_user(app, email="other@example.jp")
    browser.login("other@example.jp")
    assert "アワードへの応募</h2>" not in browser.client.get("/").get_data(as_text=True)

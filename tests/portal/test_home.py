"""The home page shows the programme working, from data, in a fixed number of queries; a signed-in person gets
their dashboard; nothing private reaches it."""

import re
from datetime import timedelta

import pytest

from partners.accounts.models import Role
from partners.core.timeutil import utcnow
from partners.events.models import AttendanceMode
from tests.awards.factories import advance, gen_application, gen_round, gen_staff, screen_all
from tests.conftest import count_queries
from tests.events.factories import gen_event
from tests.events.report_factories import hold
from tests.factories import gen_partner, gen_user
from tests.kpi.factories import gen_partners_indicator, gen_report
from tests.portal.factories import (
    gen_collaboration,
    gen_news,
    gen_showcase,
    make_public,
    owner_partner,
    publish_winners,
    today,
)


def test_a_visitor_sees_how_to_join_the_figures_events_news_and_showcase(app, client):
    gen_partner(app, name="筑波 花子", email="hanako@example.jp")
    gen_partner(app, name="谷田部 次郎", name_kana="ヤタベ ジロウ")
    gen_partner(app, kind="group", name="みどりの会", name_kana="ミドリノカイ")
    gen_partner(app, kind="group", status="applied", name="審査中の会", name_kana="シンサチュウ")
    held = gen_event(app, title="異常気象と防災対策", starts_in=timedelta(days=2))
    hold(app, held.id, gen_time(hours=-1))
    gen_event(app, title="筑波山地域ジオパーク", online_url="https://meet.example.jp/secret-room")
    gen_event(app, title="下書きの講座", status="draft")
    gen_news(app, title="交流会のお知らせ")
    gen_news(app, title="下書きのお知らせ", status="draft")
    gen_news(app, title="来週のお知らせ", publish_at=gen_time(days=7))

    html = client.get("/").get_data(as_text=True)

    assert "参加するには" in html and "個人の方" in html and "団体・組織の方" in html
    assert figure(html, "個人パートナー") == "2人" and figure(html, "団体パートナー") == "1団体"
    assert "年度に開催したパートナー講座" in html and figure(html, "年度に開催したパートナー講座") == "1回"
    assert "筑波山地域ジオパーク" in html and "下書きの講座" not in html
    assert "交流会のお知らせ" in html and "下書きのお知らせ" not in html and "来週のお知らせ" not in html
    assert "審査中の会" not in html
    for private in ("secret-room", "hanako@example.jp"):
        assert private not in html
    assert "次にすること" not in html


def gen_time(**delta):
    return utcnow() + timedelta(**delta)


def figure(html: str, label: str) -> str:
    """The value shown with a figure whose label contains `label`."""
    return re.search(rf"<dt>[^<]*{label}</dt><dd>([^<]*)</dd>", html).group(1).strip()


def test_a_published_showcase_entry_is_on_the_home_page(app, client):
    owner, other = gen_user(app), gen_user(app)
    first = gen_partner(app, kind="group", owner=owner, name="こども食堂つくば", name_kana="コドモショクドウ")
    second = gen_partner(app, kind="group", owner=other, name="筑波農園", name_kana="ツクバノウエン")
    collaboration = gen_collaboration(app, first, second, owner, other)
    gen_showcase(app, collaboration, owner, other, gen_user(app, roles=(Role.STAFF,)))
    html = client.get("/").get_data(as_text=True)
    assert "子ども食堂と農園の連携" in html and "こども食堂つくば × 筑波農園" in html


def test_a_partners_dashboard_shows_status_registrations_requests_and_suggestions(app, browser):
    person = gen_user(app, email="hana@example.jp", name="筑波 花子")
    gen_partner(app, owner=person, needs="子ども食堂の食材", goals=(2, 17))
    farmer = gen_user(app)
    farm = gen_partner(app, kind="group", owner=farmer, name="筑波農園", name_kana="ツクバノウエン",
                       offers="野菜の提供、子ども食堂の食材", goals=(2, 15))
    lecture = gen_event(app, title="生物多様性 パートナー講座")
    with app.test_request_context():
        from partners.accounts.models import User
        from partners.events.registration import register
        from partners.extensions import db

        register(lecture.id, db.session.get(User, person.id), AttendanceMode.IN_PERSON)
        db.session.commit()
    other_user = gen_user(app)
    other = gen_partner(app, kind="group", owner=other_user, name="里山の会", name_kana="サトヤマノカイ")
    with app.app_context():
        from sqlalchemy import select

        from partners.extensions import db
        from partners.members.models import Partner, PartnerContact

        mine = db.session.scalar(select(Partner).join(PartnerContact).where(PartnerContact.user_id == person.id))
        db.session.expunge(mine)
    gen_collaboration(app, other, mine, other_user)

    browser.login("hana@example.jp")
    html = browser.client.get("/").get_data(as_text=True)

    assert "会員番号は I-00001 です" in html
    assert "申込み中の講座・交流会" in html and "生物多様性 パートナー講座" in html
    assert "回答待ちの連携の申込み" in html and "里山の会から" in html
    assert "連携先の候補" in html and "筑波農園" in html
    assert "共通のゴール: 2 · あなたの求めること「子ども食堂の食材」に一致" in html
    assert "参加するには" not in html, "the marketing block that does not apply is left out"
    assert farm.id


def add_one_of_each(app, number: int, staff, person) -> None:
    """A partner with matching offers, an upcoming lecture, a news post, a request, a showcase entry, a public
    activity report, and an award round published with a winner, to which the person applied."""
    owner, other_owner = gen_user(app), gen_user(app)
    partner = gen_partner(app, kind="group", owner=owner, name=f"団体{number}", name_kana="ダンタイ",
                          offers="食材の提供", needs="会場", goals=(2, 17))
    gen_event(app, title=f"講座{number}")
    gen_news(app, title=f"お知らせ{number}", pinned=number % 2 == 0)
    other = gen_partner(app, kind="group", owner=other_owner, name=f"相手{number}", name_kana="アイテ")
    gen_showcase(app, gen_collaboration(app, partner, other, owner, other_owner), owner, other_owner, staff)
    make_public(app, gen_report(app, owner_partner(app, owner), today(app), title=f"報告{number}"))
    round_ = gen_round(app, staff)
    winner = gen_application(app, round_, applicant=owner, title=f"受賞{number}", publish_name=number % 2 == 0)
    gen_application(app, round_, applicant=person, title=f"応募{number}")
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    advance(app, round_.id, staff, "judging")
    publish_winners(app, staff, round_.id, [(winner.id, "大賞")])


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_home_page_takes_the_same_number_of_queries_however_much_there_is(app, browser, signed_in):
    person = gen_user(app, email="hana@example.jp")
    gen_partner(app, owner=person, needs="食材", offers="会場", goals=(2, 17))
    staff = gen_staff(app)
    gen_partners_indicator(app)
    add_one_of_each(app, 0, staff, person)
    if signed_in:
        browser.login("hana@example.jp")
    few = count_queries(app, browser.client, "/")
    for number in range(1, 6):
        add_one_of_each(app, number, staff, person)
    html = browser.client.get("/").get_data(as_text=True)
    assert "受賞5" in html and "報告5" in html and "参加している割合" in html
    assert ("応募5" in html) == signed_in
    many = count_queries(app, browser.client, "/")
    assert many == few, "whatever the amount of data"
    assert many <= (22 if signed_in else 12)  # SQLite; PostgreSQL adds one (the KPI computation turns JIT off)


def test_demo_data_fills_every_block(app, runner, browser):
    from partners.demo.data import DEMO_PASSWORD

    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    html = browser.client.get("/").get_data(as_text=True)
    for heading in ("参加するには", "数字で見るパートナーズ", "今後の講座・交流会", "お知らせ", "連携事例",
                    "パートナーの最近の取組", "アワード受賞者"):
        assert f">{heading}</h2>" in html
    assert "社会課題の取組に参加している割合</dt>" in html
    assert "食品ロスを堆肥に、堆肥を野菜に" in html and "パートナー講座「生物多様性」の申込み" in html
    browser.login("citizen@example.jp", DEMO_PASSWORD)
    html = browser.client.get("/").get_data(as_text=True)
    for heading in ("次にすること", "回答待ちの連携の申込み", "連携先の候補", "アワードへの応募"):
        assert f">{heading}</h2>" in html


def test_each_app_server_computes_the_home_pages_kpi_figure_once_in_a_while(app, make_app):
    gen_partners_indicator(app)
    cached = make_app(KPI_HEADLINE_CACHE_SECONDS=600)
    client = cached.test_client()
    first = count_queries(cached, client, "/")
    again = count_queries(cached, client, "/")
    assert again < first
    assert "参加している割合" in client.get("/").get_data(as_text=True)

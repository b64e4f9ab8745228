"""The public member list: DESIGN.md's Japanese search rules, filters, 50音 order, paging, and one set of queries
per page whatever its length."""

import re

import pytest

from tests.conftest import count_queries
from tests.factories import gen_partner


def names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/directory/[^"]+">([^<]+)</a></h2>', html)


def listed(client, **args) -> list[str]:
    response = client.get("/directory/", query_string=args)
    assert response.status_code == 200
    return names(response.get_data(as_text=True))


@pytest.fixture
def partners(app):
    gen_partner(app, name="サステナブル工房", name_kana="サステナブルコウボウ", kind="group", group_type="企業",
                area="桜", goals=(12,), activities="古着のリメイクとリユース", offers="会場の提供")
    gen_partner(app, name="森の学校", name_kana="モリノガッコウ", area="筑波", goals=(4, 15),
                activities="里山の森林保全と自然観察", needs="ボランティア")
    gen_partner(app, name="筑波 太郎", name_kana="ツクバ タロウ", area="大穂", goals=(2, 12),
                activities="食品ロスを減らすフードドライブ")
    gen_partner(app, name="GREEN Tsukuba", name_kana="グリーン ツクバ", kind="group", group_type="NPO・市民団体",
                area="谷田部", goals=(13,), activities="Solar panels for schools")


@pytest.mark.parametrize("query", ["ｻｽﾃﾅﾌﾞﾙ", "サステナブル", "さすてなぶる", "ｓｕｓ" if False else "サステナ"])
def test_search_folds_width_and_kana(client, partners, query):
    assert listed(client, q=query) == ["サステナブル工房"]


def test_the_reading_is_searched_so_tsukuba_in_kana_finds_the_kanji_name(client, partners):
    assert sorted(listed(client, q="つくば")) == ["GREEN Tsukuba", "筑波 太郎"]


def test_one_and_two_character_queries_match(client, partners):
    assert listed(client, q="森") == ["森の学校"]
    assert listed(client, q="食品") == ["筑波 太郎"]


def test_case_and_width_of_latin_letters_are_folded(client, partners):
    assert listed(client, q="ｇｒｅｅｎ") == ["GREEN Tsukuba"]
    assert listed(client, q="SOLAR PANELS") == ["GREEN Tsukuba"]


def test_a_long_query_must_appear_as_written_not_as_scattered_pieces(client, partners):
    assert listed(client, q="里山の森林保全") == ["森の学校"]
    assert listed(client, q="森林の里山") == []


def test_filters_goal_any_or_all_kind_group_type_and_district(client, partners):
    assert sorted(listed(client, goal=["12", "15"])) == ["サステナブル工房", "森の学校", "筑波 太郎"]
    assert listed(client, goal=["2", "12"], match="all") == ["筑波 太郎"]
    assert listed(client, kind="group", q="つくば") == ["GREEN Tsukuba"]
    assert listed(client, group_type="企業") == ["サステナブル工房"]
    assert listed(client, area="筑波") == ["森の学校"]
    assert listed(client, area="筑波", q="リユース") == []


def test_sorted_in_50on_order_of_the_reading_with_the_long_vowel_read_as_its_vowel(client, app):
    for name, kana in (("ラメ工房", "ラメコウボウ"), ("らーめん研究会", "ラーメンケンキュウカイ"),
                       ("ライト", "ライト"), ("アオイ", "アオイ")):
        gen_partner(app, name=name, name_kana=kana)
    # ラーメン reads らあめん: before ライト (らい…) and ラメ (らめ)
    assert listed(client) == ["アオイ", "らーめん研究会", "ライト", "ラメ工房"]


def test_newest_first(client, app):
    from datetime import date

    from partners.extensions import db
    from partners.members.models import Partner
    from partners.members.search import reindex
    for name, year in (("古い会", 2019), ("新しい会", 2025), ("中の会", 2022)):
        partner = gen_partner(app, name=name, name_kana="カイ")
        with app.test_request_context():
            record = db.session.get(Partner, partner.id)
            record.joined_on = date(year, 4, 1)
            reindex(record)
            db.session.commit()
    assert listed(client, sort="newest") == ["新しい会", "中の会", "古い会"]


def test_pages_of_fifty_and_the_url_carries_the_search(client, app):
    for number in range(52):
        gen_partner(app, name=f"会員{number:02d}", name_kana=f"カイイン{number:02d}", goals=(3,))
    first = client.get("/directory/?q=会員&goal=3").get_data(as_text=True)
    assert len(names(first)) == 50 and "52" in first
    link = re.search(r'href="(/directory/\?[^"]*page=2[^"]*)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "q=" in link and "goal=3" in link
    assert names(client.get(link).get_data(as_text=True)) == ["会員50", "会員51"]


def test_hostile_filters_are_ignored_with_a_message_not_an_error(client, partners):
    response = client.get("/directory/?goal=99&goal=abc&page=0&sort=drop&kind=%00")
    assert response.status_code == 200
    assert "無視" in response.get_data(as_text=True) or "ignored" in response.get_data(as_text=True)


def test_the_list_runs_the_same_queries_whatever_its_length(app, client):
    gen_partner(app, name="一人目", name_kana="ヒトリメ")
    few_search, few_list = count_queries(app, client, "/directory/?q=目"), count_queries(app, client, "/directory/")
    for number in range(30):
        gen_partner(app, name=f"目標{number}", name_kana=f"モクヒョウ{number}", goals=(1, 2, 3))
    assert count_queries(app, client, "/directory/?q=目") == few_search
    assert count_queries(app, client, "/directory/") == few_list


@pytest.mark.parametrize(("walk_limit", "collect_at_once"), [(0, -1), (3, -1), (10**9, -1), (10**9, 10**9)])
def test_a_page_is_the_same_whether_the_sort_order_is_walked_or_the_matches_collected(app, client, monkeypatch,
                                                                                      walk_limit, collect_at_once):
    """The list finds a page by walking its sort order or by collecting the matches, and a walk that passes too
    many rows gives up (directory/queries.py): 0 always collects, 3 gives up at once, 10**9 always walks; on
    PostgreSQL a keyword expected in few partners is counted and collected in one statement (COLLECT_AT_ONCE:
    -1 never, 10**9 whenever the keyword is short or filtered). The matches sort last (ワ…), as matches of a
    name's reading cluster, so a short walk finds none."""
    from partners.directory import queries

    kana = "アイウエオカキクケコサシスセソタチツテト"
    for number in range(56):
        gen_partner(app, name=f"会員{number:02d}", name_kana=f"{kana[number % 20]}{number:02d}", goals=(3,),
                    kind="group" if number % 4 == 0 else "individual")
    for number in range(54):
        gen_partner(app, name=f"和会員{number:02d}", name_kana=f"ワカイイン{number:02d}", goals=(3, 5),
                    activities="里山の森林保全", kind="group" if number % 3 == 0 else "individual")
    monkeypatch.setattr(queries, "WALK_LIMIT", walk_limit)
    monkeypatch.setattr(queries, "COLLECT_AT_ONCE", collect_at_once)
    expected = [f"和会員{number:02d}" for number in range(54)]
    assert listed(client, q="森林") + listed(client, q="森林", page=2) == expected
    assert listed(client, q="森", sort="newest") == expected[::-1][:50]
    assert listed(client, q="森林", kind="group") == expected[::3]
    assert listed(client, q="森林保全", goal="5", page=2) == expected[50:]
    assert listed(client, q="森林", page=3) == []
    assert listed(client, goal="5") + listed(client, goal="5", page=2) == expected
    assert listed(client, kind="group", goal="5") == expected[::3]

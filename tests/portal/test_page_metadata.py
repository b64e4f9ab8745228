"""Every public page tells search engines and link previews what it is: a title and description of its own, Open
Graph tags, and a canonical address on the configured host carrying only the page's own arguments. Staff, account
and personal pages ask not to be indexed."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from config import Config
from partners.accounts.models import Role
from tests.awards.factories import advance, gen_application, gen_round, gen_staff, screen_all
from tests.awards.test_applications import png_bytes
from tests.events.factories import gen_event
from tests.factories import gen_partner, gen_user
from tests.kpi.factories import gen_partners_indicator, gen_report
from tests.portal.factories import (
    PNG,
    gen_collaboration,
    gen_news,
    gen_showcase,
    make_public,
    owner_partner,
    publish_winners,
    today,
)

FOREIGN = "utm_source=mail&_scheme=evil&_external=0&endpoint=x"


class Head(HTMLParser):
    """The page's <title>, its <meta> tags by name or property, and its canonical link."""

    def __init__(self, html: str):
        super().__init__()
        self.title, self.meta, self.canonical, self._in_title = "", {}, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(client, path: str, **kwargs) -> Head:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return Head(response.get_data(as_text=True))


@pytest.fixture
def public_pages(app, browser) -> list[str]:
    """One of every kind of public page, filled as the demo fills it."""
    owner = gen_user(app, email="owner@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="NPO法人 みどりの森", name_kana="ミドリノモリ",
                        activities="筑波山麓で里山の手入れと自然観察会を続けています。", offers="農地",
                        needs="子ども食堂")
    friend = gen_user(app, email="friend@example.jp")
    other = gen_partner(app, kind="group", owner=friend, name="子ども食堂つくば", name_kana="コドモショクドウツクバ",
                        offers="子ども食堂", needs="農地")
    event = gen_event(app, title="異常気象と防災対策 パートナー講座", description="**防災**の専門家が話します。")
    post = gen_news(app, title="交流会の参加者を募集します", body="団体パートナーの**交流会**を開きます。", image=PNG)
    staff = gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    collaboration = gen_collaboration(app, group, other, owner, answered_by=friend)
    entry = gen_showcase(app, collaboration, owner, consenter=friend, approver=staff)
    report = gen_report(app, owner_partner(app, owner), today(app), title="里山の下草刈り")
    make_public(app, report)
    award_staff = gen_staff(app, email="award-staff@example.jp")
    round_ = gen_round(app, award_staff)
    applicant = gen_user(app, email="applicant@example.jp")
    winner = gen_application(app, round_, applicant=applicant, title="多国籍子育てサロン")
    browser.login("applicant@example.jp")
    browser.submit(f"/awards/applications/{winner.id}", {"file": (io.BytesIO(png_bytes()), "photo.png", "image/png")},
                   action=f"/awards/applications/{winner.id}/attachments")
    browser.logout()
    advance(app, round_.id, award_staff, "closed")
    screen_all(app, round_.id, award_staff)
    advance(app, round_.id, award_staff, "judging")
    publish_winners(app, award_staff, round_.id, [(winner.id, "大賞")])
    gen_partners_indicator(app)
    return ["/", "/privacy", "/events/", "/events/past", f"/events/{event.id}", "/news/", f"/news/{post}",
            "/showcase/", f"/showcase/{entry}", "/directory/", f"/directory/{group.member_no}",
            "/activities/reports", f"/activities/partners/{group.id}", "/awards/", f"/awards/{round_.id}", "/kpi/"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_public_page_has_its_own_title_description_open_graph_and_canonical_address(
        client, public_pages, language):
    heads = {path: head_of(client, f"{path}?{FOREIGN}", headers={"Accept-Language": language})
             for path in public_pages}
    for path, head in heads.items():
        assert head.title.strip() and head.meta.get("description"), path
        assert head.meta["og:title"] and head.meta["og:description"] == head.meta["description"], path
        assert head.meta["og:site_name"] and head.meta["og:type"] in {"website", "article"}, path
        assert head.meta["og:locale"] == {"ja": "ja_JP", "en": "en_US"}[language], path
        assert head.canonical == f"http://localhost{path}", "absolute, and none of the request's own arguments"
        assert head.meta["og:url"] == head.canonical, path
        assert "robots" not in head.meta, path
    assert len({head.title for head in heads.values()}) == len(heads), sorted(head.title for head in heads.values())
    descriptions = [head.meta["description"] for head in heads.values()]
    assert len(set(descriptions)) == len(heads), sorted(descriptions)


def test_descriptions_are_in_the_visitors_language(client, public_pages):
    def description(path, language):
        return head_of(client, path, headers={"Accept-Language": language}).meta["description"]

    assert description("/news/", "ja").startswith("つくばSDGsパートナーズ事務局からのお知らせ")
    assert description("/news/", "en").startswith("News from the office of Tsukuba SDGs Partners")
    for path in ("/", "/privacy", "/events/", "/events/past", "/showcase/", "/directory/", "/activities/reports",
                 "/awards/", "/kpi/"):
        assert description(path, "ja") != description(path, "en"), path


def test_pictures_are_shared_with_their_page(client, public_pages):
    news = next(path for path in public_pages if path.startswith("/news/") and path != "/news/")
    showcase = next(path for path in public_pages if path.startswith("/showcase/") and path != "/showcase/")
    assert head_of(client, news).meta["og:image"] == f"http://localhost{news}/image"
    assert head_of(client, news).meta["og:type"] == "article"
    assert head_of(client, showcase).meta["og:image"] == f"http://localhost{showcase}/image"
    award = next(path for path in public_pages if path.startswith("/awards/") and path != "/awards/")
    photo = head_of(client, award).meta["og:image"]
    assert re.fullmatch(rf"http://localhost{award}/winners/[0-9]+/photo", photo), photo
    assert client.get(photo.removeprefix("http://localhost")).mimetype == "image/png"
    assert "og:image" not in head_of(client, "/events/").meta


def test_a_round_still_open_is_described_by_its_call(app, client):
    round_ = gen_round(app, gen_staff(app))
    description = head_of(client, f"/awards/{round_.id}").meta["description"]
    assert description.startswith("つくばSDGsアワード2026：応募期間 ") and "市内の取組を募集します。" in description


def test_the_canonical_address_keeps_the_known_filters_and_drops_the_rest(client):
    head = head_of(client, f"/directory/?q=森&goal=3&goal=15&kind=group&{FOREIGN}&page=x")
    canonical = urlsplit(head.canonical)
    assert (canonical.scheme, canonical.netloc, canonical.path) == ("http", "localhost", "/directory/")
    assert parse_qs(canonical.query) == {"q": ["森"], "goal": ["3", "15"], "kind": ["group"]}
    events = head_of(client, f"/events/?kind=lecture&page=1&{FOREIGN}")
    assert events.canonical == "http://localhost/events/?kind=lecture"
    refused = head_of(client, "/events/?kind=lecture&month=2026-13")
    assert refused.canonical == "http://localhost/events/", "the page ignored the filters, so does its address"


def test_a_later_page_of_a_list_has_its_own_title_and_address(app, client):
    for number in range(21):
        gen_news(app, title=f"お知らせ {number}")
    first, second = head_of(client, "/news/"), head_of(client, "/news/?page=2")
    assert first.canonical == "http://localhost/news/" and second.canonical == "http://localhost/news/?page=2"
    assert second.title.startswith("お知らせ（2ページ目）") and first.title != second.title


def test_the_canonical_address_is_on_the_configured_host_whatever_the_request_came_by(make_app):
    production = make_app(Config, SECRET_KEY="s" * 32, SERVER_NAME="partners.example.jp",
                          TRUSTED_HOSTS=["partners.example.jp", "lb.internal"])
    head = head_of(production.test_client(), f"/events/past?theme=&{FOREIGN}", base_url="http://lb.internal")
    assert head.canonical == "https://partners.example.jp/events/past"
    assert head.meta["og:url"] == head.canonical


def test_staff_account_and_personal_pages_ask_not_to_be_indexed(app, client, browser):
    listed_to_partners = gen_partner(app, name="会員限定の会", name_kana="カイインゲンテイ",
                                     visibility={"listing": "partners"})
    owner = gen_user(app, email="owner@example.jp")
    partner = gen_partner(app, kind="group", owner=owner, name="みどりの森", name_kana="ミドリノモリ")
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF, Role.ADMIN))

    def private(path: str) -> None:
        head = head_of(client, path)
        assert head.meta.get("robots") == "noindex", path
        assert head.canonical is None and "og:url" not in head.meta, path

    for path in ("/accounts/login", "/accounts/signup", "/accounts/forgot-password"):
        private(path)
    assert client.get("/no-such-page").status_code == 404
    assert 'name="robots" content="noindex"' in client.get("/no-such-page").get_data(as_text=True)
    browser.login("owner@example.jp")
    for path in ("/members/mine", "/members/apply/individual", f"/members/{partner.id}/edit", "/accounts/settings",
                 "/collaborate/", "/activities/", "/awards/mine", f"/directory/{listed_to_partners.member_no}"):
        private(path)
    browser.logout()
    browser.login("staff@example.jp")
    for path in ("/staff/", "/staff/partners", f"/staff/partners/{partner.id}", "/staff/events/", "/staff/news/",
                 "/staff/awards/", "/staff/kpi/", "/admin/users"):
        private(path)

"""Staff write news (sanitised Markdown, an optional picture checked from its content, publish date, pinned,
draft or published); visitors read the published ones in the list, on the post's page and in the Atom feed."""

import io
import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlalchemy import func, select

from partners.accounts.models import Role
from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.portal.models import NewsPost
from tests.conftest import count_queries
from tests.factories import gen_user
from tests.portal.factories import PNG, gen_news

ATOM = "{http://www.w3.org/2005/Atom}"


def latest_post_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(NewsPost.id)))


def staff_form(browser, **fields):
    data = {"title": "夏の交流会のお知らせ", "body": "**参加者募集**\n\n<script>alert(1)</script>",
            "publish_at": "2026-01-05T09:00", "status": "published"} | fields
    return browser.submit("/staff/news/new", data, follow_redirects=True, content_type="multipart/form-data")


def test_staff_publish_a_post_with_sanitised_markdown_and_a_picture(app, browser, client):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    response = staff_form(browser, image=(io.BytesIO(PNG), "photo.png"), pinned="y")
    assert "お知らせを公開しました" in response.get_data(as_text=True)

    html = client.get("/news/").get_data(as_text=True)
    assert "夏の交流会のお知らせ" in html and "重要" in html
    post_id = latest_post_id(app)
    post = client.get(f"/news/{post_id}").get_data(as_text=True)
    assert "<strong>参加者募集</strong>" in post and "<script>" not in post
    picture = client.get(f"/news/{post_id}/image")
    assert picture.status_code == 200 and picture.mimetype == "image/png" and picture.data == PNG
    assert picture.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_a_picture_is_refused_and_the_text_is_kept(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    html = staff_form(browser, image=(io.BytesIO(b"<svg onload=alert(1)>"), "photo.png")).get_data(as_text=True)
    assert "表示できる画像ではありません" in html
    assert "夏の交流会のお知らせ" in html, "what was typed stays in the form"


def test_drafts_and_posts_not_yet_due_are_not_public(app, client):
    draft = gen_news(app, title="下書き", status="draft")
    later = gen_news(app, title="来週の記事", publish_at=utcnow() + timedelta(days=7))
    gen_news(app, title="公開中の記事", image=PNG)
    for post_id in (draft, later):
        assert client.get(f"/news/{post_id}").status_code == 404
        assert client.get(f"/news/{post_id}/image").status_code == 404
    listed = client.get("/news/").get_data(as_text=True) + client.get("/news/feed.atom").get_data(as_text=True)
    assert "公開中の記事" in listed and "下書き" not in listed and "来週の記事" not in listed


def test_the_atom_feed_lists_the_latest_posts(app, client):
    gen_news(app, title="古い記事", publish_at=utcnow() - timedelta(days=3))
    gen_news(app, title="新しい記事", body="[リンク](https://example.jp)")
    response = client.get("/news/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 - our own feed
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["新しい記事", "古い記事"]
    content = feed.find(f"{ATOM}entry/{ATOM}content").text
    assert 'href="https://example.jp"' in content and 'rel="noopener noreferrer nofollow"' in content


def test_the_news_list_takes_the_same_number_of_queries_however_long(app, client):
    gen_news(app, title="記事")
    few = count_queries(app, client, "/news/")
    for number in range(8):
        gen_news(app, title=f"記事{number}", image=PNG, pinned=bool(number % 2))
    assert count_queries(app, client, "/news/") == few


def test_staff_keep_a_draft_and_publish_it_later(app, browser, client):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    assert "下書きとして保存しました" in staff_form(browser, status="draft").get_data(as_text=True)
    post_id = latest_post_id(app)
    assert client.get(f"/news/{post_id}").status_code == 404
    browser.submit(f"/staff/news/{post_id}/edit", {"title": "夏の交流会のお知らせ", "body": "本文",
                                          "publish_at": "2026-01-05T09:00", "status": "published"},
                   content_type="multipart/form-data")
    assert client.get(f"/news/{post_id}").status_code == 200

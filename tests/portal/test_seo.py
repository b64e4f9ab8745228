"""robots.txt keeps crawlers out of private and staff areas; sitemap.xml lists the public pages only."""

import xml.etree.ElementTree as ET

from tests.events.factories import gen_event
from tests.factories import gen_partner
from tests.portal.factories import gen_news

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_excludes_private_and_staff_areas_and_names_the_sitemap(client):
    robots = client.get("/robots.txt").get_data(as_text=True)
    for area in ("/staff/", "/admin/", "/members/", "/accounts/", "/collaborate/"):
        assert f"Disallow: {area}" in robots
    assert "Sitemap: http://localhost/sitemap.xml" in robots


def test_the_sitemap_lists_public_pages_only(app, client):
    public = gen_event(app, title="公開の講座")
    draft = gen_event(app, title="下書き", status="draft")
    post = gen_news(app)
    hidden = gen_news(app, status="draft")
    listed = gen_partner(app, name="里山の会", name_kana="サトヤマノカイ")
    for_partners = gen_partner(app, name="会員限定の会", name_kana="カイインゲンテイ",
                               visibility={"listing": "partners"})
    suspended = gen_partner(app, status="suspended", name="休止中の会", name_kana="キュウシチュウ")
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)  # noqa: S314 - our own sitemap
    locations = {element.text.removeprefix("http://localhost") for element in sitemap.iter(f"{SITEMAP}loc")}
    assert {"/", "/events/", "/news/", "/showcase/", f"/events/{public.id}", f"/news/{post}", "/activities/reports",
            "/awards/", "/kpi/", "/directory/", f"/directory/{listed.member_no}"} <= locations
    assert f"/events/{draft.id}" not in locations and f"/news/{hidden}" not in locations
    for unlisted in (for_partners, suspended):
        assert f"/directory/{unlisted.member_no}" not in locations
    assert not any(location.startswith(("/staff", "/members", "/collaborate")) for location in locations)

"""The KPI page in a real browser asks nothing of another site: the chart is SVG in the page itself."""

from urllib.parse import urlsplit

import pytest

from tests.kpi.factories import gen_partners_indicator

pytestmark = pytest.mark.browser


def test_the_chart_page_makes_no_external_request(app, live_server, page):
    gen_partners_indicator(app)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server + "/kpi/")
    page.wait_for_load_state("networkidle")
    assert page.locator("svg[role=img]").count() == 1
    assert page.locator("svg circle").count() >= 2
    own = urlsplit(live_server).netloc
    assert requested and all(urlsplit(url).netloc == own or url.startswith("data:") for url in requested), requested
    assert page.locator("table[aria-labelledby]").first.is_visible()

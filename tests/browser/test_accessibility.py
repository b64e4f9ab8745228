"""axe-core finds no serious or critical accessibility violation on the pages people meet first: the home page
(visitor and signed in), the member list, an event page, both application forms and the staff partner list.

axe-core is vendored for these tests only (tests/browser/vendor/axe-core, never served to users) and evaluated in
the page through the DevTools protocol, which the site's Content-Security-Policy does not block."""

from pathlib import Path

import pytest

from partners.accounts.models import Role
from tests.browser.test_phones import log_in
from tests.events.factories import gen_event
from tests.factories import gen_partner, gen_user
from tests.kpi.factories import gen_partners_indicator, gen_report
from tests.portal.factories import PNG, gen_collaboration, gen_news, gen_showcase, make_public, today

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
AXE_SOURCE = Path(__file__).with_name("vendor").joinpath("axe-core", "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")
# WCAG 2.0–2.2 levels A and AA and axe's best practices (landmarks, headings, skip link…); AAA is not our target.
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => [n.target.join(' '), n.failureSummary])}));
}"""


def axe_violations(page) -> list[dict]:
    """Serious and critical violations on the page as it stands."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    assert page.evaluate("axe.version") == AXE_VERSION
    return [violation for violation in page.evaluate(RUN_AXE, RULE_TAGS) if violation["impact"] in BLOCKING]


def described(found: dict[str, list[dict]]) -> str:
    lines = []
    for path, violations in found.items():
        for violation in violations:
            lines.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}")
            lines += [f"    {target}: {summary}" for target, summary in violation["nodes"][:5]]
    return "\n".join(lines)


@pytest.fixture
def programme(app):
    """Demo-like data: partners who collaborated (showcase, suggestions), news with a picture, a lecture, a public
    activity report and the participation KPI. The signed-in visitor is a contact of a group partner."""
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    gen_user(app, email="staff@example.jp", name="市職員 一郎", roles=(Role.STAFF,))
    owner, other = gen_user(app, email="owner@example.jp"), gen_user(app, email="farm@example.jp")
    group = gen_partner(app, kind="group", owner=owner, name="NPO法人 里山ネット", name_kana="サトヤマネット",
                        goals=(2, 11, 15), activities="里山の手入れ", offers="子ども食堂の食材", needs="会場")
    farm = gen_partner(app, kind="group", owner=other, name="筑波農園", name_kana="ツクバノウエン",
                       goals=(2, 12), offers="会場", needs="子ども食堂の食材")
    gen_partner(app, name="森 太郎", name_kana="モリ タロウ", area="谷田部", activities="森林ボランティア")
    gen_partner(app, kind="group", status="applied", name="食品ロス削減ネット", name_kana="ショクヒンロス")
    staff = gen_user(app, roles=(Role.STAFF,))
    gen_showcase(app, gen_collaboration(app, group, farm, owner, other), owner, other, staff)
    make_public(app, gen_report(app, group.id, today(app), title="里山の下草刈り"))
    gen_partners_indicator(app)
    gen_news(app, title="パートナー講座の申込みを受け付けています", image=PNG, pinned=True)
    event = gen_event(app, title="生物多様性 パートナー講座", certifies=True,
                      description="## 内容\n筑波山の**生きもの**を観察します。")
    return {"event": event}


def test_no_serious_or_critical_violations_on_the_first_pages(app, live_server, page, programme):
    event_page = f"/events/{programme['event'].id}"
    visits = [
        (None, ["/", "/directory/", event_page]),
        ("owner@example.jp", ["/", "/members/apply/individual", "/members/apply/group", event_page]),
        ("staff@example.jp", ["/staff/partners"]),
    ]
    found = {}
    for email, paths in visits:
        page.context.clear_cookies()
        if email:
            log_in(page, live_server, email)
        for path in paths:
            assert page.goto(live_server + path).ok, path
            violations = axe_violations(page)
            if violations:
                found[f"{email or 'visitor'} {path}"] = violations
    assert found == {}, "\n" + described(found)


def test_axe_reports_a_violation_it_is_given(app, live_server, page):
    """The check itself works: a field without a label, added to a real page, is reported as critical."""
    page.goto(live_server + "/privacy")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert "label" in {violation["id"] for violation in axe_violations(page)}

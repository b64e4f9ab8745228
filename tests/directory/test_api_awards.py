"""/api/v1/awards: the results of published rounds as their winners page shows them (tier, category, title,
summary, goals, the name where the applicant agreed), nothing of a round before publication, and never the
judges, scores, comments, reasons, files or the applicants' contacts."""

from itertools import islice

import pytest

from tests.awards.factories import (
    advance,
    assign,
    decide_and_publish,
    declare,
    gen_application,
    gen_judge,
    gen_round,
    gen_staff,
    score,
    screen_all,
)
from tests.conftest import count_queries
from tests.factories import gen_partner, gen_user

PUBLIC_LISTING = {"listing": "public", "activities": "public", "offers_needs": "public", "contact": "private"}
# Everything of the round that only staff, judges or the applicant may read.
NEVER_PUBLIC = ["審査 A", "judge-a@example.jp", "への講評", "授賞理由", "市外での活動のため", "applicant0@example.jp",
                "応募 0", "029-111-1111", "毎週土曜に多言語で", "リユース食器", "食器の会", "対象外の取組", "市外の会",
                "匿名希望の会", "未発表の取組", "未発表の会"]


def applicant_of(app, n: int, listing: str = "public"):
    """An applicant who is the contact of an active group partner with this listing visibility."""
    person = gen_user(app, email=f"applicant{n}@example.jp", name=f"応募 {n}")
    partner = gen_partner(app, kind="group", owner=person, name=f"応募団体{n}", name_kana=f"オウボダンタイ{n}",
                          visibility=PUBLIC_LISTING | {"listing": listing})
    return person, partner


@pytest.fixture
def published(app):
    """A published round: 大賞 to a partner's application whose name may be published, 奨励賞 to one whose
    name may not; one not awarded, one ineligible, each scored by two judges with comments. Beside it, a
    decided round whose results are not published yet."""
    staff = gen_staff(app)
    round_ = gen_round(app, staff, tiers=(("大賞", 1), ("奨励賞", 2)))
    people = [applicant_of(app, n) for n in range(4)]
    fields = [("多国籍子育て支援", "多文化ママの会", True), ("コンポスト講座", "匿名希望の会", False),
              ("リユース食器", "食器の会", True), ("対象外の取組", "市外の会", True)]
    applications = [gen_application(app, round_, applicant=person, title=title, group_name=group,
                                    publish_name=publish, partner_id=partner.id, contact_phone="029-111-1111")
                    for (person, partner), (title, group, publish) in zip(people, fields, strict=True)]
    hidden = gen_round(app, staff)
    unpublished = gen_application(app, hidden, title="未発表の取組", group_name="未発表の会")
    for round_id in (round_.id, hidden.id):
        advance(app, round_id, staff, "closed")
    screen_all(app, round_.id, staff, ineligible={applications[3].id: "市外での活動のため"})
    screen_all(app, hidden.id, staff)
    judges = [gen_judge(app, "judge-a@example.jp", "審査 A"), gen_judge(app, "judge-b@example.jp", "審査 B")]
    for application in applications[:3]:
        for judge in judges:
            assign(app, application.id, judge, staff)
    for round_id in (round_.id, hidden.id):
        advance(app, round_id, staff, "judging")
    for judge in judges:
        declare(app, round_.id, judge)
        for application, values in zip(applications[:3], ([5, 4], [4, 4], [2, 3]), strict=True):
            score(app, application.id, judge, values, comment=f"{application.title}への講評")
    decide_and_publish(app, round_.id, staff, {applications[0].id: "大賞", applications[1].id: "奨励賞"})
    decide_and_publish(app, hidden.id, staff, {unpublished.id: "大賞"}, publish=False)
    return {"round": round_, "hidden": hidden, "partners": [partner for _person, partner in people]}


def test_published_results_are_listed_as_the_winners_page_shows_them(client, published):
    data = client.get("/api/v1/awards").get_json()
    assert data["total"] == 1 and [r["id"] for r in data["rounds"]] == [published["round"].id]
    found = data["rounds"][0]
    assert found["categories"] == ["市民部門", "事業者部門"]
    assert found["tiers"] == [{"name": "大賞", "slots": 1}, {"name": "奨励賞", "slots": 2}]
    assert [c["name"] for c in found["criteria"]] == ["先進性", "波及効果"] and found["criteria"][0]["weight"] == 2
    assert found["url"].endswith(f"/awards/{published['round'].id}") and found["published_at"]
    grand, encouragement = found["winners"]
    assert grand == {"tier": "大賞", "category": "市民部門", "title": "多国籍子育て支援",
                     "summary": "外国出身の親子が集う子育てサロンを運営しています。", "goals": [4, 10],
                     "name": "多文化ママの会", "member_no": published["partners"][0].member_no}
    assert encouragement["title"] == "コンポスト講座"
    assert encouragement["name"] is None and encouragement["member_no"] is None, "the applicant did not agree"
    one = client.get(f"/api/v1/awards/{published['round'].id}")
    assert one.status_code == 200 and one.get_json() == found


def test_nothing_private_or_unpublished_appears(client, published):
    text = client.get("/api/v1/awards").get_data(as_text=True)
    text += client.get(f"/api/v1/awards/{published['round'].id}").get_data(as_text=True)
    for secret in NEVER_PUBLIC + [published["partners"][1].member_no]:
        assert secret not in text, secret
    for key in ("reason", "score", "judge", "contact", "email", "attachment"):
        assert f'"{key}' not in text, key


def test_a_round_before_publication_is_404_in_json_like_an_unknown_one(client, published):
    for path in (f"/api/v1/awards/{published['hidden'].id}", "/api/v1/awards/999999", "/api/v1/awards/0",
                 "/api/v1/awards/99999999999999999999", "/api/v1/awards/abc"):
        response = client.get(path, headers={"Accept-Language": "ja"})
        assert response.status_code == 404 and response.is_json and response.get_json()["message"], path
    missing = client.get(f"/api/v1/awards/{published['hidden'].id}", headers={"Accept-Language": "ja"})
    assert missing.get_json()["message"] == "この番号の結果発表済みのアワードはありません。"
    english = client.get(f"/api/v1/awards/{published['hidden'].id}", headers={"Accept-Language": "en"})
    assert english.get_json()["message"] == "There is no award round with published results under this number."
    refused = client.post("/api/v1/awards")
    assert refused.status_code == 405 and refused.is_json and refused.get_json()["message"]


def test_a_member_number_only_for_a_partner_in_the_public_list(app, client):
    """The name is published, but the partner's listing is for partners only, private, or it was withdrawn:
    the winner carries no member number."""
    staff = gen_staff(app)
    round_ = gen_round(app, staff, tiers=(("大賞", 3),))
    people = [applicant_of(app, 0, "partners"), applicant_of(app, 1, "private"), applicant_of(app, 2)]
    applications = [gen_application(app, round_, applicant=person, title=f"取組{n}", partner_id=partner.id)
                    for n, (person, partner) in enumerate(people)]
    advance(app, round_.id, staff, "closed")
    screen_all(app, round_.id, staff)
    advance(app, round_.id, staff, "judging")
    decide_and_publish(app, round_.id, staff, {application.id: "大賞" for application in applications})
    from partners.extensions import db
    from partners.members import lifecycle
    from partners.members.models import Partner

    with app.test_request_context():
        lifecycle.withdraw(db.session.get(Partner, people[2][1].id), None, "test")
        db.session.commit()
    text = client.get("/api/v1/awards").get_data(as_text=True)
    winners = client.get("/api/v1/awards").get_json()["rounds"][0]["winners"]
    assert [winner["member_no"] for winner in winners] == [None, None, None]
    for _person, partner in people:
        assert partner.member_no not in text


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "page=0", "page=x", "page=100001"])
def test_bad_page_parameters_are_400_in_json(client, query):
    response = client.get(f"/api/v1/awards?{query}")
    assert response.status_code == 400 and response.get_json()["parameter"] in query


def test_an_etag_answers_a_repeat_with_304_and_any_site_may_get_it(client, published):
    for path in ("/api/v1/awards", f"/api/v1/awards/{published['round'].id}"):
        first = client.get(path, headers={"Origin": "https://opendata.example.org"})
        assert first.headers["Access-Control-Allow-Origin"] == "*" and first.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and not again.data


def test_the_list_runs_the_same_statements_whatever_the_number_of_rounds_and_winners(app, client):
    staff = gen_staff(app)
    people = (applicant_of(app, n) for n in range(20))

    def published_round(winners: int) -> int:
        round_ = gen_round(app, staff, tiers=(("大賞", 1), ("優秀賞", 5)))
        applications = [gen_application(app, round_, applicant=person, title=f"取組{n}", partner_id=partner.id)
                        for n, (person, partner) in enumerate(islice(people, winners))]
        advance(app, round_.id, staff, "closed")
        screen_all(app, round_.id, staff)
        advance(app, round_.id, staff, "judging")
        decide_and_publish(app, round_.id, staff, {application.id: "大賞" if n == 0 else "優秀賞"
                                                   for n, application in enumerate(applications)})
        return round_.id

    first = published_round(1)
    one = count_queries(app, client, "/api/v1/awards")
    one_round = count_queries(app, client, f"/api/v1/awards/{first}")
    last = [published_round(winners) for winners in (3, 5, 6)][-1]
    listed = client.get("/api/v1/awards").get_json()
    assert listed["total"] == 4 and len(listed["rounds"][0]["winners"]) == 6
    assert all(winner["member_no"] for found in listed["rounds"] for winner in found["winners"])
    assert count_queries(app, client, "/api/v1/awards") == one
    assert count_queries(app, client, "/api/v1/awards?per_page=2&page=2") == one
    assert count_queries(app, client, f"/api/v1/awards/{last}") == one_round

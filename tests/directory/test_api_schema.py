"""The API against its own OpenAPI document (schemathesis): for any generated request, no 500 and every answer
as the document describes it (status, content type, body schema)."""

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.awards.factories import advance, decide_and_publish, gen_application, gen_round, gen_staff, screen_all
from tests.factories import gen_partner, gen_user
from tests.kpi.factories import gen_partners_indicator

EXAMPLES_PER_OPERATION = 60


def test_the_api_keeps_to_its_openapi_document(app):
    gen_partner(app, name="森の学校", name_kana="モリノガッコウ", goals=(4, 15), activities="里山の保全")
    shop = gen_partner(app, name="筑波商店", name_kana="ツクバショウテン", kind="group", group_type="企業", area="桜",
                       owner=(owner := gen_user(app)))
    published, unpublished = published_round(app, owner, shop.id)
    gen_partners_indicator(app)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {"GET /partners", "GET /partners/{member_no}", "GET /events", "GET /awards", "GET /awards/{round_id}",
            "GET /kpi"} <= {op.label for op in operations}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def keeps_to_the_document(case):
            case.call_and_validate()

        keeps_to_the_document()
    # Random ids seldom name a round that exists: the published one (200) and the unpublished one (404) too.
    by_label = {operation.label: operation for operation in operations}
    for round_id, status in ((published, 200), (unpublished, 404)):
        response = by_label["GET /awards/{round_id}"].Case(path_parameters={"round_id": round_id}).call_and_validate()
        assert response.status_code == status


def published_round(app, applicant, partner_id: int) -> tuple[int, int]:
    """A published round whose winner is the partner's, and one decided but not published: their ids."""
    staff = gen_staff(app)
    ids = []
    for publish in (True, False):
        round_ = gen_round(app, staff)
        application = gen_application(app, round_, applicant=applicant, partner_id=partner_id)
        advance(app, round_.id, staff, "closed")
        screen_all(app, round_.id, staff)
        advance(app, round_.id, staff, "judging")
        decide_and_publish(app, round_.id, staff, {application.id: "大賞"}, publish=publish)
        ids.append(round_.id)
    return ids[0], ids[1]

"""The API against its own OpenAPI document (schemathesis): for any generated request, no 500 and every answer
as the document describes it (status, content type, body schema)."""

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.factories import gen_partner

EXAMPLES_PER_OPERATION = 60


def test_the_api_keeps_to_its_openapi_document(app):
    gen_partner(app, name="森の学校", name_kana="モリノガッコウ", goals=(4, 15), activities="里山の保全")
    gen_partner(app, name="筑波商店", name_kana="ツクバショウテン", kind="group", group_type="企業", area="桜")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {"GET /partners", "GET /partners/{member_no}", "GET /events"} <= {op.label for op in operations}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def keeps_to_the_document(case):
            case.call_and_validate()

        keeps_to_the_document()

"""Access is checked on every staff and admin route, today's and every one added later: a visitor is sent to
log in and a signed-in citizen gets 403, whatever the method, before anything is looked up."""

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from tests.core.test_hostile_input import PLACEHOLDER
from tests.factories import PASSWORD, gen_partner, gen_user

PROTECTED_PREFIXES = ("/staff", "/admin")


def protected_requests(app, real_id: int) -> list[tuple[str, str]]:
    def value(converter) -> str:
        if isinstance(converter, IntegerConverter):
            return str(max(real_id, getattr(converter, "min", None) or 1))
        if isinstance(converter, AnyConverter):
            return sorted(converter.items)[0]
        return "junk"

    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PROTECTED_PREFIXES):
            path = PLACEHOLDER.sub(lambda match, rule=rule: value(rule._converters[match.group(1)]), rule.rule)
            found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.mark.parametrize("who", ["visitor", "citizen"])
def test_every_staff_and_admin_route_refuses_people_without_the_role(make_app, app, who):
    protected = make_app(WTF_CSRF_ENABLED=False)
    partner = gen_partner(protected, owner=gen_user(protected, email="citizen@example.jp"))
    client = protected.test_client()
    if who == "citizen":
        client.post("/accounts/login", data={"email": "citizen@example.jp", "password": PASSWORD})
    requests = protected_requests(protected, partner.id)
    assert len(requests) > 20
    answers = {}
    for method, path in requests:
        response = client.open(path, method=method)
        answers[method, path] = (response.status_code, response.headers.get("Location", "").split("?")[0])
    expected = (302, "/accounts/login") if who == "visitor" else (403, "")
    assert {key: answer for key, answer in answers.items() if answer != expected} == {}

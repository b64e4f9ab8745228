"""No request, however hostile, gives a 5xx: every rule of the URL map (today's and every one added later) is
walked as anonymous, citizen, staff and admin with huge, negative and junk path arguments, hostile query
arguments and hostile form bodies (NUL bytes, 20,000-character text, junk choices and numbers)."""

import re
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from werkzeug.routing import AnyConverter, IntegerConverter

from partners.accounts.models import Role
from tests.conftest import VISITOR_TOKEN_PAGE, csrf_token
from tests.factories import gen_partner, gen_user

HOSTILE_IDS = [str(2**63), str(2**64), str(2**31), "0", "-1", "abc", "１"]
HOSTILE_STRINGS = ["zzz", "%00", "x" * 1000]
HOSTILE_QUERY = {
    "page": "9223372036854775807", "on": "9999-12-31", "endpoint": "x", "_method": "POST", "_scheme": "javascript",
    "_anchor": "x", "_external": "1", "kind": "zzz", "status": "zzz", "goal": "99999999999999999999",
    "joined_from": "0001-01-01", "joined_to": "9999-12-31", "sort": "zzz", "q": "\x00", "area": "\x00",
}
HOSTILE_VALUES = ["nul\x00byte", "x" * 20_000, "99999999999999999999"]  # the last: a junk choice and a huge number
ROLES = {"anonymous": None, "citizen": (), "staff": (Role.STAFF,), "admin": (Role.ADMIN,)}
PLACEHOLDER = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")


def form_field_names() -> set[str]:
    """Every field name of every form in the app, so that hostile bodies reach each form's fields."""
    names, pending = set(), [FlaskForm]
    while pending:
        form_class = pending.pop()
        pending.extend(form_class.__subclasses__())
        for klass in form_class.__mro__:
            names.update(name for name, value in vars(klass).items() if hasattr(value, "field_class"))
    return names


def hostile_bodies() -> list[dict[str, str]]:
    fields = form_field_names()
    return [dict.fromkeys(fields, value) for value in HOSTILE_VALUES]


def requests_for(rule, real_id: int, bodies: list[dict]) -> list[tuple[str, str, dict]]:
    """(method, path, request arguments): the rule with real path values and every method with hostile query
    arguments or bodies; then once with each hostile path value (routing refuses those whatever the method)."""
    def fill(choose) -> str:
        return PLACEHOLDER.sub(lambda match: choose(rule._converters[match.group(1)]), rule.rule)

    def real(converter) -> str:
        if isinstance(converter, IntegerConverter):
            return str(real_id)
        if isinstance(converter, AnyConverter):
            return sorted(converter.items)[0]
        return "junk"

    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    path = fill(real)
    found = [(method, path, {"query_string": HOSTILE_QUERY} if method == "GET" else {"data": body})
             for method in methods for body in (bodies if method != "GET" else bodies[:1])]
    has_ids = any(isinstance(converter, IntegerConverter) for converter in rule._converters.values())
    hostile = HOSTILE_IDS if has_ids else HOSTILE_STRINGS if rule.arguments else []
    return found + [(methods[0], fill(lambda _converter, value=value: quote(value, safe="%")), {"data": bodies[0]})
                    for value in hostile]


# Rules that may end the walker's own session (logging out; ending a session whose id the walk fills in, which
# can be the walker's own): walked last, so that everything else is asked as the role.
ENDS_THE_SESSION = {"accounts.logout", "accounts.end_session"}


def rules_to_walk(app):
    """Every rule but static files, those that may end the session last."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    return sorted(rules, key=lambda rule: (rule.endpoint in ENDS_THE_SESSION, rule.rule))


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_hostile_input_with_a_server_error(app, browser, role):
    app.config["STAFF_PAGE_SIZE"] = 1  # two partners make two pages, so the pagination links are built too
    citizen = gen_user(app, email="citizen@example.jp")
    partner = gen_partner(app, kind="group", owner=citizen, name="筑波の森", name_kana="ツクバノモリ")
    gen_partner(app, name="谷田部 次郎", name_kana="ヤタベ ジロウ")
    if ROLES[role] is not None:
        user = citizen if role == "citizen" else gen_user(app, email=f"{role}@example.jp", roles=ROLES[role])
        browser.login(user.email)
    form_page = "/" if ROLES[role] is not None else VISITOR_TOKEN_PAGE
    token = csrf_token(browser.client.get(form_page).get_data(as_text=True))
    bodies = [{**body, "csrf_token": token} for body in hostile_bodies()]

    failures, checked_role = [], ROLES[role] is None
    for rule in rules_to_walk(app):
        if rule.endpoint in ENDS_THE_SESSION and not checked_role:
            # Everything so far was asked as this role, not as a visitor after a lost session.
            assert browser.client.get("/accounts/settings").status_code == 200, "the walk lost its session"
            checked_role = True
        for method, path, arguments in requests_for(rule, partner.id, bodies):
            try:
                status = browser.client.open(path, method=method, **arguments).status_code
            except Exception as error:  # noqa: BLE001 - every failure is collected and reported together
                status = repr(error)[:200]
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{role} {method} {path[:80]}: {status}")
    assert not failures, "\n".join(failures)

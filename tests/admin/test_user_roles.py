"""/admin/users: one control per person, and a role change that would do nothing is refused with a message."""

import re

from partners.accounts.models import Role, User
from partners.extensions import db
from tests.factories import gen_user


def admin_signed_in(app, browser, locale="ja"):
    admin = gen_user(app, email="admin@example.jp", name="管理 太郎", roles=(Role.ADMIN,), locale=locale)
    browser.login("admin@example.jp")
    return admin


def change(browser, user, role, action):
    return browser.submit("/admin/users", {"role": role, "action": action},
                          action=f"/admin/users/{user.id}/roles", follow_redirects=True)


def roles_of(app, user) -> set[Role]:
    with app.app_context():
        return db.session.get(User, user.id).roles


def flash(html: str) -> str:
    return re.search(r'<p class="flash flash-(\w+)">([^<]*)</p>', html).groups()


def test_one_form_per_person_with_grant_and_remove(app, browser):
    admin_signed_in(app, browser)
    gen_user(app, email="judge@example.jp", name="審査 花子")
    html = browser.client.get("/admin/users").get_data(as_text=True)
    assert html.count('action="/admin/users/') == 2
    assert html.count('name="action" value="grant"') == 2 and html.count('name="action" value="revoke"') == 2


def test_removing_a_role_the_person_does_not_hold_is_refused(app, browser):
    admin_signed_in(app, browser)
    judge = gen_user(app, email="judge@example.jp", name="審査 花子", roles=(Role.JUDGE,))
    html = change(browser, judge, "staff", "revoke").get_data(as_text=True)
    assert flash(html) == ("error", "審査 花子 さんには「市職員」の役割がないため、外せません。")
    assert roles_of(app, judge) == {Role.JUDGE}
    html = change(browser, judge, "judge", "revoke").get_data(as_text=True)
    assert flash(html)[0] == "success"
    assert roles_of(app, judge) == set()


def test_granting_a_role_the_person_holds_says_so(app, browser):
    admin_signed_in(app, browser, locale="en")
    judge = gen_user(app, email="judge@example.jp", name="Hana Judge", roles=(Role.JUDGE,))
    html = change(browser, judge, "judge", "grant").get_data(as_text=True)
    assert flash(html) == ("error", "Hana Judge already has the role Judge.")
    html = change(browser, judge, "staff", "grant").get_data(as_text=True)
    assert flash(html) == ("success", "Hana Judge is now Staff.")
    assert roles_of(app, judge) == {Role.JUDGE, Role.STAFF}

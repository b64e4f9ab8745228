from partners.accounts.models import Role, User
from partners.extensions import db
from tests.factories import gen_user


def test_admin_pages_need_the_admin_role(app, browser):
    assert browser.client.get("/admin/users").status_code == 302
    gen_user(app, email="citizen@example.jp")
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    gen_user(app, email="admin@example.jp", roles=(Role.ADMIN,))
    for email, status in [("citizen@example.jp", 403), ("staff@example.jp", 403), ("admin@example.jp", 200)]:
        browser.login(email)
        response = browser.client.get("/admin/users")
        assert response.status_code == status, email
        browser.logout()


def test_forbidden_page_is_explained_in_the_users_language(app, browser):
    gen_user(app, email="citizen@example.jp")
    gen_user(app, email="visitor@example.com", locale="en")
    browser.login("citizen@example.jp")
    assert "このページを開く権限がありません" in browser.client.get("/admin/users").get_data(as_text=True)
    browser.logout()
    browser.login("visitor@example.com")
    assert "You do not have permission" in browser.client.get("/admin/users").get_data(as_text=True)


def test_admin_grants_and_revokes_roles(app, browser):
    gen_user(app, email="admin@example.jp", roles=(Role.ADMIN,))
    judge = gen_user(app, email="judge@example.jp")
    browser.login("admin@example.jp")
    browser.submit("/admin/users", {"role": "judge", "action": "grant"}, action=f"/admin/users/{judge.id}/roles")
    with app.app_context():
        assert db.session.get(User, judge.id).roles == {Role.JUDGE}
    browser.submit("/admin/users", {"role": "judge", "action": "revoke"}, action=f"/admin/users/{judge.id}/roles")
    with app.app_context():
        assert db.session.get(User, judge.id).roles == set()


def test_admin_cannot_demote_themself(app, browser):
    admin = gen_user(app, email="admin@example.jp", roles=(Role.ADMIN,))
    browser.login("admin@example.jp")
    response = browser.submit("/admin/users", {"role": "admin", "action": "revoke"},
                              action=f"/admin/users/{admin.id}/roles", follow_redirects=True)
    assert "管理者の役割を自分から外すことはできません" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin.id).roles == {Role.ADMIN}


def test_role_change_without_csrf_token_is_refused(app, browser):
    gen_user(app, email="admin@example.jp", roles=(Role.ADMIN,))
    judge = gen_user(app, email="judge@example.jp")
    browser.login("admin@example.jp")
    response = browser.client.post(f"/admin/users/{judge.id}/roles", data={"role": "admin", "action": "grant"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, judge.id).roles == set()

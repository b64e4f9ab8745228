from partners.accounts import sessions
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


def test_a_role_taken_away_applies_from_the_persons_next_request(app, browser):
    """The roles are read with the session on every request: a kept staff page is never shown to someone who
    has just lost the role."""
    staff = gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    for _ in range(2):
        assert browser.client.get("/staff/partners").status_code == 200
    with app.app_context():
        db.session.get(User, staff.id).revoke(Role.STAFF)
        db.session.commit()
    assert browser.client.get("/staff/partners").status_code == 403


def test_the_roles_read_with_the_session_give_way_to_a_change_in_the_same_request(app):
    """The signed-in person is loaded with their roles in one plain query; granting or revoking a role on that
    same object is seen at once."""
    staff = gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    with app.test_request_context():
        person = db.session.get(User, staff.id)
        sessions.start_session(person, "test", remember=False)
        token = person.session_token
        db.session.commit()
    with app.test_request_context():
        user = sessions.user_for_token(token)
        assert user.roles == {Role.STAFF} and not user.has_role(Role.JUDGE)
        assert db.session.get(User, staff.id) is user  # the session's own object, as if the ORM had loaded it
        user.grant(Role.JUDGE)
        assert user.has_role(Role.JUDGE)
        user.revoke(Role.STAFF)
        assert user.roles == {Role.JUDGE}
        db.session.commit()
    assert roles_of(app, staff) == {Role.JUDGE}


def roles_of(app, user) -> set[Role]:
    with app.app_context():
        return db.session.get(User, user.id).roles

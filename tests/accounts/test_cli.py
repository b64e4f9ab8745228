from partners.accounts.models import Role
from partners.accounts.services import find_user_by_email
from tests.factories import gen_user


def test_create_first_admin_from_the_command_line(app, runner, browser):
    result = runner.invoke(args=["users", "create", "boss@example.jp", "--name", "市 管理者", "--role", "admin",
                                 "--password-stdin"], input="kaminari-2026-yama\n")
    assert result.exit_code == 0, result.output
    assert "created boss@example.jp (admin)" in result.output
    assert browser.login("boss@example.jp", "kaminari-2026-yama").status_code == 302
    assert browser.client.get("/admin/users").status_code == 200


def test_create_refuses_a_weak_password_and_a_taken_address(app, runner):
    result = runner.invoke(args=["users", "create", "a@example.jp", "--name", "A", "--password-stdin"],
                           input="password123\n")
    assert result.exit_code != 0
    gen_user(app, email="b@example.jp")
    result = runner.invoke(args=["users", "create", "b@example.jp", "--name", "B", "--password-stdin"],
                           input="kaminari-2026-yama\n")
    assert result.exit_code != 0


def test_set_role_grants_and_revokes(app, runner, db):
    gen_user(app, email="s@example.jp")
    assert runner.invoke(args=["users", "set-role", "s@example.jp", "staff"]).exit_code == 0
    assert find_user_by_email("s@example.jp").roles == {Role.STAFF}
    db.session.remove()
    assert runner.invoke(args=["users", "set-role", "s@example.jp", "staff", "--revoke"]).exit_code == 0
    assert find_user_by_email("s@example.jp").roles == set()
    assert runner.invoke(args=["users", "set-role", "x@example.jp", "staff"]).exit_code != 0

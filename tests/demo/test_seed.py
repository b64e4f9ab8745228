from sqlalchemy import func, select

from config import DevelopmentConfig
from partners.accounts.models import Role, User
from partners.core.text import is_katakana_reading
from partners.demo.data import DEMO_PASSWORD
from partners.events.models import Event
from partners.extensions import db
from partners.members.models import Partner, PartnerKind


def test_seed_demo_refuses_outside_development_without_force(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "development" in result.output


def test_seed_demo_is_idempotent_and_gives_a_login_per_role(app, runner, browser):
    first = runner.invoke(args=["seed-demo", "--force"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        seeded = [db.session.scalar(select(func.count()).select_from(model)) for model in (User, Partner, Event)]
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    with app.app_context():
        assert [db.session.scalar(select(func.count()).select_from(model)) for model in (User, Partner, Event)] \
            == seeded
        roles = set().union(*(user.roles for user in db.session.scalars(select(User))))
        kinds = dict(db.session.execute(select(Partner.kind, func.count()).group_by(Partner.kind)).all())
        readings = db.session.scalars(select(Partner.name_kana)).all()
    assert roles == {Role.ADMIN, Role.STAFF, Role.JUDGE}
    assert kinds[PartnerKind.INDIVIDUAL] >= 30 and kinds[PartnerKind.GROUP] >= 10
    assert all(is_katakana_reading(reading) and reading for reading in readings)
    for email in ["admin@example.jp", "staff@example.jp", "judge@example.jp", "citizen@example.jp"]:
        assert email in first.output
        assert browser.login(email, DEMO_PASSWORD).status_code == 302
        browser.logout()
    browser.login("citizen@example.jp", DEMO_PASSWORD)
    assert "会員証" in browser.client.get("/members/mine").get_data(as_text=True)


def test_seed_demo_if_empty_leaves_a_used_database_alone(app, make_app):
    development = make_app(DevelopmentConfig)
    runner = development.test_cli_runner()
    assert "Demo data loaded" in runner.invoke(args=["seed-demo", "--if-empty"]).output
    assert "already has data" in runner.invoke(args=["seed-demo", "--if-empty"]).output

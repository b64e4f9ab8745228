"""The migrations, not `create_all`, are what production runs: they must build the models' schema exactly."""

import pytest
from sqlalchemy import inspect, text

from partners.extensions import db
from partners.members import list_version
from partners.members.models import Partner, PartnerKind


def test_upgrade_from_empty_matches_the_models_and_downgrades_to_nothing(make_app, empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url("migrations"))
    runner = app.test_cli_runner()

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {table.name for table in db.metadata.sorted_tables} <= tables

    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output + str(result.exception)

    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}


def test_on_sqlite_the_migrated_tables_never_reuse_ids_where_the_models_say_so(make_app, empty_database_url):
    """`create_all` (the other tests' schema) follows the models; production's SQLite is built by the migrations,
    and a batch migration that rebuilds a table drops AUTOINCREMENT unless it asks for it again. Without it, the
    next sign-up would get the id of a deleted account (issue 6)."""
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url("autoincrement"))
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("PostgreSQL sequences never go back")
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    wanted = sorted(table.name for table in db.metadata.sorted_tables
                    if table.dialect_options["sqlite"]["autoincrement"])
    with app.app_context(), db.engine.connect() as connection:
        built = dict(connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
    assert {"users", "partners", "contact_invitations"} <= set(wanted)
    assert [name for name in wanted if "AUTOINCREMENT" not in built[name].upper()] == []


def test_the_migrated_database_changes_the_partner_lists_version_with_every_partner_write(make_app,
                                                                                       empty_database_url):
    """Kept list pages trust the triggers (partners/members/list_version.py): the migrations must make them."""
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url("list_version"))
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        versions = [list_version.current()]
        partner = Partner(kind=PartnerKind.INDIVIDUAL, name="筑波 花子")
        for write in (lambda: db.session.add(partner), lambda: setattr(partner, "name", "筑波 太郎"),
                      lambda: db.session.delete(partner)):
            write()
            db.session.commit()
            versions.append(list_version.current())
    assert versions[0] is None and None not in versions[1:] and len(set(versions)) == 4

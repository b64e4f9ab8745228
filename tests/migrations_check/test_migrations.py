"""The migrations, not `create_all`, are what production runs: they must build the models' schema exactly."""

from sqlalchemy import inspect

from partners.extensions import db


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

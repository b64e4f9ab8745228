"""SDGs Partners: the application factory."""

from flask import Flask

from config import INSTANCE_DIR, Config, config_for_environment
from partners.extensions import babel, csrf, db, limiter, login_manager, mail, migrate


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(config or config_for_environment())
    app.config.update(overrides)
    check_configuration(app)
    register_extensions(app)
    register_blueprints(app)
    register_shared(app)
    return app


def check_configuration(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set outside development and testing (see README).")
    server_name = app.config.get("SERVER_NAME")
    if app.config["ENV_NAME"] == "production" and not server_name:
        raise RuntimeError("SERVER_NAME must be set in production: links in mail are built from it (see README).")
    if server_name and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [server_name.rsplit(":", 1)[0]]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:"):
        INSTANCE_DIR.mkdir(exist_ok=True)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = app.config["SQLALCHEMY_ENGINE_OPTIONS"] | {
            "connect_args": {"timeout": app.config["SQLITE_BUSY_TIMEOUT_SECONDS"]},
        }


def register_extensions(app: Flask) -> None:
    import partners.core.database  # noqa: F401 - SQLite connection settings (foreign keys, WAL)
    import partners.core.ratelimit  # noqa: F401 - the "database://" storage of the rate limiter
    import partners.models  # noqa: F401 - every table in the metadata before migrations look at it
    from partners.core.database import register_autocommit_pool
    from partners.core.i18n import select_locale

    db.init_app(app)
    register_autocommit_pool(app)
    migrate.init_app(app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True,
                     compare_type=True)
    login_manager.init_app(app)
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    from partners.accounts import cli as accounts_cli
    from partners.accounts import views as accounts_views
    from partners.activities import cli as activities_cli
    from partners.activities import staff_views as activities_staff_views
    from partners.activities import survey_staff_views, survey_views
    from partners.activities import views as activities_views
    from partners.admin import views as admin_views
    from partners.awards import applicant_views as award_applicant_views
    from partners.awards import erasure as award_erasure  # noqa: F401 - erases applications with their people
    from partners.awards import judge_views as award_judge_views
    from partners.awards import public_views as award_views
    from partners.awards import results_views as award_results_views
    from partners.awards import staff_application_views as award_staff_application_views
    from partners.awards import staff_views as award_staff_views
    from partners.core import views as core_views
    from partners.core.routing import register_converters
    from partners.demo import cli as demo_cli
    from partners.directory import api as directory_api
    from partners.directory import views as directory_views
    from partners.events import attendee_views as event_attendee_views
    from partners.events import checkin_views as event_checkin_views
    from partners.events import cli as events_cli
    from partners.events import public_views as event_views
    from partners.events import registration_views as event_registration_views
    from partners.events import report_views as event_report_views
    from partners.events import staff_views as event_staff_views
    from partners.kpi import cli as kpi_cli
    from partners.kpi import staff_views as kpi_staff_views
    from partners.kpi import views as kpi_views
    from partners.members import cli as members_cli
    from partners.members import contact_views, import_views, staff_home, staff_views
    from partners.members import views as members_views
    from partners.outbox import cli as mail_cli
    from partners.portal import collaboration_views, news_views, seo_views

    register_converters(app)
    for module in (
        core_views, accounts_views, accounts_cli, admin_views, mail_cli, demo_cli,
        members_views, staff_home, staff_views, contact_views, import_views, members_cli,
        event_views, event_registration_views, event_staff_views,
        event_checkin_views, event_attendee_views, event_report_views, events_cli,
        award_views, award_applicant_views, award_staff_views, award_staff_application_views,
        award_results_views, award_judge_views,
        activities_views, activities_staff_views, activities_cli, survey_views, survey_staff_views, kpi_cli,
        kpi_views, kpi_staff_views,
        directory_views, directory_api,
    ):
        app.register_blueprint(module.bp)
    for blueprint in (news_views.bp, news_views.staff_bp, collaboration_views.bp, collaboration_views.showcase_bp,
                      collaboration_views.staff_bp, seo_views.bp):
        app.register_blueprint(blueprint)


def register_shared(app: Flask) -> None:
    from partners.core.badges import register_badges
    from partners.core.errors import register_errorhandlers
    from partners.core.fragments import register_fragments
    from partners.core.i18n import register_i18n
    from partners.core.ratelimit import check_limits_only_where_declared
    from partners.core.security import register_security
    from partners.members.labels import register_labels

    register_security(app)
    register_i18n(app)
    register_fragments(app)
    register_errorhandlers(app)
    register_labels(app)
    register_badges(app)
    check_limits_only_where_declared(app)  # last: blueprints may declare limits

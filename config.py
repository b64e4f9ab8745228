"""Configuration read from environment variables, with safe development defaults.

`APP_ENV` chooses the profile: `development` (what `make run` uses through `.flaskenv`), `testing`, or
`production` (the default, so that a server started without settings refuses to run without a secret key).
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def normalise_database_url(url: str) -> str:
    """Let operators write the plain `postgresql://user@host/db` form whichever driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'partners.db'}")
    )
    # No `pool_pre_ping`: a round trip before every request. A connection the server has ended is found without
    # one (partners.core.database.refuse_connection_the_server_ended).
    SQLALCHEMY_ENGINE_OPTIONS = {}
    # How long a write waits for another writer on SQLite before the person is asked to try again.
    SQLITE_BUSY_TIMEOUT_SECONDS = 10
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
    # The public host name (e.g. "partners.city.tsukuba.example"): links in mail are built from it, never from
    # the Host header a request brings. Production refuses to start without it.
    SERVER_NAME = os.environ.get("SERVER_NAME")
    # Host names requests may carry; anything else is refused with 400. Defaults to SERVER_NAME's host; add the
    # name a load balancer's health check uses, comma-separated.
    TRUSTED_HOSTS = [host.strip() for host in os.environ["TRUSTED_HOSTS"].split(",")] \
        if os.environ.get("TRUSTED_HOSTS") else None
    HSTS_SECONDS = 365 * 24 * 60 * 60

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "SDGs Partners <no-reply@localhost>")
    # "smtp" delivers through MAIL_SERVER; "console" prints each message (development).
    MAIL_TRANSPORT = os.environ.get("MAIL_TRANSPORT", "smtp")
    MAIL_MAX_ATTEMPTS = 8

    # "database://" keeps the counters in the application's database, shared by every app server; a city with
    # Redis sets e.g. "redis://127.0.0.1:6379/0" (pip install '.[redis]').
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
    # Explicit: Flask-Limiter's one limiter otherwise keeps the previous app's setting (an app made without
    # rate limits, as a load test makes one, switched them off for every app made after it in that process).
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    LOGIN_LOCK_AFTER_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    # Mail a person can make the system send (invitations, address changes, verification and reset links),
    # counted across all those routes: per signed-in account, and per recipient address.
    MAIL_RATE_LIMIT_PER_ACCOUNT = os.environ.get("MAIL_RATE_LIMIT_PER_ACCOUNT", "5 per hour")
    MAIL_RATE_LIMIT_PER_ADDRESS = os.environ.get("MAIL_RATE_LIMIT_PER_ADDRESS", "3 per hour")
    PASSWORD_MIN_LENGTH = 10
    TOKEN_MAX_AGE_SECONDS = 24 * 60 * 60

    LANGUAGES = ("ja", "en")
    BABEL_DEFAULT_LOCALE = "ja"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Asia/Tokyo")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "partners" / "translations")

    PROGRAMME_NAME_JA = os.environ.get("PROGRAMME_NAME_JA", "つくばSDGsパートナーズ")
    PROGRAMME_NAME_EN = os.environ.get("PROGRAMME_NAME_EN", "Tsukuba SDGs Partners")
    # The office that runs the programme: the issuer of member certificates and the contact in the footer, on
    # the privacy policy and in mail. The e-mail address is an example until the city names a real one.
    PROGRAMME_OFFICE_JA = os.environ.get("PROGRAMME_OFFICE_JA", "つくば市 政策イノベーション部 持続可能都市戦略課")
    PROGRAMME_OFFICE_EN = os.environ.get(
        "PROGRAMME_OFFICE_EN", "Sustainable City Strategy Division, Policy Innovation Department, Tsukuba City"
    )
    PROGRAMME_OFFICE_ADDRESS_JA = os.environ.get(
        "PROGRAMME_OFFICE_ADDRESS_JA", "〒305-8555 茨城県つくば市研究学園一丁目1番地1"
    )
    PROGRAMME_OFFICE_ADDRESS_EN = os.environ.get(
        "PROGRAMME_OFFICE_ADDRESS_EN", "1-1-1 Kenkyu-gakuen, Tsukuba, Ibaraki 305-8555, Japan"
    )
    PROGRAMME_OFFICE_PHONE = os.environ.get("PROGRAMME_OFFICE_PHONE", "029-883-1111")
    PROGRAMME_OFFICE_EMAIL = os.environ.get("PROGRAMME_OFFICE_EMAIL", "sdgs@city.tsukuba.example")
    PROGRAMME_OFFICE_HOURS_JA = os.environ.get("PROGRAMME_OFFICE_HOURS_JA", "平日 8:30–17:15")
    PROGRAMME_OFFICE_HOURS_EN = os.environ.get("PROGRAMME_OFFICE_HOURS_EN", "Weekdays 8:30–17:15")

    # The programme's own vocabulary: the stored value (Japanese) and its English label. Another city changes
    # these settings, not the code.
    PARTNER_AREAS = [
        ("筑波", "Tsukuba"), ("大穂", "Ōho"), ("豊里", "Toyosato"), ("桜", "Sakura"),
        ("谷田部", "Yatabe"), ("茎崎", "Kukizaki"), ("市外", "Outside the city"),
    ]
    GROUP_TYPES = [
        ("企業", "Company"), ("NPO・市民団体", "NPO / civic group"), ("教育機関", "School"),
        ("大学・研究機関", "University / research institute"), ("行政機関", "Public agency"), ("その他", "Other"),
    ]
    # str.format patterns for member numbers; the counter only goes up, so numbers are never reused.
    MEMBER_NO_FORMATS = {
        "individual": os.environ.get("MEMBER_NO_FORMAT_INDIVIDUAL", "I-{:05d}"),
        "group": os.environ.get("MEMBER_NO_FORMAT_GROUP", "G-{:05d}"),
    }
    INVITATION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60
    # Collaboration requests one partner may send (portal), however many contacts it has.
    COLLABORATION_REQUEST_LIMIT = os.environ.get("COLLABORATION_REQUEST_LIMIT", "5 per day")
    # How long each app server shows the home page's KPI figure before computing it again.
    KPI_HEADLINE_CACHE_SECONDS = int(os.environ.get("KPI_HEADLINE_CACHE_SECONDS", "600"))
    STAFF_PAGE_SIZE = 50
    # Award attachments (kept in the database): per file, per application, and how many files.
    AWARD_MAX_FILE_BYTES = int(os.environ.get("AWARD_MAX_FILE_BYTES", 5 * 1024 * 1024))
    AWARD_MAX_APPLICATION_BYTES = int(os.environ.get("AWARD_MAX_APPLICATION_BYTES", 20 * 1024 * 1024))
    AWARD_MAX_FILES = 10


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    TRUSTED_HOSTS = Config.TRUSTED_HOSTS or ["127.0.0.1", "localhost"]
    HSTS_SECONDS = None
    MAIL_TRANSPORT = os.environ.get("MAIL_TRANSPORT", "console")


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 - fixed key so that tests can sign tokens
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"
    SERVER_NAME = None
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]
    HSTS_SECONDS = None
    MAIL_SERVER = "127.0.0.1"
    MAIL_TRANSPORT = "smtp"
    MAIL_SUPPRESS_SEND = False  # Flask-Mail would drop mail under TESTING; tests read it from a real server
    KPI_HEADLINE_CACHE_SECONDS = 0  # query counts are asserted per request
    RATELIMIT_STORAGE_URI = "database://"


PROFILES = {"development": DevelopmentConfig, "testing": TestConfig, "production": Config}


def config_for_environment() -> type[Config]:
    name = os.environ.get("APP_ENV", "production")
    try:
        return PROFILES[name]
    except KeyError:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(PROFILES)}, not {name!r}") from None

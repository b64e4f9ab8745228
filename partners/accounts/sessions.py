"""Server-side browser sessions. Each login gets a row in `user_sessions`; the session and remember-me cookies
carry only its random token. Deleting the row logs that browser out for good, however the cookies were kept."""

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from flask_login.config import COOKIE_DURATION
from sqlalchemy import ScalarSelect, Select, bindparam, delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.base import manager_of_class

from partners.accounts.models import Role, User, UserRole, UserSession
from partners.audit.services import AUDIT, ENTRY
from partners.core.database import AUTOCOMMIT, read_rows, write_alone
from partners.core.timeutil import utcnow
from partners.extensions import db

# How stale "last seen" may get: writing it on every request would turn every page view into a write.
LAST_SEEN_INTERVAL = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _duration(name: str, default: timedelta) -> timedelta:
    value = current_app.config.get(name, default)
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


# A remembered session lasts as long as its cookie; any other ends after the session lifetime unused. Built once,
# with the two moments as parameters (`_cutoffs`): building the statement of `user_for_token` anew, on every
# signed-in request, cost 0.12 ms of CPU.
_EXPIRED = or_(
    UserSession.created_at < bindparam("remembered_since"),
    UserSession.remember.is_(False) & (UserSession.last_seen_at < bindparam("idle_since")),
)


# labels of the columns beside the user's
_SESSION_ID, _SEEN_AT, _ROLE, _READ, _WRITTEN = "session_id_", "session_seen_at_", "role_", "read_", "written_"


def _live_session() -> Select:
    """The user's row with their session's id and last use, for the session whose token is `token_hash`."""
    return (select(*User.__table__.c, UserSession.id.label(_SESSION_ID), UserSession.last_seen_at.label(_SEEN_AT))
            .join(UserSession, UserSession.user_id == User.id)
            .where(UserSession.token_hash == bindparam("token_hash"), ~_EXPIRED))


@cache
def _live_session_by_token() -> Select:
    """The user's row, their session's id and last use, and a row per role, as plain rows: loading the user
    through the ORM (an entity, its roles joined in and made objects) cost three times the query itself, 0.3 ms
    of CPU on SQLite and 0.5 ms on PostgreSQL, on every signed-in request. Built on first use, not at import:
    building it configures every mapper, which fails while a feature's models are still being imported."""
    return _live_session().add_columns(UserRole.role.label(_ROLE)).outerjoin(UserRole, UserRole.user_id == User.id)


def _cutoffs(now: datetime) -> dict[str, datetime]:
    """The parameters of `_EXPIRED` at `now`."""
    return {"remembered_since": now - _duration("REMEMBER_COOKIE_DURATION", COOKIE_DURATION),
            "idle_since": now - _duration("PERMANENT_SESSION_LIFETIME", timedelta(days=31))}


def start_session(user: User, user_agent: str | None, remember: bool) -> UserSession:
    """Record a new session for `user` and bind its token to the object, for `login_user` to store."""
    now = utcnow()
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id, _EXPIRED), _cutoffs(now))
    token = secrets.token_urlsafe(32)
    row = UserSession(
        user=user,
        token_hash=hash_token(token),
        remember=remember,
        user_agent=(user_agent or "").strip()[: UserSession.USER_AGENT_LENGTH],
        created_at=now,
        last_seen_at=now,
    )
    db.session.add(row)
    db.session.flush()
    user.session_token, user.session_id = token, row.id
    return row


def user_for_token(token: str) -> User | None:
    """The user whose live session carries `token`, or None when it was ended or has expired.

    Read outside the request's transaction (`read_rows`: on PostgreSQL one round trip, no BEGIN), then made the
    session's object as if the ORM had loaded it, so that what a page does with it (a lazy relationship, a
    change saved at the commit) works as with any loaded object. On PostgreSQL the same statement writes the
    audit entry of the page's visit, when one is expected (`expect_visit`)."""
    now = utcnow()
    rows = _person_rows({"token_hash": hash_token(token)} | _cutoffs(now))
    if not rows:
        return None
    first = rows[0]._mapping
    if now - first[_SEEN_AT] >= LAST_SEEN_INTERVAL:
        _mark_seen(first[_SESSION_ID], now)
    user = _as_loaded(first, frozenset(row._mapping[_ROLE] for row in rows if row._mapping[_ROLE] is not None))
    user.session_token, user.session_id = token, first[_SESSION_ID]
    return user


class Visit(NamedTuple):
    """The audit entry of a look at personal data (staff opening the partner list), written on every visit the
    page's roles let through, and a value the page reads with it (`read`, a scalar subquery: the partner lists'
    version). Made from the request alone, before the person is known (`role_required(visit=…)`)."""

    entry: dict  # the parameters of audit.services.ENTRY (its actor_id is taken from the person)
    read: ScalarSelect


_EXPECTED, _VISITED = "partners_expected_visit", "partners_visit_done"  # in flask.g


def expect_visit(visit: Visit, roles: tuple[Role, ...]) -> None:
    """Announce `visit` of a page open to `roles` before the person is read: on PostgreSQL the person's read then
    writes its entry and reads its value in the same statement, one round trip for both."""
    setattr(g, _EXPECTED, (visit, roles))


def _person_rows(parameters: dict) -> list:
    """The rows of `_live_session_by_token`; on PostgreSQL, when a visit is expected, those of
    `_live_session_with_visit`, which also write its entry (noted for `record_visit`)."""
    visit, roles = g.get(_EXPECTED, (None, ())) if has_request_context() else (None, ())
    if visit is None or current_app.extensions[AUTOCOMMIT] is None:
        return read_rows(_live_session_by_token(), parameters)
    rows = write_alone(_live_session_with_visit(roles, visit.read), parameters | visit.entry)
    if rows:
        g.pop(_EXPECTED)
        setattr(g, _VISITED, (visit, rows[0]._mapping[_READ], rows[0]._mapping[_WRITTEN] > 0))
    return rows


def record_visit(visit: Visit, user: User):
    """Once `user` is let through: the visit's entry written (by the person's read, or now on its own when that
    read did not: on SQLite, or when the person was read before the visit was announced), and the value read
    with it."""
    g.pop(_EXPECTED, None)
    done, read, written = g.pop(_VISITED, (None, None, False))
    if done is visit and written:
        return read
    return write_alone(_entry_reading(visit.read), visit.entry | {"actor_id": user.id})[0][0]


@cache
def _entry_reading(read: ScalarSelect):
    """The audit entry's INSERT, returning `read`: built once (a statement built per request cost 0.1 ms of CPU,
    its cache key worked out again on each run)."""
    return ENTRY.returning(read)


@cache
def _live_session_with_visit(roles: tuple[Role, ...], read: ScalarSelect) -> Select:
    """`_live_session_by_token`, with a visit's audit entry and value (PostgreSQL: a data-modifying WITH).

    A look at the staff list was two round trips, the person then the entry; as one (with the role comparisons
    below) a kept page costs the app server 0.63 ms of CPU where it cost 0.73, and PostgreSQL one statement less
    to wake up for: 53 % of a bare page's throughput at 100,000 partners, from 47–48 %. The entry is written
    only for a live session whose person holds one of `roles` or is an admin: the very test `role_required`
    then makes on the roles read in this statement, so an entry is written exactly when the page is let
    through. `written_` tells whether it was."""
    person = _live_session().cte("person")
    # One comparison per role rather than IN: an IN list is written into the SQL on every run (0.02 ms of CPU).
    allowed = exists().where(UserRole.user_id == person.c.id,
                             or_(*(UserRole.role == role for role in sorted({*roles, Role.ADMIN}))))
    columns = ("actor_id", "action", "target_type", "target_id", "detail")
    written = (insert(AUDIT)
               .from_select(columns, select(person.c.id, *(bindparam(name, type_=AUDIT.c[name].type)
                                                            for name in columns[1:])).where(allowed))
               .returning(AUDIT.c.id)
               .cte("written"))
    return (select(person, UserRole.role.label(_ROLE), read.label(_READ),
                   select(func.count()).select_from(written).scalar_subquery().label(_WRITTEN))
            .outerjoin(UserRole, UserRole.user_id == person.c.id))


def _as_loaded(values, roles: frozenset[Role]) -> User:
    """The session's User for a row of `users`: the one it holds already, or a new one it takes as loaded
    (attributes without history, relationships loaded when first used). `roles` spares the query of the roles."""
    key = db.session.identity_key(User, values["id"])
    user = db.session.identity_map.get(key)
    if user is None:
        user = manager_of_class(User).new_instance()
        user.__dict__.update((column.key, values[column.key]) for column in User.__table__.c)
        make_transient_to_detached(user)
        db.session.add(user)
        user.roles_at_load = roles
    return user


def _mark_seen(session_id: int, now: datetime) -> None:
    """Apart from the request's transaction (`write_alone`), which it neither commits nor holds up."""
    write_alone(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now), {})


def active_sessions(user: User) -> list[UserSession]:
    return list(db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, ~_EXPIRED)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()),
        _cutoffs(utcnow()),
    ))


def end_session(user: User, session_id: int) -> bool:
    """End one of `user`'s sessions; False when `session_id` is not one of theirs."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        return False
    db.session.delete(row)
    return True


def end_other_sessions(user: User, keep_session_id: int | None) -> None:
    """Log every other browser of `user` out, remember-me cookies included; None ends them all."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_session_id is not None:
        query = query.where(UserSession.id != keep_session_id)
    db.session.execute(query, execution_options={"synchronize_session": False})
    db.session.expire(user, ["sessions"])


BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("CriOS/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def describe_device(user_agent: str) -> str:
    """A short name people recognise ("Firefox on Windows"), from the browser's own description."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in SYSTEMS if marker in user_agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("Unknown device")

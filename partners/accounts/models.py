from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from partners.core.dbtypes import UTCDateTime, enum_column
from partners.core.timeutil import utcnow
from partners.extensions import db


class Role(StrEnum):
    STAFF = "staff"
    JUDGE = "judge"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # SQLite would otherwise hand a deleted account's id to the next sign-up (see partners/core/database.py).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="ja")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    role_grants: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    sessions: Mapped[list["UserSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserSession.last_seen_at.desc()"
    )

    # The browser session this object was loaded for (see partners.accounts.sessions); not stored.
    session_token = None
    session_id = None
    # The roles read with the session (partners.accounts.sessions), so that a signed-in page needs no query of
    # them; None on any other load, and from the moment they are changed here.
    roles_at_load = None  # frozenset[Role] | None: a plain annotation would make it a column

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    def get_id(self) -> str | None:
        """What the session and remember-me cookies carry: the browser session's token, not the user id, so
        that ending the session on the server makes both cookies worthless."""
        return self.session_token

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return password_matches(self.password_hash, password)

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def roles(self) -> set[Role] | frozenset[Role]:
        if self.roles_at_load is not None:
            return self.roles_at_load
        return {grant.role for grant in self.role_grants}

    def has_role(self, role: Role | str) -> bool:
        """Admins may do whatever staff and judges may do."""
        roles = self.roles
        return Role(role) in roles or Role.ADMIN in roles

    def grant(self, role: Role | str) -> None:
        self.roles_at_load = None
        if Role(role) not in self.roles:
            self.role_grants.append(UserRole(role=Role(role)))

    def revoke(self, role: Role | str) -> None:
        self.roles_at_load = None
        self.role_grants = [grant for grant in self.role_grants if grant.role != Role(role)]


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def password_matches(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_grants")


class UserSession(db.Model):
    """A browser that is logged in. Only the hash of its token is stored: a copy of this table does not let
    anyone log in, and deleting the row ends the session and its remember-me cookie for good."""

    __tablename__ = "user_sessions"

    USER_AGENT_LENGTH = 200

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(USER_AGENT_LENGTH), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="sessions")

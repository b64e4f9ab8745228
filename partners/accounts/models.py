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

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def roles(self) -> set[Role]:
        return {grant.role for grant in self.role_grants}

    def has_role(self, role: Role | str) -> bool:
        """Admins may do whatever staff and judges may do."""
        roles = self.roles
        return Role(role) in roles or Role.ADMIN in roles

    def grant(self, role: Role | str) -> None:
        if Role(role) not in self.roles:
            self.role_grants.append(UserRole(role=Role(role)))

    def revoke(self, role: Role | str) -> None:
        self.role_grants = [grant for grant in self.role_grants if grant.role != Role(role)]


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_grants")

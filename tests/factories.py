"""Small builders for test data. Each commits and hands back a detached object whose fields can be read
after the app context has gone. Password hashing is the real scrypt, done once per password."""

from functools import cache
from itertools import count

from flask import Flask
from werkzeug.security import generate_password_hash

from partners.accounts.models import Role, User
from partners.core.timeutil import utcnow
from partners.extensions import db

PASSWORD = "correct-horse-battery"  # noqa: S105
_sequence = count(1)


@cache
def password_hash(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def saved(app: Flask, record):
    with app.app_context():
        db.session.add(record)
        db.session.commit()
        db.session.refresh(record)
        db.session.expunge(record)
    return record


def gen_user(
    app: Flask,
    email: str | None = None,
    name: str = "テスト 利用者",
    password: str = PASSWORD,
    roles: tuple[Role, ...] = (),
    verified: bool = True,
    locale: str = "ja",
) -> User:
    user = User(
        email=email or f"user{next(_sequence)}@example.jp",
        name=name,
        password_hash=password_hash(password),
        locale=locale,
        failed_logins=0,
        email_verified_at=utcnow() if verified else None,
    )
    for role in roles:
        user.grant(role)
    return saved(app, user)


def gen_partner(
    app: Flask,
    kind: str = "individual",
    status: str = "active",
    owner: User | None = None,
    name: str = "筑波 花子",
    name_kana: str = "ツクバ ハナコ",
    area: str = "筑波",
    goals: tuple[int, ...] = (11, 13),
    **fields,
):
    """A partner as if it had applied (and, for status active, been certified or approved by staff)."""
    from partners.members import lifecycle, profiles
    from partners.members.models import Partner, PartnerKind, PartnerStatus
    from partners.members.search import reindex

    with app.test_request_context():
        owner_user = db.session.get(User, owner.id) if owner else None
        data = profiles.ProfileData(name=name, name_kana=name_kana, area=area, goals=list(goals))
        for key, value in fields.items():
            setattr(data, key, value)
        if kind == "group" and data.group_type is None:
            data.group_type = "企業"
        if owner_user is not None:
            partner = profiles.apply(owner_user, PartnerKind(kind), data)
        else:
            partner = Partner(kind=PartnerKind(kind), status=PartnerStatus.APPLIED)
            profiles.fill_profile(partner, data)
            db.session.add(partner)
            lifecycle.record_initial_status(partner, None)
            db.session.flush()
            reindex(partner)
        if status in {"active", "suspended", "withdrawn"}:
            if partner.is_individual:
                lifecycle.certify_individual(partner, None, "test")
            else:
                lifecycle.approve_group(partner, None, "test")
        if status == "suspended":
            lifecycle.suspend(partner, None, "test")
        elif status == "withdrawn":
            lifecycle.withdraw(partner, None, "test")
        elif status in {"changes_requested", "rejected"}:
            lifecycle.change_status(partner, PartnerStatus(status), None, "test")
            partner.review_comment = "test"
        db.session.commit()
        partner_id = partner.id
    with app.app_context():
        partner = db.session.get(Partner, partner_id)
        _ = partner.goals, partner.contacts
        db.session.expunge_all()
    return partner

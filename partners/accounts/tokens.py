"""Signed, expiring links. Each carries a fingerprint of the state it changes, so it works only once:
after the change the fingerprint no longer matches."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class InvalidToken(Exception):
    """The link is forged, expired, or already used."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"partners.{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int | None = None) -> dict:
    max_age = max_age or current_app.config["TOKEN_MAX_AGE_SECONDS"]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature) as error:
        raise InvalidToken from error
    if not isinstance(payload, dict):
        raise InvalidToken
    return payload


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]

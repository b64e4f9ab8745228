"""The programme office: the issuer of member certificates and whom people contact. Its details are settings, so
another city names its own office without changing code."""

from dataclasses import dataclass

from flask import current_app

from partners.core.i18n import current_language


@dataclass(frozen=True)
class Office:
    name: str
    address: str
    phone: str
    email: str
    hours: str


def programme_office() -> Office:
    """The office's details in the current language (the recipient's, inside a mail)."""
    config = current_app.config
    suffix = "JA" if current_language() == "ja" else "EN"
    return Office(
        name=config[f"PROGRAMME_OFFICE_{suffix}"],
        address=config[f"PROGRAMME_OFFICE_ADDRESS_{suffix}"],
        phone=config["PROGRAMME_OFFICE_PHONE"],
        email=config["PROGRAMME_OFFICE_EMAIL"],
        hours=config[f"PROGRAMME_OFFICE_HOURS_{suffix}"],
    )

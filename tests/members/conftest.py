"""Fixtures for the partner tests: a group with its owner (English-speaking, so messages read the same whatever
the Japanese catalogue holds)."""

import pytest

from tests.factories import gen_partner, gen_user
from tests.members.contact_helpers import GROUP


@pytest.fixture
def owner(app):
    return gen_user(app, email="owner@example.jp", name="Owner Oda", locale="en")


@pytest.fixture
def group(app, owner, outbox):
    """An active group whose only contact is its owner; the welcome mail is out of the way."""
    partner = gen_partner(app, kind="group", owner=owner, name=GROUP, name_kana="ツクバカンキョウネット")
    outbox.deliver()
    return partner

"""Whether an address has an account must not show in how long the answer takes: every path does the same
scrypt work. Counted, not timed, so that the test cannot be flaky."""

import pytest

import partners.accounts.models as account_models
from tests.accounts.test_signup import GOOD, SIGNUP
from tests.factories import gen_user


@pytest.fixture
def hashing(monkeypatch):
    """Counts the real scrypt calls: checks of a password against a hash, and new hashes."""
    counts = {"check": 0, "generate": 0}
    real_check, real_generate = account_models.check_password_hash, account_models.generate_password_hash

    def check(*args, **kwargs):
        counts["check"] += 1
        return real_check(*args, **kwargs)

    def generate(*args, **kwargs):
        counts["generate"] += 1
        return real_generate(*args, **kwargs)

    monkeypatch.setattr(account_models, "check_password_hash", check)
    monkeypatch.setattr(account_models, "generate_password_hash", generate)

    def work_for(action) -> dict[str, int]:
        counts.update(check=0, generate=0)
        action()
        return dict(counts)

    return work_for


def test_a_login_costs_one_password_check_whether_or_not_the_address_has_an_account(app, browser, hashing):
    gen_user(app, email="hana@example.jp")
    browser.login("nobody@example.jp", "wrong-password-1")  # the stand-in hash is made once per process

    unknown = hashing(lambda: browser.login("nobody@example.jp", "wrong-password-1"))
    wrong = hashing(lambda: browser.login("hana@example.jp", "wrong-password-1"))
    assert unknown == wrong == {"check": 1, "generate": 0}


def test_a_locked_account_costs_the_same_password_check(app, browser, hashing):
    gen_user(app, email="hana@example.jp")
    browser.login("nobody@example.jp", "wrong-password-1")
    for _ in range(app.config["LOGIN_LOCK_AFTER_FAILURES"]):
        browser.login("hana@example.jp", "wrong-password-1")

    assert hashing(lambda: browser.login("hana@example.jp", "wrong-password-1")) == {"check": 1, "generate": 0}


def test_signing_up_with_a_taken_address_costs_the_same_hashing_as_a_new_account(app, browser, hashing):
    new = hashing(lambda: browser.submit(SIGNUP, GOOD))
    taken = hashing(lambda: browser.submit(SIGNUP, GOOD | {"name": "別の 人"}))
    assert new == taken == {"check": 0, "generate": 1}

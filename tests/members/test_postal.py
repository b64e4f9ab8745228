"""Postal code (郵便番号) → address: the service, and the JSON endpoint that postal.js calls."""

from urllib.parse import quote

import pytest

from partners.members.postal import lookup_address, normalise_postal_code
from tests.factories import gen_user


@pytest.mark.parametrize("written", ["305-0031", "３０５－００３１", "3050031", " 〒305 0031 ", "305ー0031"])
def test_every_usual_way_of_writing_a_code_finds_the_address(written):
    assert lookup_address(written) == "茨城県つくば市吾妻"
    assert normalise_postal_code(written) == "305-0031"


@pytest.mark.parametrize("written", ["0000000", "305-003", "30500311", "abc-defg", "", None])
def test_unknown_or_malformed_codes_have_no_address(written):
    assert lookup_address(written) is None


def test_a_malformed_code_is_kept_as_typed_for_the_form_to_show():
    assert normalise_postal_code(" ３０５－００３ ") == "305-003"
    assert normalise_postal_code(None) == ""


def test_a_code_for_several_towns_gives_only_what_they_share():
    # 068-0546 covers two neighbourhoods of Yūbari: filling in either one could be wrong.
    assert lookup_address("068-0546") == "北海道夕張市"


def test_an_office_code_gives_the_office_address():
    assert lookup_address("100-8926") == "東京都千代田区霞が関2丁目1-2"


def test_endpoint_answers_with_the_address_as_json(app, browser):
    gen_user(app, email="hana@example.jp", locale="en")
    browser.login("hana@example.jp")

    response = browser.client.get("/members/postal-code/305-0031")
    assert response.status_code == 200
    assert response.get_json() == {
        "postal_code": "305-0031",
        "address": "茨城県つくば市吾妻",
        "message": "Address for 305-0031: 茨城県つくば市吾妻",
        "offer": "Address found: 茨城県つくば市吾妻",
    }
    full_width = browser.client.get("/members/postal-code/" + quote("３０５００３１"))
    assert full_width.get_json()["postal_code"] == "305-0031"


def test_endpoint_answers_404_json_for_an_unknown_code(app, browser):
    gen_user(app, email="hana@example.jp", locale="en")
    browser.login("hana@example.jp")
    response = browser.client.get("/members/postal-code/000-0000")
    assert response.status_code == 404
    assert response.get_json() == {"error": "No address was found for this postal code."}
    assert browser.client.get("/members/postal-code/hello").status_code == 404


def test_endpoint_is_for_logged_in_users_only(client):
    response = client.get("/members/postal-code/305-0031")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login?next=")

"""Partner lists are kept under the lists' version (partners/members/list_version.py): asked again, a list costs no
search, and any change to what it shows — however it is written — is on the next page."""

import pytest
from sqlalchemy import text, update

from partners.accounts.models import Role
from partners.extensions import db
from partners.members import lifecycle, list_version
from partners.members.models import Partner, PartnerGoal
from tests.conftest import count_queries
from tests.factories import gen_partner, gen_user


def version(app):
    with app.app_context():
        return list_version.current()


def test_a_visitor_asking_for_the_same_list_again_costs_one_query(app, client):
    gen_partner(app, name="森の学校", name_kana="モリノガッコウ")
    assert count_queries(app, client, "/directory/?q=森") > 1
    assert count_queries(app, client, "/directory/?q=森") == 1
    assert "森の学校" in client.get("/directory/?q=森").get_data(as_text=True)


def test_a_kept_list_shows_a_new_name_that_searches_the_same(app, client):
    """Full-width letters fold to the same search text, so the search index does not change: the name does."""
    partner = gen_partner(app, name="ＧＲＥＥＮ工房", name_kana="グリーンコウボウ")
    assert "ＧＲＥＥＮ工房" in client.get("/directory/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Partner, partner.id).name = "GREEN工房"
        db.session.commit()
    page = client.get("/directory/").get_data(as_text=True)
    assert "GREEN工房" in page and "ＧＲＥＥＮ工房" not in page


def test_a_kept_list_loses_a_partner_withdrawn_by_a_raw_statement(app, client):
    partner = gen_partner(app, name="森の学校", name_kana="モリノガッコウ")
    assert "森の学校" in client.get("/directory/").get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(Partner).where(Partner.id == partner.id).values(visibility_listing="private"))
        db.session.execute(text("DELETE FROM partner_search_docs"))
        db.session.commit()
    assert "森の学校" not in client.get("/directory/").get_data(as_text=True)


def test_the_staff_list_counts_and_rows_follow_every_change(app, browser):
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    client = browser.client
    first = gen_partner(app, name="一人目", name_kana="ヒトリメ")
    page = client.get("/staff/partners").get_data(as_text=True)
    assert "一人目" in page and "<strong>1</strong>" in page
    again = count_queries(app, client, "/staff/partners")
    gen_partner(app, name="二人目", name_kana="フタリメ")
    page = client.get("/staff/partners").get_data(as_text=True)
    assert "二人目" in page and "<strong>2</strong>" in page
    with app.app_context():
        lifecycle.suspend(db.session.get(Partner, first.id), None, "test")
        db.session.commit()
    page = client.get("/staff/partners").get_data(as_text=True)
    assert "<strong>1</strong>" in page
    assert count_queries(app, client, "/staff/partners") == again


@pytest.mark.parametrize("change", ["goal", "name", "delete"])
def test_every_write_to_what_lists_show_changes_the_version_and_a_rollback_does_not(app, change):
    partner = gen_partner(app)
    before = version(app)
    with app.app_context():
        db.session.execute(update(Partner).values(name="戻される"))
        db.session.rollback()
    assert version(app) == before
    with app.app_context():
        if change == "goal":
            db.session.add(PartnerGoal(partner_id=partner.id, goal=1))
        elif change == "name":
            db.session.execute(update(Partner).where(Partner.id == partner.id).values(name="新しい名前"))
        else:
            db.session.delete(db.session.get(Partner, partner.id))
        db.session.commit()
    assert version(app) not in {before, None}


def test_on_postgresql_writers_of_different_partners_do_not_wait_for_each_other(app):
    """The version is written at commit, so it is no lock held through a transaction (a long import would
    otherwise hold up every other change to a partner, and two writers could deadlock on it)."""
    first, second = gen_partner(app, name="一人目"), gen_partner(app, name="二人目")
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer at a time anyway")
        with db.engine.connect() as one, db.engine.connect() as other:
            one.execute(update(Partner).where(Partner.id == first.id).values(name="変更中"))
            other.execute(text("SET lock_timeout = '2s'"))
            other.execute(update(Partner).where(Partner.id == second.id).values(name="先に確定"))
            other.commit()
            one.commit()
        assert list_version.current() is not None

"""The demo award data: the 2023 round published with 44 applications and 6 winners on the report's themes,
scored by several judges with one declared conflict, and this year's round open."""

from sqlalchemy import func, select

from partners.accounts.models import User
from partners.awards.models import AwardApplication, AwardRound, ConflictOfInterest, ScoreSheet
from partners.core.timeutil import local_today
from partners.demo.awards import seed_awards
from partners.extensions import db
from tests.factories import gen_user


def test_the_demo_has_a_published_past_round_and_an_open_round_for_this_year(app, browser):
    staff = gen_user(app, email="staff@example.jp", roles=("staff",))
    gen_user(app, email="citizen@example.jp", name="筑波 みどり")
    with app.test_request_context():
        seed_awards(db.session.get(User, staff.id))
        db.session.commit()
        seed_awards(db.session.get(User, staff.id))  # a second run adds nothing
        db.session.commit()
        past, current = db.session.scalars(select(AwardRound).order_by(AwardRound.year)).all()
        by_status = dict(db.session.execute(select(AwardApplication.status, func.count()).where(
            AwardApplication.round_id == past.id).group_by(AwardApplication.status)).all())
        judges = db.session.scalar(select(func.count(ScoreSheet.judge_id.distinct())))
        conflicts = db.session.scalar(select(func.count()).select_from(ConflictOfInterest))
        winners = db.session.scalars(select(AwardApplication.title).where(AwardApplication.status == "awarded")).all()
        assert (past.year, past.status, current.year, current.status) == (2023, "published", local_today().year,
                                                                          "open")
    assert by_status == {"awarded": 6, "not_awarded": 38}
    assert judges >= 3 and conflicts == 1
    assert all(theme in " ".join(winners) for theme in ("子育て", "コンポスト", "リユース", "食品ロス"))
    public = browser.client.get(f"/awards/{past.id}").get_data(as_text=True)
    assert public.count('class="card winner"') == 6 and "多国籍の親子がつながる子育てサロン" in public
    assert "募集中" in browser.client.get("/awards/").get_data(as_text=True)

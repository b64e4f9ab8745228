"""Award rounds, applications and judging for tests, made through the services as staff, applicants and judges
make them."""

from datetime import timedelta

from flask import Flask

from partners.accounts.models import Role, User
from partners.awards import applications, decisions, judging, rounds
from partners.awards.applications import ApplicationData
from partners.awards.decisions import AwardChoice
from partners.awards.models import AwardApplication, AwardRound, RankingMethod, RoundStatus
from partners.awards.rounds import CriterionData, RoundData
from partners.core.timeutil import utcnow
from partners.extensions import db
from tests.factories import gen_user

CRITERIA = [CriterionData("先進性", 2, 5, "新しさ"), CriterionData("波及効果", 1, 5, "広がり")]
ORDER = [RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.JUDGING]


def gen_staff(app: Flask, email: str = "staff@example.jp") -> User:
    return gen_user(app, email=email, name="市職員 花子", roles=(Role.STAFF,))


def gen_judge(app: Flask, email: str, name: str) -> User:
    return gen_user(app, email=email, name=name, roles=(Role.JUDGE,))


def gen_round(app: Flask, staff: User, status: str = "open", blind: bool = True, criteria=None,
              tiers=(("大賞", 1), ("優秀賞", 2)), judges_per_application: int = 2,
              method: RankingMethod = RankingMethod.Z_SCORE, tie_break=("criterion", "top_scores"),
              tie_criterion: str = "先進性", closes_in: timedelta = timedelta(days=7)) -> AwardRound:
    now = utcnow()
    data = RoundData(year=2026, title="つくばSDGsアワード2026", opens_at=now - timedelta(days=1),
                     closes_at=now + closes_in, call_text="## 募集\n市内の取組を募集します。",
                     categories=["市民部門", "事業者部門"], tiers=list(tiers), criteria=list(criteria or CRITERIA),
                     judges_per_application=judges_per_application, blind=blind, ranking_method=method,
                     tie_break=list(tie_break), tie_break_criterion=tie_criterion)
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        round_ = rounds.create_round(data, actor)
        db.session.commit()
        round_id = round_.id
    advance(app, round_id, staff, status)
    return fresh_round(app, round_id)


def advance(app: Flask, round_id: int, staff: User, status: str) -> None:
    """Move the round forward to `status` (the deadline is moved into the past to close it)."""
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        round_ = db.session.get(AwardRound, round_id)
        while ORDER.index(round_.status) < ORDER.index(RoundStatus(status)):
            if round_.status == RoundStatus.DRAFT:
                rounds.open_round(round_, actor)
            elif round_.status == RoundStatus.OPEN:
                round_.closes_at = utcnow() - timedelta(seconds=1)
                rounds.close_round(round_, actor)
            elif round_.status == RoundStatus.CLOSED:
                rounds.start_judging(round_, actor)
            db.session.commit()


def fresh_round(app: Flask, round_id: int) -> AwardRound:
    with app.app_context():
        round_ = db.session.get(AwardRound, round_id)
        _ = round_.categories, round_.tiers, round_.criteria
        db.session.expunge_all()
    return round_


def gen_application(app: Flask, round_: AwardRound, applicant: User | None = None, submit: bool = True,
                    **fields) -> AwardApplication:
    """A complete application, submitted unless told otherwise; the round must be open."""
    applicant = applicant or gen_user(app, name="応募 太郎")
    data = ApplicationData(title="多国籍子育てサロン", category_id=round_.categories[0].id,
                           summary="外国出身の親子が集う子育てサロンを運営しています。",
                           description="毎週土曜に多言語で相談会を開いています。", goals=[4, 10],
                           group_name="多文化ママの会", contact_name=applicant.name, contact_email=applicant.email,
                           contact_phone="029-000-0000", publish_name=True)
    for name, value in fields.items():
        setattr(data, name, value)
    with app.test_request_context():
        person = db.session.get(User, applicant.id)
        application = applications.start_application(db.session.get(AwardRound, round_.id), person, data)
        db.session.add(application)
        db.session.flush()
        if submit:
            applications.submit(application, person)
        db.session.commit()
        application_id = application.id
    return fresh_application(app, application_id)


def fresh_application(app: Flask, application_id: int) -> AwardApplication:
    with app.app_context():
        application = db.session.get(AwardApplication, application_id)
        db.session.expunge_all()
    return application


def screen_all(app: Flask, round_id: int, staff: User, ineligible: dict[int, str] | None = None) -> None:
    ineligible = ineligible or {}
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        for application in db.session.query(AwardApplication).filter_by(round_id=round_id, status="submitted"):
            applications.screen(application, application.id not in ineligible, ineligible.get(application.id, ""),
                                actor)
        db.session.commit()


def declare(app: Flask, round_id: int, judge: User, conflicts: set[int] = frozenset()) -> None:
    with app.test_request_context():
        judging.declare(db.session.get(AwardRound, round_id), db.session.get(User, judge.id), set(conflicts), "")
        db.session.commit()


def assign(app: Flask, application_id: int, judge: User, staff: User) -> None:
    with app.test_request_context():
        judging.assign(db.session.get(AwardApplication, application_id), db.session.get(User, judge.id),
                       db.session.get(User, staff.id))
        db.session.commit()


def score(app: Flask, application_id: int, judge: User, values: list[int], submit: bool = True,
          comment: str = "") -> None:
    """Score the criteria in their order."""
    with app.test_request_context():
        application = db.session.get(AwardApplication, application_id)
        by_criterion = {c.id: value for c, value in zip(application.round.criteria, values, strict=True)}
        judging.save_scores(application_id, db.session.get(User, judge.id), by_criterion, comment, submit)
        db.session.commit()


def decide_and_publish(app: Flask, round_id: int, staff: User, awards: dict[int, str], publish: bool = True) -> None:
    """Decide a judging round, giving each application id the tier of that name (with a reason), and publish
    its results unless told otherwise."""
    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        round_ = db.session.get(AwardRound, round_id)
        tiers = {tier.name: tier.id for tier in round_.tiers}
        decisions.decide(round_, [AwardChoice(application_id, tiers[tier], f"{tier}の授賞理由（審査会）")
                                  for application_id, tier in awards.items()], actor)
        db.session.commit()
        if publish:
            decisions.publish(round_, actor)
            db.session.commit()

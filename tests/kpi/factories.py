"""Partners with a history on given days, and what they did: the data the KPI reads, built directly."""

import secrets
from datetime import date, datetime, time, timedelta

from flask import Flask

from partners.activities.models import (
    YES,
    ActivityKind,
    ActivityReport,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
)
from partners.core.timeutil import local_zone
from partners.events.models import (
    AttendanceMode,
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from partners.extensions import db
from partners.members import lifecycle
from partners.members.models import Partner, PartnerContact, PartnerKind, PartnerStatus
from partners.members.numbers import issue_member_no


def at(day: date, hour: int = 12) -> datetime:
    """`hour` o'clock on `day` in Asia/Tokyo, as aware UTC (needs an app context)."""
    return datetime.combine(day, time(hour), tzinfo=local_zone())


def gen_member(app: Flask, joined: date, kind: str = "individual", withdrawn: date | None = None,
               suspended: date | None = None, reinstated: date | None = None, user_id: int | None = None) -> int:
    """A partner active from `joined` (noon), withdrawn or suspended at noon of the days given."""
    with app.app_context():
        partner = Partner(kind=PartnerKind(kind), status=PartnerStatus.APPLIED, name="テスト", name_kana="テスト",
                          area="筑波", applied_at=at(joined, 9))
        db.session.add(partner)
        lifecycle.record_initial_status(partner, None, "", at(joined, 9))
        lifecycle.change_status(partner, PartnerStatus.ACTIVE, None, "test", at(joined))
        partner.member_no, partner.joined_on, partner.certified_at = issue_member_no(partner.kind), joined, at(joined)
        if suspended:
            lifecycle.change_status(partner, PartnerStatus.SUSPENDED, None, "test", at(suspended))
        if reinstated:
            lifecycle.change_status(partner, PartnerStatus.ACTIVE, None, "test", at(reinstated))
        if withdrawn:
            lifecycle.change_status(partner, PartnerStatus.WITHDRAWN, None, "test", at(withdrawn))
        if user_id:
            partner.contacts.append(PartnerContact(user_id=user_id))
        db.session.commit()
        return partner.id


def gen_report(app: Flask, partner_id: int, day: date, kind: str = "volunteer", title: str = "清掃活動") -> int:
    with app.app_context():
        report = ActivityReport(partner_id=partner_id, activity_date=day, title=title, kind=ActivityKind(kind))
        db.session.add(report)
        db.session.commit()
        return report.id


def gen_attendance(app: Flask, starts: datetime | date, partner_id: int | None = None,
                   group_partner_id: int | None = None, user_id: int | None = None,
                   status: str = "attended", kind: str = "lecture") -> None:
    with app.app_context():
        starts_at = at(starts, 14) if not isinstance(starts, datetime) else starts
        event = Event(kind=EventKind(kind), status=EventStatus.FINISHED, title="講座", starts_at=starts_at,
                      ends_at=starts_at + timedelta(hours=2), format=EventFormat.IN_PERSON,
                      ical_uid=secrets.token_hex(8))
        db.session.add(event)
        db.session.flush()
        db.session.add(Registration(event_id=event.id, partner_id=partner_id, group_partner_id=group_partner_id,
                                    user_id=user_id, mode=AttendanceMode.IN_PERSON,
                                    status=RegistrationStatus(status), check_in_code=secrets.token_hex(4)))
        db.session.commit()


def gen_survey_answer(app: Flask, partner_id: int, closes_on: date, value: str = YES,
                      counts_as_participation: bool = True) -> None:
    with app.app_context():
        survey = Survey(title="年次アンケート", opens_on=closes_on - timedelta(days=30), closes_on=closes_on)
        question = SurveyQuestion(position=1, text="参加しましたか", kind=QuestionKind.YES_NO,
                                  counts_as_participation=counts_as_participation)
        survey.questions.append(question)
        db.session.add(survey)
        db.session.flush()
        invitation = SurveyInvitation(survey_id=survey.id, partner_id=partner_id, answered_at=at(closes_on))
        invitation.answers.append(SurveyAnswer(question_id=question.id, value=value))
        db.session.add(invitation)
        db.session.commit()


def gen_partners_indicator(app: Flask, reported: str | None = "60.9", computed: str | None = "participation_rate",
                           is_public: bool = True, **fields) -> int:
    """The progress sheet's partners row: baseline 38.1 % (2019-12), target 43.9 % (2024), and the 60.9 % reported
    for 2023-12."""
    from decimal import Decimal

    from partners.kpi.models import Indicator, IndicatorActual

    with app.app_context():
        indicator = Indicator(
            code=fields.pop("code", "partners_participation"), position=fields.pop("position", 1),
            initiative_ja="つくばSDGsパートナーズの推進", initiative_en="Tsukuba SDGs Partners",
            name_ja="パートナーがSDGsの取組に参加している割合", name_en="Share of partners taking part",
            unit_ja="%", unit_en="%", decimals=1, computed=computed, is_public=is_public,
            baseline_on=date(2019, 12, 31), baseline_value=Decimal("38.1"),
            target_on=date(2024, 12, 31), target_value=Decimal("43.9"),
            next_plan_note="目標値を引き上げる。", **fields)
        if reported:
            indicator.actuals.append(IndicatorActual(as_of=date(2023, 12, 31), value=Decimal(reported),
                                                     source_note="令和5年度 報告シート"))
        db.session.add(indicator)
        db.session.commit()
        return indicator.id

"""The annual survey: staff open it for a window with its questions; every active partner is mailed a personal
link and reminded once; each partner answers once (a group by any of its contacts); staff follow the response
rate and download the answers. A "yes" to the participation question counts for the KPI in the year the survey
closes (partners/kpi/participation.py)."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partners.accounts.models import User
from partners.accounts.tokens import InvalidToken, make_token, read_token
from partners.activities.models import NO, YES, QuestionKind, Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion
from partners.audit.services import record
from partners.core.timeutil import local_today, local_zone, utcnow
from partners.extensions import db
from partners.members.lifecycle import mail_about
from partners.members.models import Partner, PartnerStatus
from partners.outbox.services import queue_mail

TOKEN_PURPOSE = "survey"  # noqa: S105 - the signing salt of survey links, not a secret
# A link works until well after any survey's window; the window itself decides whether answers are taken.
TOKEN_MAX_AGE = int(timedelta(days=500).total_seconds())
PARTICIPATION_QUESTION = ("過去1年間に、SDGsに関する社会課題の取組（ボランティア、イベント参加、自主事業、"
                          "他のパートナーとの連携など）に参加しましたか。")
AWARENESS_QUESTION = "SDGsについて、どの程度ご存じですか。"
AWARENESS_CHOICES = "内容をよく知っている\n内容をある程度知っている\n言葉を聞いたことがある程度\n知らない"
ANSWER_WORDS = {YES: "はい", NO: "いいえ"}


class SurveyError(Exception):
    """The step is not possible now; the message is already in the user's language."""


@dataclass
class SurveyData:
    title: str
    opens_on: date
    closes_on: date
    participation_question: str = PARTICIPATION_QUESTION
    awareness_question: str = AWARENESS_QUESTION
    awareness_choices: str = AWARENESS_CHOICES
    extra_questions: str = ""  # yes/no questions, one a line


@dataclass(frozen=True)
class ResponseRate:
    invited: int
    answered: int

    @property
    def percent(self) -> int | None:
        return round(self.answered * 100 / self.invited) if self.invited else None


def create_survey(data: SurveyData, actor: User) -> Survey:
    if data.closes_on < data.opens_on:
        raise SurveyError(_l("The survey must close on or after the day it opens."))
    survey = Survey(title=data.title, opens_on=data.opens_on, closes_on=data.closes_on, created_by_id=actor.id)
    questions = [SurveyQuestion(text=data.participation_question, kind=QuestionKind.YES_NO,
                                counts_as_participation=True)]
    if data.awareness_question:
        questions.append(SurveyQuestion(text=data.awareness_question, kind=QuestionKind.CHOICE,
                                        choices=data.awareness_choices))
    questions += [SurveyQuestion(text=line.strip(), kind=QuestionKind.YES_NO)
                  for line in data.extra_questions.splitlines() if line.strip()]
    for position, question in enumerate(questions, start=1):
        question.position = position
    survey.questions = questions
    db.session.add(survey)
    db.session.flush()
    record(actor, "survey.create", "survey", survey.id)
    return survey


def is_open(survey: Survey, today: date | None = None) -> bool:
    return survey.opens_on <= (today or local_today()) <= survey.closes_on


def invite(survey: Survey, actor: User) -> int:
    """Give every active partner not yet invited its place and mail its contacts the link. Returns how many."""
    if not is_open(survey):
        raise SurveyError(_l("Invitations go out while the survey is open."))
    invited = select(SurveyInvitation.partner_id).where(SurveyInvitation.survey_id == survey.id)
    partners = db.session.scalars(select(Partner).where(Partner.status == PartnerStatus.ACTIVE,
                                                        Partner.id.not_in(invited)).order_by(Partner.id)).all()
    now = utcnow()
    for partner in partners:
        invitation = SurveyInvitation(survey_id=survey.id, partner_id=partner.id, mailed_at=now)
        db.session.add(invitation)
        db.session.flush()
        _mail(invitation, partner, "survey_invitation", _l("Please answer the annual survey"))
    survey.invited_at = survey.invited_at or now
    record(actor, "survey.invite", "survey", survey.id, detail=f"invited={len(partners)}")
    return len(partners)


def remind(survey: Survey, actor: User) -> int:
    """Mail once more the partners that have not answered; a survey is reminded only once."""
    if survey.reminded_at is not None:
        raise SurveyError(_l("The reminder was already sent."))
    if not is_open(survey) or survey.invited_at is None:
        raise SurveyError(_l("A reminder goes out while the survey is open, after the invitations."))
    waiting = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id,
                                                                SurveyInvitation.answered_at.is_(None))).all()
    now = utcnow()
    for invitation in waiting:
        if invitation.partner.status == PartnerStatus.ACTIVE:
            invitation.reminded_at = now
            _mail(invitation, invitation.partner, "survey_reminder", _l("Reminder: the annual survey"))
    survey.reminded_at = now
    record(actor, "survey.remind", "survey", survey.id)
    return len(waiting)


def _mail(invitation: SurveyInvitation, partner: Partner, template: str, subject) -> None:
    link = url_for("surveys.answer", token=make_token(TOKEN_PURPOSE, {"invitation": invitation.id}), _external=True)
    recipients = [(contact.user.email, contact.user.locale, contact.user.name) for contact in partner.contacts]
    if not recipients and partner.email:
        recipients = [(partner.email, "ja", partner.name)]
    for email, locale, name in recipients:
        queue_mail(template, email, locale, subject, about=mail_about(partner), partner=partner,
                   survey=invitation.survey, recipient_name=name, link=link)


def invitation_for(token: str) -> SurveyInvitation:
    try:
        payload = read_token(TOKEN_PURPOSE, token, max_age=TOKEN_MAX_AGE)
    except InvalidToken:
        raise SurveyError(_l("This survey link is not valid. Please use the link in the latest mail.")) from None
    invitation_id = payload.get("invitation")
    invitation = db.session.get(SurveyInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None or invitation.partner.status == PartnerStatus.WITHDRAWN:
        raise SurveyError(_l("This survey link is not valid. Please use the link in the latest mail."))
    return invitation


def submit(invitation: SurveyInvitation, answers: dict[int, str], user: User | None) -> None:
    """Store the partner's one answer. `answers` maps question ids to the chosen value."""
    if invitation.answered_at is not None:
        raise SurveyError(_l("Your partner has already answered this survey. Thank you."))
    if not is_open(invitation.survey):
        raise SurveyError(_l("This survey is closed."))
    for question in invitation.survey.questions:
        value = answers.get(question.id)
        if value:
            invitation.answers.append(SurveyAnswer(question_id=question.id, value=value))
    invitation.answered_at = utcnow()
    db.session.flush()


def response_rate(survey: Survey) -> ResponseRate:
    invited, answered = db.session.execute(
        select(func.count(SurveyInvitation.id), func.count(SurveyInvitation.answered_at))
        .where(SurveyInvitation.survey_id == survey.id)
    ).one()
    return ResponseRate(invited, answered)


def surveys() -> list[tuple[Survey, ResponseRate]]:
    rows = db.session.execute(
        select(Survey, func.count(SurveyInvitation.id), func.count(SurveyInvitation.answered_at))
        .outerjoin(SurveyInvitation, SurveyInvitation.survey_id == Survey.id)
        .group_by(Survey.id).order_by(Survey.closes_on.desc(), Survey.id.desc())
    )
    return [(survey, ResponseRate(invited, answered)) for survey, invited, answered in rows]


def answers_csv(survey: Survey, actor: User) -> bytes:
    """Every answer, one line per partner that answered (member number, kind, day answered, one column per
    question), as CSV for Excel (UTF-8 with BOM)."""
    record(actor, "survey.export", "survey", survey.id)
    questions = survey.questions
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["会員番号", "区分", "回答日時", *(question.text for question in questions)])
    invitations = db.session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id,
                                       SurveyInvitation.answered_at.is_not(None))
        .order_by(SurveyInvitation.answered_at, SurveyInvitation.id)
    ).all()
    answers = {(answer.invitation_id, answer.question_id): answer.value for answer in db.session.scalars(
        select(SurveyAnswer).join(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id))}
    partners = {partner.id: partner for partner in db.session.scalars(
        select(Partner).where(Partner.id.in_([invitation.partner_id for invitation in invitations])))}
    for invitation in invitations:
        partner = partners[invitation.partner_id]
        writer.writerow([partner.member_no or "", "個人" if partner.is_individual else "団体",
                         invitation.answered_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M"),
                         *(ANSWER_WORDS.get(answers.get((invitation.id, question.id), ""),
                                            answers.get((invitation.id, question.id), "")) for question in questions)])
    return buffer.getvalue().encode("utf-8-sig")

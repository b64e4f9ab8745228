"""Exports for staff: the applications with each judge's per-criterion scores, comments and the decision as CSV
(UTF-8 with a BOM, Japanese headers, for Excel), the same and the results as an Excel workbook (one sheet per
view, frozen header row, number formats), and the judging log as CSV. Text cells that Excel would read as a
formula get a leading apostrophe."""

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partners.accounts.models import User
from partners.awards.decisions import decision_of
from partners.awards.labels import award_label
from partners.awards.models import AwardApplication, AwardRound, JudgingLogEntry, ScoreSheet
from partners.awards.results import from_json, results_of
from partners.core.timeutil import local_zone
from partners.extensions import db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APPLICATION_HEADERS = ["応募番号", "タイトル", "部門", "応募者（団体・氏名）", "連絡先メール", "状態", "対象外の理由"]
SCORE_HEADERS = ["審査員", "採点状態", "加重合計", "コメント"]
DECISION_HEADERS = ["賞", "授賞理由"]
RESULT_HEADERS = ["順位", "応募番号", "タイトル", "採点数", "平均（加重合計）", "標準偏差", "zスコア平均", "同点処理",
                  "採点不足", "当落線付近", "賞"]
LOG_HEADERS = ["日時", "操作", "実施者", "応募番号", "審査員", "内容"]


def excel_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def score_rows(round_: AwardRound) -> Iterator[list]:
    """One row per application and judge (an application nobody scored has one row without scores)."""
    criteria = round_.criteria
    decision = decision_of(round_)
    awards = {a.application_id: a for a in decision.awards} if decision else {}
    applications = db.session.scalars(select(AwardApplication).where(
        AwardApplication.round_id == round_.id, AwardApplication.status != "draft")
        .options(selectinload(AwardApplication.category)).order_by(AwardApplication.id)).all()
    sheets: dict[int, list[ScoreSheet]] = {}
    for sheet in db.session.scalars(select(ScoreSheet).where(ScoreSheet.round_id == round_.id)
                                    .order_by(ScoreSheet.application_id, ScoreSheet.id)):
        sheets.setdefault(sheet.application_id, []).append(sheet)
    names = _names({sheet.judge_id for found in sheets.values() for sheet in found})
    yield [*APPLICATION_HEADERS, *SCORE_HEADERS[:2], *(c.name for c in criteria), *SCORE_HEADERS[2:],
           *DECISION_HEADERS]
    for application in applications:
        award = awards.get(application.id)
        head = [application.id, application.title, application.category.name if application.category else "",
                application.group_name, application.contact_email, award_label("application", application.status),
                application.ineligible_reason]
        tail = [award.tier.name if award else "", award.reason if award else ""]
        for sheet in sheets.get(application.id) or [None]:
            if sheet is None:
                yield [*head, "", "", *("" for _c in criteria), "", "", *tail]
                continue
            values = sheet.values()
            total = sum(c.weight * values[c.id] for c in criteria if c.id in values)
            yield [*head, names.get(sheet.judge_id, ""), award_label("score", sheet.status),
                   *(values.get(c.id, "") for c in criteria), total, sheet.comment, *tail]


def result_rows(round_: AwardRound) -> Iterator[list]:
    decision = decision_of(round_)
    rows = from_json(decision.snapshot) if decision else results_of(round_)
    awards = {a.application_id: a.tier.name for a in decision.awards} if decision else {}
    titles = dict(db.session.execute(select(AwardApplication.id, AwardApplication.title)
                                     .where(AwardApplication.round_id == round_.id)).all())
    yield RESULT_HEADERS
    for row in rows:
        yield [row.rank, row.application_id, titles.get(row.application_id, ""), row.count, row.mean, row.sd, row.z,
               award_label("tie", row.tie_break) if row.tie_break else "", "○" if row.missing else "",
               "○" if row.near_cutoff else "", awards.get(row.application_id, "")]


def log_rows(round_: AwardRound) -> Iterator[list]:
    entries = db.session.scalars(select(JudgingLogEntry).where(JudgingLogEntry.round_id == round_.id)
                                 .order_by(JudgingLogEntry.at, JudgingLogEntry.id)).all()
    names = _names({e.actor_id for e in entries} | {e.judge_id for e in entries})
    yield LOG_HEADERS
    for entry in entries:
        yield [entry.at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M:%S"), award_label("log", entry.action),
               names.get(entry.actor_id, ""), entry.application_id or "", names.get(entry.judge_id, ""), entry.detail]


def applications_csv(round_: AwardRound) -> Iterator[str]:
    return _csv(score_rows(round_))


def log_csv(round_: AwardRound) -> Iterator[str]:
    return _csv(log_rows(round_))


def _csv(rows: Iterator[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    first = True
    for row in rows:
        writer.writerow([excel_safe(value) if value is not None else "" for value in row])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        yield ("\ufeff" + text) if first else text
        first = False


NUMBER_FORMATS = {"平均（加重合計）": "0.00", "標準偏差": "0.00", "zスコア平均": "0.000", "加重合計": "0"}


def workbook(round_: AwardRound) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in (("結果", result_rows(round_)), ("採点", score_rows(round_)), ("審査ログ", log_rows(round_))):
        sheet = book.create_sheet(title)
        header = None
        for row in rows:
            sheet.append([excel_safe(value) for value in row])
            header = header or row
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(header or [], start=1):
            number_format = NUMBER_FORMATS.get(name)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 14 if index > 2 else 10
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _names(user_ids: set) -> dict[int, str]:
    ids = {user_id for user_id in user_ids if user_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())

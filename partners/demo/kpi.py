"""Demo activity reports and indicators. The reports are spread so that the participation rate computed from the
data starts near the city's baseline (38.1 % at 2019-12) and rises as the progress sheet reports it (60.9 % at
2023-12); the partners indicator carries the sheet's own figures (baseline, target 43.9 % for 2024, and the
60.9 % reported for 2023-12, which gives the sheet's 393 %)."""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from faker import Faker
from sqlalchemy import exists, select

from partners.activities.models import ActivityKind, ActivityReport, ReportSource
from partners.core.timeutil import local_today
from partners.demo.partners import THEMES, _add, _person, _visibility
from partners.extensions import db
from partners.kpi.computed import COMPUTATIONS
from partners.kpi.models import Indicator, IndicatorActual, Period
from partners.kpi.participation import participation, window_start
from partners.members.models import Partner, PartnerKind, PartnerStatus
from partners.members.profiles import ProfileData

# The rate the demo data aims at, at the end of each year (the last completed years rise on from 2023).
RATES = {2019: "38.1", 2020: "44.0", 2021: "49.6", 2022: "55.3", 2023: "60.9", 2024: "62.5", 2025: "64.0"}
TITLES = {
    ActivityKind.VOLUNTEER: ["筑波山の清掃ボランティア", "子ども食堂の配膳ボランティア", "桜川の河川敷清掃"],
    ActivityKind.EVENT: ["つくばSDGsフェスへの参加", "環境フェアでの展示", "防災訓練への参加"],
    ActivityKind.PROJECT: ["フードドライブの実施", "古着リユース市の開催", "家庭の省エネ相談会"],
    ActivityKind.COLLABORATION: ["パートナー団体と共同で里山整備", "企業と連携したコンポスト講座",
                                 "大学と連携した生きもの調査"],
    ActivityKind.OTHER: ["SDGsに関する社内勉強会", "地域のごみ分別の呼びかけ"],
}
GOALS = {ActivityKind.VOLUNTEER: [11, 15], ActivityKind.EVENT: [4, 17], ActivityKind.PROJECT: [2, 12],
         ActivityKind.COLLABORATION: [15, 17], ActivityKind.OTHER: [4, 12]}
PARTNERS_INDICATOR = "partners_participation"
TODAY_RATE = "65.0"
FOUNDING_PARTNERS = 19
AREAS = ["筑波", "大穂", "豊里", "桜", "谷田部", "茎崎"]


def seed_kpi() -> None:
    if not db.session.scalar(select(exists().where(ActivityReport.id.isnot(None)))):
        seed_reports()
    if not db.session.scalar(select(exists().where(Indicator.id.isnot(None)))):
        seed_indicators()


def seed_reports() -> None:
    """The founding partners of 2019, then reports year by year up to the rates aimed at, and this year's."""
    rng = random.Random(2019)
    _founding_partners(rng)
    today = local_today()
    for year, rate in RATES.items():
        as_of = date(year, 12, 31)
        if as_of >= today:
            break
        _top_up(as_of, Decimal(rate), rng)
    _top_up(today, Decimal(TODAY_RATE), rng)


def _founding_partners(rng: random.Random) -> None:
    """Individuals certified at the first lectures in 2019, so that the demo's 2019 has as many partners as a
    rate needs to mean something (8 of 21 taking part is the baseline's 38.1 %)."""
    fake = Faker("ja_JP")
    fake.seed_instance(2020)
    for index in range(FOUNDING_PARTNERS):
        name, kana = _person(fake)
        activities, goals = THEMES[(index * 3) % len(THEMES)]
        data = ProfileData(name=name, name_kana=kana, area=rng.choice(AREAS), goals=goals, activities=activities,
                           email=f"founder{index + 1}@example.jp", visibility=_visibility(rng))
        _add(PartnerKind.INDIVIDUAL, data, PartnerStatus.ACTIVE, date(2019, 5, 1) + timedelta(days=10 * index))
    db.session.flush()


def _top_up(as_of: date, rate: Decimal, rng: random.Random) -> None:
    """Add reports in the year up to `as_of` for partners who did nothing, until the rate reaches `rate`."""
    first = max(window_start(as_of), date(as_of.year, 1, 1))  # a year-end's reports stay in its year
    candidates = list(db.session.scalars(
        select(Partner).where(Partner.joined_on <= as_of, Partner.status == PartnerStatus.ACTIVE).order_by(Partner.id)))
    rng.shuffle(candidates)
    current = participation(as_of)
    wanted = int((rate * current.active / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    taking_part = current.taking_part
    while taking_part < wanted and candidates:
        # A report adds at most one partner taking part (none for one who already is), so as many reports as are
        # missing never overshoot, and the rate is counted once per batch rather than once per report.
        for _missing in range(min(wanted - taking_part, len(candidates))):
            _report(candidates.pop(), first, as_of, rng)
        taking_part = participation(as_of).taking_part


def _report(partner: Partner, first: date, as_of: date, rng: random.Random) -> None:
    start = max(first, partner.joined_on)
    kind = rng.choice(list(ActivityKind))
    report = ActivityReport(
        partner_id=partner.id, activity_date=start + timedelta(days=rng.randint(0, (as_of - start).days)),
        title=rng.choice(TITLES[kind]), kind=kind, participants=rng.randint(2, 40),
        description="活動の様子を報告します。参加者と一緒に、地域の課題について考えるきっかけになりました。",
        is_public=rng.random() < 0.6, source=rng.choice([ReportSource.PARTNER, ReportSource.STAFF]),
    )
    report.goals = GOALS[kind]
    db.session.add(report)
    db.session.flush()


def seed_indicators() -> None:
    participation_indicator = Indicator(
        code=PARTNERS_INDICATOR, position=1, initiative_ja="つくばSDGsパートナーズの推進",
        initiative_en="Running the Tsukuba SDGs Partners programme",
        name_ja="つくばSDGsパートナーズ会員が、SDGsに関する社会課題の取組に参加している割合",
        name_en="Share of Tsukuba SDGs Partners taking part in activities on SDG social issues",
        unit_ja="%", unit_en="%", decimals=1, sdg_targets="17.17", computed="participation_rate",
        baseline_on=date(2019, 12, 31), baseline_value=Decimal("38.1"),
        target_on=date(2024, 12, 31), target_value=Decimal("43.9"),
        next_plan_note="目標を大きく上回ったため、次期計画では目標値を引き上げ、取組報告と交流会を通じた連携の創出を強化する。",
    )
    participation_indicator.actuals.append(IndicatorActual(
        as_of=date(2023, 12, 31), value=Decimal("60.9"),
        source_note="令和5年度 進捗状況結果報告シート（内閣府へ報告）"))
    db.session.add(participation_indicator)
    counted = [
        ("active_individuals", "個人パートナー数", "Individual partners", "人", "people", Period.CALENDAR),
        ("active_groups", "団体パートナー数", "Group partners", "団体", "groups", Period.CALENDAR),
        ("lectures_held", "パートナー講座の開催回数", "Partner lectures held", "回", "lectures", Period.FISCAL),
        ("collaborations", "パートナー間の連携の件数", "Collaborations between partners", "件", "collaborations",
         Period.FISCAL),
    ]
    today = local_today()
    for position, (code, name_ja, name_en, unit_ja, unit_en, period) in enumerate(counted, start=2):
        baseline_on = date(2019, 12, 31) if period == Period.CALENDAR else date(2020, 3, 31)
        latest = COMPUTATIONS[code](today)
        db.session.add(Indicator(
            code=code, position=position, initiative_ja="つくばSDGsパートナーズの推進",
            initiative_en="Running the Tsukuba SDGs Partners programme", name_ja=name_ja, name_en=name_en,
            unit_ja=unit_ja, unit_en=unit_en, computed=code, period=period, baseline_on=baseline_on,
            baseline_value=COMPUTATIONS[code](baseline_on), target_on=baseline_on.replace(year=2026),
            target_value=max(Decimal(4), (latest * Decimal("1.2")).quantize(Decimal(1))),
        ))
    for position, (code, name_ja, name_en, baseline, target, actual) in enumerate([
        ("award_applications", "つくばSDGsアワードの応募件数", "SDGs Award applications", 20, 40, 44),
        ("awards", "つくばSDGsアワードの表彰件数", "SDGs Awards given", 3, 6, 6),
    ], start=len(counted) + 2):
        indicator = Indicator(
            code=code, position=position, initiative_ja="つくばSDGsアワードの実施",
            initiative_en="The Tsukuba SDGs Award", name_ja=name_ja, name_en=name_en, unit_ja="件", unit_en="",
            computed=code, period=Period.FISCAL, baseline_on=date(2021, 3, 31), baseline_value=Decimal(baseline),
            target_on=date(2025, 3, 31), target_value=Decimal(target))
        indicator.unit_en = "applications" if code == "award_applications" else "awards"
        indicator.actuals.append(IndicatorActual(as_of=date(2024, 3, 31), value=Decimal(actual),
                                                 source_note="令和5年度 アワード実施報告"))
        db.session.add(indicator)
    db.session.flush()

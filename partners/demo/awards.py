"""Demo award rounds, made through the award services as staff, applicants and judges would: the 2023 round,
published (44 applications, 6 winners on the themes of the city's report: 多国籍子育て支援, コンポスト, リユース,
食品ロス), judged by four judges with one declared conflict; and this year's round, open, with the demo citizen's
submitted application.

Runs only into a database without award rounds, as `flask seed-demo` does."""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select

from partners.accounts.models import Role, User
from partners.accounts.services import find_user_by_email
from partners.awards import applications, decisions, judging, rounds
from partners.awards.applications import ApplicationData
from partners.awards.decisions import AwardChoice
from partners.awards.models import AwardApplication, AwardRound, RankingMethod
from partners.awards.rounds import CriterionData, RoundData
from partners.core.timeutil import local_today, utcnow
from partners.demo.accounts import demo_account
from partners.extensions import db

CALL = """## 募集するもの
市内で行われている、SDGsの達成につながる取組を募集します。個人・団体・事業者のどなたでも応募できます。

## 審査
審査員が審査基準に沿って採点し、各賞を決定します。受賞した取組は、市のウェブサイトで紹介します。"""
CATEGORIES = ["市民・団体部門", "事業者部門"]
TIERS = [("大賞", 1), ("優秀賞", 2), ("奨励賞", 3)]
CRITERIA = [
    CriterionData("先進性", 2, 5, "新しい発想や方法で課題に取り組んでいるか"),
    CriterionData("波及効果", 2, 5, "地域や他の主体への広がりが期待できるか"),
    CriterionData("継続性", 1, 5, "取組を続けていく体制があるか"),
    CriterionData("協働", 1, 5, "多様な主体と連携しているか"),
]
# The six winners of the 2023 round: title, group, category, goals, tier, reason.
WINNERS = [
    ("多国籍の親子がつながる子育てサロン", "つくば多文化子育てネット", 0, [4, 5, 10], 0,
     "外国出身の親子が孤立しない居場所を、多言語の相談とともに地域に根付かせた。"),
    ("学校給食の生ごみを堆肥にするコンポストの輪", "谷田部コンポスト倶楽部", 0, [12, 15], 1,
     "学校・農家・家庭をつなぎ、生ごみの資源化を地域で回している。"),
    ("リユース食器の貸し出しでイベントのごみゼロ", "株式会社つくばリユースサービス", 1, [12, 14], 1,
     "イベントの使い捨て容器を大きく減らし、事業として継続している。"),
    ("フードドライブと子ども食堂をつなぐ食品ロス削減", "桜フードシェアの会", 0, [1, 2, 12], 2,
     "家庭の余った食品を子ども食堂に届ける仕組みを作った。"),
    ("規格外野菜を使った総菜で食品ロスを減らす", "茎崎キッチン合同会社", 1, [2, 12], 2,
     "規格外野菜を商品化し、農家の廃棄を減らした。"),
    ("子ども服・制服のリユースマーケット", "豊里おさがりの会", 0, [1, 12], 2,
     "子育て世帯の負担を減らし、衣類の廃棄を減らした。"),
]
OTHER_THEMES = [
    "通学路の花壇づくり", "太陽光発電の共同購入", "筑波山の清掃登山", "防災マップづくり", "高齢者のスマホ教室",
    "外来種の駆除活動", "雨水タンクの普及", "古着のアップサイクル", "地産地消の朝市", "エコドライブ講習",
    "竹林の整備と竹炭づくり", "障害者のアート展", "学生の環境出前授業", "シェアサイクルの推進", "空き家の活用",
    "里山の生きもの調査", "LED化の事業所支援", "多言語の防災訓練", "マイボトルの給水スポット", "廃油の回収",
    "放課後の学習支援", "ひとり親家庭の相談会", "地域通貨の実験", "みどりのカーテン", "プラスチック削減の店頭回収",
    "在宅ワークの場づくり", "牛久沼の水質調査", "農業体験の受け入れ", "ユニバーサルデザインの点検",
    "古紙回収の見える化",
    "子どもの自然遊び", "オーガニック給食の試み", "災害時のペット同行避難", "小型家電の回収", "多世代の食卓",
    "グリーンインフラの研究", "商店街のエコバッグ", "ジェンダー平等の講座",
]
JUDGES = [("judge@example.jp", "審査員 一郎"), ("judge2@example.jp", "審査員 二葉"),
          ("judge3@example.jp", "審査員 三郎"), ("judge4@example.jp", "審査員 四季")]


def seed_awards(staff: User) -> None:
    """Add the demo rounds once; a database that already has award rounds is left alone."""
    if db.session.scalar(select(exists().where(AwardRound.id.isnot(None)))):
        return
    judges = [demo_account(email, name, [Role.JUDGE]) for email, name in JUDGES]
    db.session.flush()
    _past_round(staff, judges)
    _open_round(staff)


def _round_data(year: int, opens_at: datetime, closes_at: datetime) -> RoundData:
    return RoundData(year=year, title=f"つくばSDGsアワード{year}", opens_at=opens_at, closes_at=closes_at,
                     call_text=CALL, categories=CATEGORIES, tiers=TIERS, criteria=CRITERIA, judges_per_application=3,
                     blind=True, ranking_method=RankingMethod.Z_SCORE, tie_break=["criterion", "top_scores"],
                     tie_break_criterion="波及効果")


def _past_round(staff: User, judges: list[User]) -> None:
    rng = random.Random(2023)
    now = utcnow()
    round_ = rounds.create_round(_round_data(2023, now - timedelta(days=1), now + timedelta(days=1)), staff)
    rounds.open_round(round_, staff)
    others = [(f"{theme}の取組", f"{theme.split('の')[0]}の会", number % 2, [11, 12, 17][: 1 + number % 3], None)
              for number, theme in enumerate(OTHER_THEMES)]
    entries = [winner[:5] for winner in WINNERS] + others
    strength, ids_by_title = {}, {}
    for number, (title, group, category, goals, tier) in enumerate(entries, start=1):
        applicant = _applicant(f"award2023-{number:02d}@example.jp", f"応募者 {number:02d}")
        application = applications.start_application(round_, applicant, ApplicationData(
            title=title, category_id=round_.categories[category].id, goals=goals, group_name=group,
            summary=f"{group}による「{title}」。", description=f"{title}について、活動の経緯と成果を報告します。",
            contact_name=applicant.name, contact_email=applicant.email, publish_name=True))
        db.session.add(application)
        db.session.flush()
        applications.submit(application, applicant)
        application.submitted_at = datetime(2023, 8, 1, 3, tzinfo=UTC) + timedelta(days=number % 30, minutes=number)
        strength[application.id] = 5 - tier if tier is not None else rng.choice([1, 2, 2])
        ids_by_title[title] = application.id
    db.session.flush()
    round_.opens_at = datetime(2023, 5, 31, 15, tzinfo=UTC)  # 1 June 2023, 0:00 in Tokyo
    round_.closes_at = datetime(2023, 8, 31, 8, tzinfo=UTC)  # 31 August 2023, 17:00 in Tokyo
    rounds.close_round(round_, staff)
    ids = sorted(strength)
    for application in db.session.scalars(select(AwardApplication).where(AwardApplication.round_id == round_.id)):
        applications.screen(application, True, "", staff)
    judging.declare(round_, judges[1], {ids[6]}, "応募団体のひとつで理事を務めています。")
    judging.auto_assign(round_, staff)
    rounds.start_judging(round_, staff)
    for judge in judges:
        if judging.declaration_of(round_.id, judge) is None:
            judging.declare(round_, judge, set(), "")
        harshness = rng.choice([-1, 0, 1])
        for application in db.session.scalars(judging.visible_applications(judge)
                                              .where(AwardApplication.round_id == round_.id)):
            base = strength[application.id] + harshness
            values = {c.id: max(0, min(c.max_score, base + rng.choice([-1, 0, 0, 1]))) for c in round_.criteria}
            judging.save_scores(application.id, judge, values, "取組の内容と広がりを評価しました。", submit=True)
    db.session.flush()
    decisions.decide(round_, [AwardChoice(ids_by_title[title], round_.tiers[tier].id, reason)
                              for title, _group, _category, _goals, tier, reason in WINNERS], staff)
    decisions.publish(round_, staff)


def _open_round(staff: User) -> None:
    year = local_today().year
    now = utcnow()
    round_ = rounds.create_round(_round_data(year, now - timedelta(days=10), now + timedelta(days=60)), staff)
    rounds.open_round(round_, staff)
    citizen = find_user_by_email("citizen@example.jp")
    application = applications.start_application(round_, citizen, ApplicationData(
        title="公園の落ち葉でつくる堆肥と花壇", category_id=round_.categories[0].id, goals=[11, 12, 15],
        group_name="筑波 みどり", summary="公園の落ち葉を集めて堆肥にし、地域の花壇に使っています。",
        description="毎月第2日曜に近所の方と落ち葉を集めています。", contact_name=citizen.name,
        contact_email=citizen.email, publish_name=False))
    db.session.add(application)
    db.session.flush()
    applications.submit(application, citizen)


def _applicant(email: str, name: str) -> User:
    """A demo applicant's account; nobody signs in with it (the demo logins are in data.py)."""
    user = demo_account(email, name)
    db.session.flush()
    return user

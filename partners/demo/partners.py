"""Demo partners: realistic Japanese names and readings, the city's districts and themes, every status."""

import random
from datetime import date, timedelta

from faker import Faker
from sqlalchemy import exists, select

from partners.accounts.models import User
from partners.core.timeutil import start_of_local_day
from partners.extensions import db
from partners.members import lifecycle
from partners.members.models import ContactRole, Partner, PartnerContact, PartnerKind, PartnerStatus, Visibility
from partners.members.numbers import issue_member_no
from partners.members.profiles import ProfileData, fill_profile
from partners.members.search import reindex

GROUPS = [
    ("NPO法人 つくば多文化子育てネット", "ツクバタブンカコソダテネット", "NPO・市民団体", "桜", [4, 5, 10],
     "外国にルーツのある家庭の子育て相談と多言語の交流会を開いています。", "通訳ボランティア、会場", "絵本の寄付"),
    ("株式会社みどりのコンポスト", "カブシキガイシャミドリノコンポスト", "企業", "谷田部", [12, 13, 15],
     "生ごみを堆肥にするコンポストの普及と、できた堆肥の地域農家への提供。", "コンポスト講習", "回収拠点"),
    ("リユースショップ もったいない館", "リユースショップモッタイナイカン", "企業", "豊里", [12],
     "家具や子ども用品のリユース販売と修理のワークショップ。", "修理の技術", "倉庫スペース"),
    ("フードバンクつくば", "フードバンクツクバ", "NPO・市民団体", "筑波", [1, 2, 12],
     "食品ロス削減のため、企業や家庭から余った食品を集めて必要な家庭に届けています。", "食品の配送", "冷蔵設備"),
    ("筑波山ジオパーク案内人の会", "ツクバサンジオパークアンナイニンノカイ", "NPO・市民団体", "筑波", [4, 11, 15],
     "筑波山地域ジオパークのガイドツアーと、子ども向けの地質観察会。", "ガイド", "広報の協力"),
    ("つくば生きもの調査隊", "ツクバイキモノチョウサタイ", "NPO・市民団体", "茎崎", [14, 15],
     "牛久沼周辺の生物多様性調査と外来種の駆除活動。", "調査データ", "参加者"),
    ("国立研究開発法人 防災みらい研究所", "コクリツケンキュウカイハツホウジンボウサイミライケンキュウショ",
     "大学・研究機関", "桜", [9, 11, 13], "異常気象と防災対策の研究成果を、地域の防災訓練に生かしています。",
     "防災講座の講師", "訓練の場"),
    ("つくば市立みどり学園", "ツクバシリツミドリガクエン", "教育機関", "大穂", [4, 7, 13],
     "学校の屋上に太陽光パネルを設置し、エネルギー教育に取り組んでいます。", "授業の見学", "企業の出前授業"),
    ("社会福祉法人 ひだまり会", "シャカイフクシホウジンヒダマリカイ", "NPO・市民団体", "谷田部", [3, 8, 10],
     "障害のある人の社会参加と自立を支える就労支援カフェを運営しています。", "カフェのスペース", "販路"),
    ("つくばサイクルシェア株式会社", "ツクバサイクルシェアカブシキガイシャ", "企業", "桜", [3, 11, 13],
     "シェアサイクルで車に頼らない移動を広げます。", "自転車の貸出", "ステーション用地"),
    ("筑波大学 SDGsサークル", "ツクバダイガクエスディージーズサークル", "大学・研究機関", "桜", [4, 12, 17],
     "学生がSDGsの勉強会と地域のごみ拾いを企画しています。", "イベントの人手", "活動資金"),
    ("茎崎まちづくり協議会", "クキザキマチヅクリキョウギカイ", "その他", "茎崎", [11, 16, 17],
     "高齢化が進む地区で、見守りと交流の場づくりをしています。", "地域のつながり", "若い世代の参加"),
]

THEMES = [
    ("家庭菜園で余った野菜を近所に配っています。", [2, 12]), ("子ども食堂のボランティアをしています。", [1, 2, 3]),
    ("マイバッグとマイボトルを広める活動をしています。", [12, 14]), ("筑波山の清掃登山に参加しています。", [11, 15]),
    ("外国人住民の日本語学習を手伝っています。", [4, 10]), ("地域の防災訓練に参加しています。", [11, 13]),
    ("古着のリメイク教室を開いています。", [12]), ("太陽光発電を自宅に設置しました。", [7, 13]),
    ("野鳥観察の記録をつけています。", [15]), ("高齢者の買い物支援をしています。", [3, 10, 11]),
]


def seed_partners(citizen: User | None) -> None:
    """Add the demo partners once; a database that already has partners is left alone."""
    if db.session.scalar(select(exists().where(Partner.id.isnot(None)))):
        return
    rng = random.Random(2019)
    fake = Faker("ja_JP")
    fake.seed_instance(2019)
    areas = ["筑波", "大穂", "豊里", "桜", "谷田部", "茎崎", "市外"]
    planned = []  # (joined, kind, data, status, owner): added in join order, so member numbers follow it
    group_statuses = {len(GROUPS) - 1: PartnerStatus.APPLIED, len(GROUPS) - 2: PartnerStatus.CHANGES_REQUESTED}
    for index, (name, kana, group_type, area, goals, activities, offers, needs) in enumerate(GROUPS):
        status = group_statuses.get(index, PartnerStatus.ACTIVE)
        data = ProfileData(name=name, name_kana=kana, area=area, goals=goals, activities=activities, offers=offers,
                           needs=needs, group_type=group_type, representative=_person(fake)[0],
                           email=f"group{index + 1}@example.jp", size=rng.randint(3, 200),
                           visibility=_visibility(rng))
        planned.append((_joined(rng), PartnerKind.GROUP, data, status, citizen if index == 0 else None))
    statuses = [PartnerStatus.ACTIVE] * 8 + [PartnerStatus.APPLIED, PartnerStatus.SUSPENDED]
    for index in range(40):
        name, kana = _person(fake)
        activities, goals = THEMES[index % len(THEMES)]
        data = ProfileData(name=name, name_kana=kana, area=rng.choice(areas), goals=goals, activities=activities,
                           email=f"person{index + 1}@example.jp", visibility=_visibility(rng))
        planned.append((_joined(rng), PartnerKind.INDIVIDUAL, data, statuses[index % len(statuses)], None))
    if citizen is not None:
        data = ProfileData(name=citizen.name, name_kana="ツクバ ミドリ", area="桜", goals=[11, 13],
                           activities="週末に公園の花壇の手入れをしています。", email=citizen.email)
        planned.append((date(2024, 6, 15), PartnerKind.INDIVIDUAL, data, PartnerStatus.ACTIVE, citizen))
    for joined, kind, data, status, owner in sorted(planned, key=lambda plan: plan[0]):
        partner = _add(kind, data, status, joined)
        if owner is not None:
            partner.contacts.append(PartnerContact(user_id=owner.id, role=ContactRole.OWNER))


def _person(fake: Faker) -> tuple[str, str]:
    last, last_kana, _ = fake.last_name_pair()
    first, first_kana, _ = fake.first_name_pair()
    return f"{last} {first}", f"{last_kana} {first_kana}"


def _joined(rng: random.Random) -> date:
    return date(2019, 4, 1) + timedelta(days=rng.randint(0, 7 * 365))


def _visibility(rng: random.Random) -> dict[str, Visibility]:
    return {"listing": Visibility.PUBLIC, "activities": rng.choice([Visibility.PUBLIC, Visibility.PARTNERS]),
            "offers_needs": Visibility.PUBLIC, "contact": rng.choice([Visibility.PARTNERS, Visibility.PRIVATE])}


# What staff wrote when they moved a demo partner on, in the words a city office would use.
LECTURES = ["障害者の社会参加・自立支援", "異常気象と防災対策", "筑波山地域ジオパーク", "生物多様性"]
GROUP_APPROVED = "申込書の内容を確認し、活動実績も確認できたため承認しました。"
CHANGES_REQUESTED = ("活動内容をもう少し具体的にご記入ください（活動の頻度、場所、参加人数など）。"
                     "修正後、保存すると再審査となります。")
SUSPENDED = "連絡先のメールアドレスに届かず、電話でも連絡が取れないため、確認できるまで一時停止とします。"


def _add(kind: PartnerKind, data: ProfileData, status: PartnerStatus, joined: date) -> Partner:
    applied = start_of_local_day(joined)
    partner = Partner(kind=kind, status=PartnerStatus.APPLIED, applied_at=applied)
    fill_profile(partner, data)
    db.session.add(partner)
    lifecycle.record_initial_status(partner, None, "", applied)
    if status == PartnerStatus.CHANGES_REQUESTED:
        lifecycle.change_status(partner, status, None, CHANGES_REQUESTED, applied + timedelta(days=3))
        partner.review_comment = CHANGES_REQUESTED
    elif status != PartnerStatus.APPLIED:
        lifecycle.change_status(partner, PartnerStatus.ACTIVE, None, _activation_reason(kind, joined), applied)
        partner.member_no = issue_member_no(kind)
        partner.certified_at, partner.joined_on = applied, joined
    if status == PartnerStatus.SUSPENDED:
        lifecycle.change_status(partner, status, None, SUSPENDED)
    db.session.flush()
    reindex(partner)
    return partner


def _activation_reason(kind: PartnerKind, joined: date) -> str:
    if kind == PartnerKind.GROUP:
        return GROUP_APPROVED
    return f"パートナー講座「{LECTURES[joined.toordinal() % len(LECTURES)]}」に出席したため認定しました。"

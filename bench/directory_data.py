"""Synthetic partners for the directory benchmarks: a partner CSV (the import's own format) made with Faker's
ja_JP names and companies and activity texts built from phrases, seeded so every run makes the same file.

    .venv/bin/python bench/directory_data.py [--size 100000] > partners.csv"""

import argparse
import csv
import io
import random
import sys
from datetime import date

from faker import Faker

AREAS = ["筑波", "大穂", "豊里", "桜", "谷田部", "茎崎", "市外"]
GROUP_TYPES = ["企業", "NPO・市民団体", "教育機関", "大学・研究機関", "行政機関", "その他"]
ACTIVITIES = ["子ども食堂の運営", "食品ロスを減らす取り組み", "里山の森林保全", "リユース品の回収",
              "多言語の子育て相談", "太陽光発電の普及", "筑波山の清掃登山", "防災訓練の企画", "生ごみのコンポスト化",
              "外国人住民の日本語教室",
              "高齢者の見守り", "障害者の就労支援", "地産地消のマルシェ", "プログラミング教室", "河川の水質調査",
              "フードドライブ", "古着のリメイク", "自転車のシェアリング", "ジオパークのガイド", "生物多様性の観察会",
              "サステナブルな商品開発", "フェアトレード商品の販売", "空き家の活用", "学習支援", "ＳＤＧｓ出前授業"]
VERBS = ["を行っています", "に取り組んでいます", "を続けています", "を始めました", "を支援しています"]
OFFERS = ["会場の提供", "ボランティアの派遣", "広報の協力", "専門家の紹介", "機材の貸し出し", "寄付"]
NEEDS = ["ボランティア募集", "協賛企業", "活動場所", "広報の協力", "資金", "連携先の大学"]
VISIBILITY = ["公開"] * 92 + ["会員のみ"] * 5 + ["非公開"] * 3
HEADER = ["区分", "会員番号", "氏名・団体名", "フリガナ", "メールアドレス", "地区", "関心のあるゴール", "団体種別",
          "活動内容", "できること", "求めること", "URL", "公開", "入会日", "状態"]


def partner_csv(size: int, seed: int = 7) -> bytes:
    fake, rng = Faker("ja_JP"), random.Random(seed)
    fake.seed_instance(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    groups = 0
    for index in range(size):
        is_group = rng.random() < 0.2
        if is_group:
            groups += 1
            name = fake.company()
            kana = "カブシキガイシャ" + fake.last_kana_name() + fake.first_kana_name()
            number, kind, group_type = f"G-{groups:05d}", "団体", rng.choice(GROUP_TYPES)
        else:
            last, last_kana, _ = fake.last_name_pair()
            first, first_kana, _ = fake.first_name_pair()
            name, kana = f"{last} {first}", f"{last_kana} {first_kana}"
            number, kind, group_type = f"I-{index - groups + 1:05d}", "個人", ""
        activities = "\n".join(f"{fake.city()}で{rng.choice(ACTIVITIES)}{rng.choice(VERBS)}。"
                               for _ in range(rng.randint(1, 3)))
        status = "休止" if rng.random() < 0.01 else "有効"
        writer.writerow([kind, number, name, kana, f"p{index}@example.jp", rng.choice(AREAS),
                         ";".join(str(g) for g in sorted(rng.sample(range(1, 18), rng.randint(1, 5)))), group_type,
                         activities, "、".join(rng.sample(OFFERS, 2)), "、".join(rng.sample(NEEDS, 2)),
                         f"https://example.jp/{index}" if is_group else "", rng.choice(VISIBILITY),
                         f"20{rng.randint(19, 25)}-{rng.randint(4, 12):02d}-01", status])
    return ("\ufeff" + buffer.getvalue()).encode()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    sys.stdout.buffer.write(partner_csv(parser.parse_args().size))


def bulk_load(size: int, seed: int = 7) -> None:
    """`size` active partners written straight to the tables (no validation, no history), then indexed: a quick
    way to fill a database for the page benchmark. The import itself is measured by bench/directory.py."""
    from sqlalchemy import insert

    from partners.core.text import to_katakana
    from partners.extensions import db
    from partners.members.models import Partner, PartnerGoal
    from partners.members.search import rebuild_index

    rows = list(csv.reader(io.StringIO(partner_csv(size, seed).decode("utf-8-sig"))))[1:]
    for start in range(0, len(rows), 5000):
        batch = rows[start : start + 5000]
        ids = db.session.scalars(insert(Partner).returning(Partner.id, sort_by_parameter_order=True), [{
            "kind": "group" if row[0] == "団体" else "individual", "status": "active", "member_no": row[1],
            "name": row[2], "name_kana": to_katakana(row[3]), "email": row[4], "area": row[5],
            "group_type": row[7] or None, "activities": row[8], "offers": row[9], "needs": row[10],
            "website": row[11] or None, "visibility_listing": {"公開": "public", "会員のみ": "partners"}.get(
                row[12], "private"), "joined_on": date.fromisoformat(row[13])} for row in batch]).all()
        db.session.execute(insert(PartnerGoal), [{"partner_id": partner_id, "goal": int(goal)}
                                                 for partner_id, row in zip(ids, batch, strict=True)
                                                 for goal in row[6].split(";")])
        db.session.commit()
    rebuild_index()

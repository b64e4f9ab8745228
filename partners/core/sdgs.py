"""The 17 Sustainable Development Goals: names as used in Japan, English names and official colours.
We draw coloured number badges of our own (the UN's icons carry usage rules)."""

from dataclasses import dataclass

from flask_babel import get_locale


@dataclass(frozen=True)
class Goal:
    number: int
    name_ja: str
    name_en: str
    colour: str

    @property
    def name(self) -> str:
        return self.name_en if str(get_locale()) == "en" else self.name_ja


GOALS = [
    Goal(1, "貧困をなくそう", "No poverty", "#E5243B"),
    Goal(2, "飢餓をゼロに", "Zero hunger", "#DDA63A"),
    Goal(3, "すべての人に健康と福祉を", "Good health and well-being", "#4C9F38"),
    Goal(4, "質の高い教育をみんなに", "Quality education", "#C5192D"),
    Goal(5, "ジェンダー平等を実現しよう", "Gender equality", "#FF3A21"),
    Goal(6, "安全な水とトイレを世界中に", "Clean water and sanitation", "#26BDE2"),
    Goal(7, "エネルギーをみんなに そしてクリーンに", "Affordable and clean energy", "#FCC30B"),
    Goal(8, "働きがいも経済成長も", "Decent work and economic growth", "#A21942"),
    Goal(9, "産業と技術革新の基盤をつくろう", "Industry, innovation and infrastructure", "#FD6925"),
    Goal(10, "人や国の不平等をなくそう", "Reduced inequalities", "#DD1367"),
    Goal(11, "住み続けられるまちづくりを", "Sustainable cities and communities", "#FD9D24"),
    Goal(12, "つくる責任 つかう責任", "Responsible consumption and production", "#BF8B2E"),
    Goal(13, "気候変動に具体的な対策を", "Climate action", "#3F7E44"),
    Goal(14, "海の豊かさを守ろう", "Life below water", "#0A97D9"),
    Goal(15, "陸の豊かさも守ろう", "Life on land", "#56C02B"),
    Goal(16, "平和と公正をすべての人に", "Peace, justice and strong institutions", "#00689D"),
    Goal(17, "パートナーシップで目標を達成しよう", "Partnerships for the goals", "#19486A"),
]
GOALS_BY_NUMBER = {goal.number: goal for goal in GOALS}

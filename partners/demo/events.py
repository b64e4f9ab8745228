"""Demo events, made through the events services as staff and citizens would: the year's four partner lectures
(held, with attendance; some attendees applied in the same step and were certified by attending, so their
member numbers come from the lectures), an upcoming lecture in each format, an exchange meeting with a waiting
list, and a cancelled event.

The registration service commits as it takes each seat (it locks the event), so this runs only into a database
without events, as `flask seed-demo` does."""

from datetime import datetime, timedelta

from faker import Faker
from sqlalchemy import exists, select

from partners.accounts.models import User
from partners.accounts.services import find_user_by_email
from partners.core.timeutil import start_of_local_day, utcnow
from partners.demo.accounts import demo_account
from partners.events import publishing
from partners.events.attendance import lock_for_attendance, record_attended
from partners.events.models import MODES_OF_FORMAT, AttendanceMode, Audience, Event, EventFormat, EventKind
from partners.events.publishing import EventData
from partners.events.registration import register
from partners.extensions import db
from partners.members.profiles import ProfileData

IN_PERSON = AttendanceMode.IN_PERSON
VENUE = ("つくば市役所 コミュニティ棟 会議室", "茨城県つくば市研究学園一丁目1番地1")
ONLINE_URL = "https://meet.example.jp/tsukuba-sdgs"
# The four lectures of the report year: theme, format, days ago, (goals of the people they certified).
PAST_LECTURES = [
    ("障害者の社会参加・自立支援", EventFormat.IN_PERSON, 200, [3, 8, 10]),
    ("異常気象と防災対策", EventFormat.ONLINE, 150, [11, 13]),
    ("筑波山地域ジオパーク", EventFormat.HYBRID, 100, [4, 15]),
    ("生物多様性", EventFormat.HYBRID, 50, [14, 15]),
]
DESCRIPTIONS = {
    "障害者の社会参加・自立支援":
        "就労支援カフェの運営者をお招きし、障害のある人の社会参加と自立を地域で支える方法を学びます。",
    "異常気象と防災対策": "近年の豪雨や猛暑のデータをもとに、家庭と地域でできる防災対策を考えます。",
    "筑波山地域ジオパーク":
        "筑波山の成り立ちと、ジオパークを生かした地域づくりについて、ガイドの方にお話を伺います。",
    "生物多様性": "牛久沼周辺の生きもの調査の結果から、身近な自然を守るためにできることを学びます。",
}
AREAS = ["筑波", "大穂", "豊里", "桜", "谷田部", "茎崎"]
PEOPLE_PER_LECTURE = 5  # the first two apply in the same step; the last one does not come


def seed_events(staff: User) -> None:
    """Add the demo events once; a database that already has events is left alone."""
    if db.session.scalar(select(exists().where(Event.id.isnot(None)))):
        return
    fake = Faker("ja_JP")
    fake.seed_instance(2023)
    today = start_of_local_day(utcnow().date())
    for index, (theme, format_, days_ago, goals) in enumerate(PAST_LECTURES):
        event = _published(staff, _lecture(theme, format_, today + timedelta(days=7, hours=14)))
        modes = MODES_OF_FORMAT[format_]
        registrations = []
        for number in range(PEOPLE_PER_LECTURE):
            name, kana = _person(fake)
            registrations.append(register(
                event.id, _citizen(f"lecture{index + 1}-{number + 1}@example.jp", name), modes[number % len(modes)],
                _application(name, kana, goals) if number < 2 else None))
        event.starts_at = today - timedelta(days=days_ago) + timedelta(hours=14)
        event.ends_at = event.starts_at + timedelta(hours=2)
        db.session.commit()
        event = lock_for_attendance(event.id)
        for registration in registrations[:-1]:
            record_attended(event, registration, staff, at=event.starts_at - timedelta(minutes=10))
        publishing.finish_event(event.id, staff)
        db.session.commit()
    for days, format_ in ((14, EventFormat.IN_PERSON), (21, EventFormat.ONLINE), (28, EventFormat.HYBRID)):
        starts_at = today + timedelta(days=days, hours=14)
        upcoming = _published(staff, _lecture("持続可能なまちづくり入門", format_, starts_at))
        register(upcoming.id, find_user_by_email("citizen@example.jp"), MODES_OF_FORMAT[format_][0])
        db.session.commit()
    meeting = _published(staff, EventData(
        kind=EventKind.EXCHANGE, title="団体パートナー交流会（食品ロスとリユース）", theme="連携",
        description="団体パートナー同士で取組を紹介し合い、連携の相手を見つける交流会です。",
        starts_at=today + timedelta(days=35, hours=18), ends_at=today + timedelta(days=35, hours=20),
        format=EventFormat.IN_PERSON, venue=VENUE[0], venue_address=VENUE[1], capacity_in_person=3))
    for number in range(5):  # three seats, two waiting
        register(meeting.id, _citizen(f"exchange{number + 1}@example.jp", _person(fake)[0]), IN_PERSON)
        db.session.commit()
    cancelled = _published(staff, _lecture("気候変動と暮らし", EventFormat.IN_PERSON,
                                           today + timedelta(days=42, hours=14)))
    register(cancelled.id, _citizen("cancelled1@example.jp", _person(fake)[0]), IN_PERSON)
    publishing.cancel_event(cancelled.id, staff, "講師の急病のため中止します。改めて日程をお知らせします。")
    db.session.commit()


def _lecture(theme: str, format_: EventFormat, starts_at: datetime) -> EventData:
    in_person, online = format_ in (EventFormat.IN_PERSON, EventFormat.HYBRID), format_ != EventFormat.IN_PERSON
    return EventData(
        kind=EventKind.LECTURE, title=f"{theme}講座", theme=theme,
        description=DESCRIPTIONS.get(theme, "持続可能な開発目標の基本と、つくば市の取組を学びます。"),
        speakers="つくば市 政策イノベーション部", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
        format=format_, venue=VENUE[0] if in_person else "", venue_address=VENUE[1] if in_person else "",
        online_url=ONLINE_URL if online else "", capacity_in_person=40 if in_person else None,
        capacity_online=100 if online else None, audience=Audience.ANYONE, certifies=True)


def _published(staff: User, data: EventData) -> Event:
    event = publishing.create_event(data, staff)
    db.session.commit()
    return publishing.publish(event.id, staff)


def _person(fake: Faker) -> tuple[str, str]:
    last, last_kana, _roman = fake.last_name_pair()
    first, first_kana, _roman = fake.first_name_pair()
    return f"{last} {first}", f"{last_kana} {first_kana}"


def _citizen(email: str, name: str) -> User:
    """A demo participant's account; nobody signs in with it (the demo logins are in data.py)."""
    user = demo_account(email, name)
    db.session.flush()
    return user


def _application(name: str, kana: str, goals: list[int]) -> ProfileData:
    """What a person without a partnership fills in on the registration form of a certifying lecture."""
    return ProfileData(name=name, name_kana=kana, area=AREAS[len(name) % len(AREAS)], goals=goals,
                       activities="講座をきっかけに、地域の取組に参加しています。")

"""Event dates read as people write them: 2026年12月13日(日) 14:00–16:00, in the programme's time zone."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from partners.core.timeutil import utcnow
from tests.events.factories import gen_event

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS_JA = "月火水木金土日"


def afternoon_in(days: int) -> timedelta:
    """From now to 14:00 in Tokyo `days` days ahead: a two-hour event then ends the same day, whatever the hour
    the tests run."""
    now = utcnow().astimezone(TOKYO)
    return (now + timedelta(days=days)).replace(hour=14, minute=0, second=0, microsecond=0) - now


def test_the_event_page_and_list_give_date_weekday_and_times_in_tokyo(app, client):
    event = gen_event(app, starts_in=afternoon_in(9))
    start, end = event.starts_at.astimezone(TOKYO), event.ends_at.astimezone(TOKYO)
    expected = (f"{start.year}年{start.month}月{start.day}日({WEEKDAYS_JA[start.weekday()]}) "
                f"{start.hour}:{start.minute:02d}")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"{expected}–{end.hour}:{end.minute:02d}" in page
    assert expected in client.get("/events/").get_data(as_text=True)


def test_english_dates_read_naturally_too(app, client):
    event = gen_event(app, starts_in=afternoon_in(9))
    start = event.starts_at.astimezone(TOKYO)
    page = client.get(f"/events/{event.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"{start:%a} {start.day} {start:%b} {start.year}, {start.hour}:{start.minute:02d}" in page

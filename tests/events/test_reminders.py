"""`flask events send-reminders`: each registrant of a published event starting within the window is mailed
once, however often (or however many at once) the command runs."""

import threading
from datetime import timedelta

from sqlalchemy import func, select

from partners.accounts.models import User
from partners.events.publishing import cancel_event
from partners.events.registration import cancel_registration
from partners.events.reminders import send_reminders
from partners.extensions import db
from partners.outbox.models import OutboxMessage
from tests.events.attendance_factories import fresh, gen_registration
from tests.events.factories import gen_event


def reminders_queued(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.template == "event_reminder"))


def test_reminders_go_to_registrants_of_events_starting_soon_once(app, runner, outbox):
    app.config["SERVER_NAME"] = "localhost"  # links in mail from a command come from SERVER_NAME
    soon = gen_event(app, format="in_person", capacity_in_person=1, capacity_online=None, online_url="",
                     starts_in=timedelta(hours=10), title="異常気象と防災対策")
    seated = gen_registration(app, soon, email="seated@example.jp")
    waiting = gen_registration(app, soon, email="waiting@example.jp")
    later = gen_registration(app, gen_event(app, starts_in=timedelta(days=3)), email="later@example.jp")
    cancelled = gen_registration(app, gen_event(app, starts_in=timedelta(hours=5)), email="gone@example.jp")
    with app.test_request_context():
        cancel_registration(cancelled.id, db.session.get(User, cancelled.user_id))
        db.session.commit()
    called_off = gen_event(app, starts_in=timedelta(hours=2))
    gen_registration(app, called_off, email="called-off@example.jp")
    with app.test_request_context():
        cancel_event(called_off.id, db.session.get(User, cancelled.user_id), "台風のため")
        db.session.commit()
    outbox.deliver()

    first = runner.invoke(args=["events", "send-reminders", "--within", "24h"])
    assert first.exit_code == 0 and "1 reminder(s) queued." in first.output
    second = runner.invoke(args=["events", "send-reminders"])
    assert second.exit_code == 0 and "0 reminder(s) queued." in second.output
    mailed = outbox.deliver()
    assert [m["To"] for m in mailed] == ["seated@example.jp"]
    body = mailed[0].get_body(preferencelist=("plain",)).get_content()
    assert "異常気象と防災対策" in body and seated.check_in_code in body
    assert fresh(app, seated.id).reminder_sent_at is not None
    assert fresh(app, waiting.id).reminder_sent_at is None

    wider = runner.invoke(args=["events", "send-reminders", "--within", "4d"])
    assert "1 reminder(s) queued." in wider.output
    assert [m["To"] for m in outbox.deliver()] == ["later@example.jp"]
    assert fresh(app, later.id).reminder_sent_at is not None


def test_a_window_that_is_not_a_duration_is_refused(app, runner):
    result = runner.invoke(args=["events", "send-reminders", "--within", "tomorrow"])
    assert result.exit_code != 0 and "is not a duration" in result.output


def test_runs_at_the_same_time_mail_each_registrant_once(app):
    app.config["SERVER_NAME"] = "localhost"
    event = gen_event(app, starts_in=timedelta(hours=3), capacity_in_person=200)
    registrations = [gen_registration(app, event) for _ in range(40)]
    counts, errors = [], []

    def run():
        try:
            with app.app_context():
                counts.append(send_reminders(timedelta(hours=24)))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(counts) == len(registrations)
    assert reminders_queued(app) == len(registrations)

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text

from partners.core.timeutil import utcnow
from partners.extensions import db
from partners.outbox.models import MailStatus, OutboxMessage
from partners.outbox.services import Written, mail_writer, queue_mail, queue_mail_later, send_pending
from tests.conftest import free_port
from tests.factories import gen_user


def queue_verification_for(user):
    from partners.accounts.services import send_verification

    with db.session.no_autoflush:
        send_verification(db.session.merge(user))


def test_mail_is_queued_only_when_the_change_commits(app, outbox):
    user = gen_user(app, verified=False)
    with app.test_request_context():
        queue_verification_for(user)
        db.session.rollback()
        assert db.session.scalar(select(OutboxMessage)) is None
        queue_verification_for(user)
        db.session.commit()
    assert len(outbox.deliver()) == 1


def test_pending_mail_goes_out_through_smtp_in_the_recipients_language(app, runner, outbox):
    english = gen_user(app, email="en@example.com", locale="en", verified=False)
    japanese = gen_user(app, email="ja@example.jp", locale="ja", verified=False)
    with app.test_request_context():
        queue_verification_for(english)
        queue_verification_for(japanese)
        db.session.commit()
    result = runner.invoke(args=["mail", "send-pending"])
    assert "sent 2, retrying 0, failed 0" in result.output
    subjects = {m["To"]: m["Subject"] for m in outbox.received}
    assert subjects == {"en@example.com": "[Tsukuba SDGs Partners] Confirm your e-mail address",
                        "ja@example.jp": "【つくばSDGsパートナーズ】メールアドレスの確認"}
    message = next(m for m in outbox.received if m["To"] == "ja@example.jp")
    assert message.get_body(preferencelist=("html",)) is not None
    with app.app_context():
        assert {m.status for m in db.session.scalars(select(OutboxMessage))} == {MailStatus.SENT}
    assert runner.invoke(args=["mail", "send-pending"]).output.startswith("sent 0")


@pytest.fixture
def app_without_smtp(app, make_app):
    """The same database, with mail pointed at a loopback port where nothing listens."""
    broken = make_app(MAIL_PORT=free_port())
    with broken.app_context():
        yield broken
        db.session.remove()


def test_failed_delivery_is_retried_later_and_finally_marked_failed(app, app_without_smtp):
    with app_without_smtp.test_request_context():
        queue_mail("email_changed", "x@example.jp", "ja", "件名", user=gen_user(app), new_email="y@example.jp")
        db.session.commit()
    report = send_pending()
    assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == MailStatus.PENDING and message.attempts == 1
    assert message.next_attempt_at > utcnow() + timedelta(minutes=1)
    assert "ConnectionRefusedError" in message.last_error
    assert send_pending().retrying == 0, "not due yet"

    for _ in range(app.config["MAIL_MAX_ATTEMPTS"] - 1):
        message.next_attempt_at = utcnow()
        db.session.commit()
        send_pending()
    db.session.refresh(message)
    assert message.status == MailStatus.FAILED
    assert message.attempts == app.config["MAIL_MAX_ATTEMPTS"]


def test_a_message_locked_by_another_worker_is_skipped(app, db, database_url, outbox):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks with SKIP LOCKED are a PostgreSQL feature; SQLite runs one worker")
    with app.test_request_context():
        queue_mail("email_changed", "x@example.jp", "ja", "件名", user=gen_user(app), new_email="y@example.jp")
        db.session.commit()
    other_worker = create_engine(database_url)
    with other_worker.connect() as connection:
        connection.execute(text("SELECT id FROM outbox_messages FOR UPDATE"))
        assert send_pending().sent == 0
        connection.rollback()
    other_worker.dispose()
    assert send_pending().sent == 1
    assert len(outbox.received) == 1


def test_worker_delivers_until_told_to_stop(app, database_url, smtp_server, outbox):
    with app.test_request_context():
        queue_mail("email_changed", "x@example.jp", "ja", "件名", user=gen_user(app), new_email="y@example.jp")
        db.session.commit()
    env = os.environ | {"APP_ENV": "testing", "TEST_DATABASE_URL": database_url, "MAIL_PORT": str(smtp_server.port)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "mail", "worker", "--interval", "0.2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        # Up to 60 s: starting Python and the app in a new process took over 10 s on the shared, loaded machine.
        for _ in range(600):
            if outbox.received:
                break
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=15)
    assert [m["To"] for m in outbox.received] == ["x@example.jp"]
    assert worker.returncode == 0, output
    assert "mail worker stopped" in output


@mail_writer("test_failing_writer")
def failing_writer(record_id: int) -> Written:
    raise LookupError(f"record {record_id} is gone")


def test_a_message_whose_writer_fails_is_retried_like_a_failed_delivery(app, outbox):
    with app.test_request_context():
        queue_mail_later("test_failing_writer", "x@example.jp", "ja", about="record:7", record_id=7)
        db.session.commit()

    with app.app_context():
        report = send_pending()
        message = db.session.scalar(select(OutboxMessage))
        assert (report.sent, report.retrying) == (0, 1)
        assert message.status == MailStatus.PENDING and message.write_with == "test_failing_writer"
        assert message.last_error == "LookupError: record 7 is gone"
    assert outbox.received == []

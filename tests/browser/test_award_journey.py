"""The award's journey in a real browser: a citizen applies with a photo, staff close the call, screen and
assign a judge, the judge declares and scores (blind: the applicant's name is nowhere on their pages), staff
decide with a reason and publish, the applicant is mailed once, and the winner is on the public page."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from partners.awards.models import AwardRound
from partners.core.timeutil import utcnow
from partners.extensions import db
from tests.awards.factories import gen_judge, gen_round, gen_staff
from tests.awards.test_applications import png_bytes
from tests.browser.test_partner_journey import log_in

pytestmark = pytest.mark.browser


def test_apply_judge_decide_publish(app, live_server, chromium, outbox, tmp_path):
    staff = gen_staff(app)
    round_ = gen_round(app, staff, tiers=(("大賞", 1),))
    gen_judge(app, "judge@example.jp", "審査 一郎")
    from tests.factories import gen_user

    gen_user(app, email="hanako@example.jp", name="筑波 花子")
    photo = tmp_path / "花子の写真.png"
    photo.write_bytes(png_bytes())

    def person(email: str):
        context = chromium.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server, email)
        return context, page

    context, citizen = person("hanako@example.jp")
    citizen.goto(f"{live_server}/awards/")
    citizen.get_by_role("link", name="応募する").first.click()
    citizen.get_by_label("取組の題名").fill("コンポストで生ごみゼロの団地")
    citizen.get_by_label("部門").select_option(label="市民部門")
    citizen.get_by_label("概要（受賞した場合は公表されます）").fill("団地の生ごみを堆肥にして花壇に使っています。")
    citizen.get_by_label("内容").fill("毎週土曜に回収し、住民で堆肥を育てています。")
    citizen.get_by_label("12. つくる責任 つかう責任").check()
    citizen.get_by_label("取組の実施者（団体名・氏名）").fill("花子とコンポストの会")
    citizen.get_by_role("checkbox", name=re.compile("^受賞した場合、題名・概要とともに")).check()
    citizen.get_by_role("button", name="下書きを保存する").click()
    expect(citizen.get_by_text("下書きを保存しました")).to_be_visible()
    citizen.get_by_label("ファイル（JPEG・PNG・PDF）").set_input_files(str(photo))
    citizen.get_by_role("button", name="アップロード").click()
    expect(citizen.get_by_text("ファイルを添付しました")).to_be_visible()
    citizen.get_by_role("link", name="編集・提出").click()
    citizen.get_by_role("button", name="応募を提出する").click()
    expect(citizen.get_by_text("応募を提出しました")).to_be_visible()
    assert len([m for m in outbox.deliver() if m["To"] == "hanako@example.jp"]) == 1
    context.close()

    with app.app_context():
        db.session.execute(update(AwardRound).values(closes_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    context, office = person("staff@example.jp")
    office.goto(f"{live_server}/staff/awards/{round_.id}")
    office.get_by_role("button", name="募集を締め切る").click()
    expect(office.get_by_text("募集を締め切りました")).to_be_visible()
    office.get_by_role("link", name="コンポストで生ごみゼロの団地").click()
    office.get_by_label("審査対象", exact=True).check()
    office.get_by_role("button", name="判断を保存する").click()
    office.get_by_role("button", name="割り当てる").click()
    expect(office.get_by_text("審査員を割り当てました")).to_be_visible()
    office.goto(f"{live_server}/staff/awards/{round_.id}")
    office.get_by_role("button", name="審査を開始する").click()
    expect(office.get_by_text("審査を開始しました")).to_be_visible()

    judge_context, judge = person("judge@example.jp")
    judge.goto(f"{live_server}/judge/awards/")
    judge.get_by_role("link", name="利害関係の申告").click()
    judge.get_by_label("関係のある応募にすべて印を付けました。").check()
    judge.get_by_role("button", name="申告する").click()
    judge.get_by_role("link", name="コンポストで生ごみゼロの団地").click()
    assert "花子" not in judge.content()
    judge.get_by_role("link", name="採点").click()
    judge.get_by_label("先進性").fill("5")
    judge.get_by_label("波及効果").fill("4")
    judge.get_by_label("コメント").fill("団地ぐるみの取組として広がりがある。")
    judge.get_by_role("button", name="採点を提出する").click()
    expect(judge.get_by_text("採点を提出しました")).to_be_visible()
    judge_context.close()

    office.goto(f"{live_server}/staff/awards/{round_.id}/results")
    office.get_by_role("link", name="授賞を決定する").click()
    office.get_by_label("賞").select_option(label="大賞")
    office.get_by_label("理由").fill("住民だけで続く仕組みをつくった。")
    office.get_by_role("button", name="決定する").click()
    expect(office.get_by_text("決定を記録し、審査結果を確定しました")).to_be_visible()
    office.goto(f"{live_server}/staff/awards/{round_.id}")
    office.get_by_role("button", name="結果を公表し、応募者全員に通知する").click()
    expect(office.get_by_text("結果を公表しました")).to_be_visible()
    context.close()

    mails = [m for m in outbox.deliver() if m["To"] == "hanako@example.jp"]
    assert len(mails) == 1 and "大賞に選ばれました" in mails[0].get_body(preferencelist=("plain",)).get_content()
    visitor = chromium.new_context(locale="ja-JP").new_page()
    visitor.goto(f"{live_server}/awards/{round_.id}")
    winner = visitor.locator(".winner")
    expect(winner.get_by_text("コンポストで生ごみゼロの団地")).to_be_visible()
    expect(winner.get_by_text("花子とコンポストの会")).to_be_visible()
    visitor.wait_for_function("img => img.complete && img.naturalWidth > 0",
                              arg=winner.locator("img").element_handle())
    visitor.context.close()

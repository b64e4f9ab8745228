"""Suggested partners and the reason shown for each, with the Japanese search rules for the text match."""

from partners.extensions import db
from partners.members.models import Partner
from partners.portal.labels import suggestion_reasons
from partners.portal.matching import phrases, suggestions_for
from tests.factories import gen_partner, gen_user


def suggestions(app, partner) -> dict[str, list[str]]:
    with app.test_request_context():
        return {s.partner.name: suggestion_reasons(s) for s in suggestions_for(db.session.get(Partner, partner.id))}


def test_the_reason_names_shared_goals_and_the_matching_offers_and_needs(app):
    mine = gen_partner(app, kind="group", owner=gen_user(app), name="こども食堂つくば", name_kana="コドモショクドウ",
                       goals=(2, 11, 17), needs="子ども食堂、学習支援", offers="会場の貸し出し")
    gen_partner(app, kind="group", name="筑波農園", name_kana="ツクバノウエン", goals=(2, 15),
                offers="野菜の提供\n子ども食堂への食材提供", needs="イベント会場の貸し出し")
    gen_partner(app, kind="group", name="まちづくり会", name_kana="マチヅクリカイ", goals=(11, 17))
    gen_partner(app, kind="group", name="関係のない会", name_kana="カンケイ", goals=(5,), offers="翻訳")

    found = suggestions(app, mine)

    assert found == {
        "筑波農園": ["共通のゴール: 2", "あなたの求めること「子ども食堂」に一致",
                 "あなたのできること「会場の貸し出し」を求めています"],
        "まちづくり会": ["共通のゴール: 11, 17"],
    }
    assert list(found) == ["筑波農園", "まちづくり会"], "text matches rank above shared goals"


def test_the_text_match_folds_width_and_kana(app):
    mine = gen_partner(app, owner=gen_user(app), goals=(5,), needs="サステナブル")
    gen_partner(app, kind="group", name="ひらがなの会", name_kana="ヒラガナ", goals=(1,), offers="さすてなぶるな暮らし")
    gen_partner(app, kind="group", name="半角の会", name_kana="ハンカク", goals=(1,), offers="ｻｽﾃﾅﾌﾞﾙ講座")
    assert set(suggestions(app, mine)) == {"ひらがなの会", "半角の会"}


def test_private_sections_and_inactive_partners_are_not_used(app):
    mine = gen_partner(app, owner=gen_user(app), goals=(3,), needs="車いす")
    gen_partner(app, kind="group", name="非公開の会", name_kana="ヒコウカイ", goals=(3,),
                visibility={"listing": "private"})
    gen_partner(app, kind="group", name="内容非公開の会", name_kana="ナイヨウ", goals=(1,), offers="車いすの貸出",
                visibility={"offers_needs": "private"})
    gen_partner(app, kind="group", status="applied", name="審査中の会", name_kana="シンサ", goals=(3,))
    gen_partner(app, kind="group", status="withdrawn", name="退会した会", name_kana="タイカイ", goals=(3,))
    assert suggestions(app, mine) == {}


def test_phrases_are_cut_at_punctuation_and_spaces():
    assert phrases("子ども食堂、学習支援・会場\nA 食") == ["子ども食堂", "学習支援", "会場"]


def test_partners_already_asked_or_working_together_are_not_suggested_again(app):
    from tests.portal.factories import gen_collaboration

    owner = gen_user(app)
    mine = gen_partner(app, kind="group", owner=owner, name="こども食堂つくば", name_kana="コドモ", goals=(2,))
    asked_owner, declined_owner = gen_user(app), gen_user(app)
    asked = gen_partner(app, kind="group", owner=asked_owner, name="申込み中の会", name_kana="モウシコミ", goals=(2,))
    declined = gen_partner(app, kind="group", owner=declined_owner, name="断った会", name_kana="コトワッタ", goals=(2,))
    gen_collaboration(app, mine, asked, owner)
    gen_collaboration(app, declined, mine, declined_owner, owner, accept=False)
    assert set(suggestions(app, mine)) == {"断った会"}

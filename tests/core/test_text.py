"""DESIGN.md's Japanese text rules, at the level of the helpers every feature uses."""

import pytest

from partners.core.text import (
    fold_for_search,
    is_katakana_reading,
    kana_sort_key,
    normalise_multiline,
    normalise_text,
    search_terms,
    to_katakana,
)


def test_typed_text_is_nfkc_trimmed_and_collapsed():
    assert normalise_text("　ＮＰＯ法人　　みどり ") == "NPO法人 みどり"
    assert normalise_text("ｻｽﾃﾅﾌﾞﾙ") == "サステナブル"
    assert normalise_multiline(" 一行目　　です \n\n\n\n 二行目 ") == "一行目 です\n\n二行目"


def test_readings_are_stored_in_katakana():
    assert to_katakana("つくば　はなこ") == "ツクバ ハナコ"
    assert to_katakana("ﾂｸﾊﾞ") == "ツクバ"
    assert is_katakana_reading("ツクバ ハナコ") and is_katakana_reading("ヴァイオリン・ソロ")
    assert not is_katakana_reading("Tsukuba") and not is_katakana_reading("筑波")


@pytest.mark.parametrize("typed", ["ｻｽﾃﾅﾌﾞﾙ", "サステナブル", "さすてなぶる", "サステナ ブル"])
def test_search_folds_width_kana_and_spaces(typed):
    assert fold_for_search(typed) == "さすてなぶる"
    assert fold_for_search("ＧＲＥＥＮ Tsukuba") == "greentsukuba"


def test_search_terms_are_every_one_and_two_character_piece():
    assert search_terms("森の学校") == {"森", "の", "学", "校", "森の", "の学", "学校"}


def test_readings_sort_in_50on_order():
    """Voicing marks and small kana count only to break ties, as in a Japanese dictionary."""
    readings = ["ガッコウ", "カッパ", "アイ", "ヤマ", "ガキ", "カワ", "ツクバ", "カキ", "シロ"]
    assert sorted(readings, key=kana_sort_key) == [
        "アイ", "カキ", "ガキ", "ガッコウ", "カッパ", "カワ", "シロ", "ツクバ", "ヤマ",
    ]

"""DESIGN.md's Japanese text rules, at the level of the helpers every feature uses."""

import pytest

from partners.core.text import (
    fold_for_search,
    is_katakana_reading,
    kana_sort_key,
    normalise_email,
    normalise_identifier,
    normalise_multiline,
    normalise_text,
    to_katakana,
)


def test_typed_text_is_trimmed_and_collapsed_with_letters_digits_and_kana_in_their_usual_width():
    assert normalise_text("　ＮＰＯ法人　　みどり ") == "NPO法人 みどり"
    assert normalise_text("ｻｽﾃﾅﾌﾞﾙ ｶﾞｯｺｳ") == "サステナブル ガッコウ"
    assert normalise_text("第３回　Ｔｓｕｋｕｂａ") == "第3回 Tsukuba"
    assert normalise_multiline(" 一行目　　です \n\n\n\n 二行目 ") == "一行目 です\n\n二行目"


@pytest.mark.parametrize("typed", [
    "「（ごみ分別・自然観察）」", "いいね！～また来週～", "①集合 ②清掃", "㈱つくば【募集】。、", "Ａ＆Ｂ／Ｃ",
])
def test_japanese_punctuation_and_symbols_stay_as_typed(typed):
    """Only letters and digits change width: （）「」！～・①㈱ and full-width ＆／ are what the person wrote."""
    expected = typed.replace("Ａ", "A").replace("Ｂ", "B").replace("Ｃ", "C")
    assert normalise_text(typed) == expected
    assert normalise_multiline(f"{typed}\n{typed}") == f"{expected}\n{expected}"


def test_control_and_zero_width_characters_are_removed_from_free_text():
    assert normalise_text("みど\u200bりの\u0007森\ufeff") == "みどりの森"
    assert normalise_multiline("一行目\u200d\n二行目\x1b") == "一行目\n二行目"


def test_identifiers_are_nfkc():
    assert normalise_identifier("　Ｉ－００００１ ") == "I-00001"
    assert normalise_identifier("（１）") == "(1)"
    assert normalise_email(" Ｈａｎａ＠Ｅｘａｍｐｌｅ．ｊｐ ") == "hana@example.jp"


def test_readings_are_stored_in_katakana():
    assert to_katakana("つくば　はなこ") == "ツクバ ハナコ"
    assert to_katakana("ﾂｸﾊﾞ") == "ツクバ"
    assert is_katakana_reading("ツクバ ハナコ") and is_katakana_reading("ヴァイオリン・ソロ")
    assert not is_katakana_reading("Tsukuba") and not is_katakana_reading("筑波")


@pytest.mark.parametrize("typed", ["ｻｽﾃﾅﾌﾞﾙ", "サステナブル", "さすてなぶる", "サステナ ブル"])
def test_search_folds_width_kana_and_spaces(typed):
    assert fold_for_search(typed) == "さすてなぶる"
    assert fold_for_search("ＧＲＥＥＮ Tsukuba") == "greentsukuba"
    assert fold_for_search("「（ごみ分別）」") == fold_for_search("「(ごみ分別)」")


def test_readings_sort_in_50on_order():
    """Voicing marks and small kana count only to break ties, as in a Japanese dictionary."""
    readings = ["ガッコウ", "カッパ", "アイ", "ヤマ", "ガキ", "カワ", "ツクバ", "カキ", "シロ"]
    assert sorted(readings, key=kana_sort_key) == [
        "アイ", "カキ", "ガキ", "ガッコウ", "カッパ", "カワ", "シロ", "ツクバ", "ヤマ",
    ]

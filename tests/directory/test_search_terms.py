"""The search index's terms: every 1- and 2-character piece of each line, behind its section's letter."""

from partners.members.search_tokens import fts_document, fts_keyword, letters, pg_document, pg_keyword


def test_terms_are_every_one_and_two_character_piece_of_each_line():
    terms = pg_document({"listing": "森の学校\nもり"}, {})
    assert set(terms) == {"l森", "lの", "l学", "l校", "l森の", "lの学", "l学校", "lも", "lり", "lもり"}
    assert "l校も" not in terms  # no piece across a line break


def test_a_section_hidden_from_the_public_has_other_letters():
    public = pg_document({"activities": "森"}, {"activities": "public"})
    partners_only = pg_document({"activities": "森"}, {"activities": "partners"})
    assert public == ["a森"] and partners_only == ["b森"]
    assert letters("activities", "public") == ["a"]
    assert letters("activities", "partners") == ["a", "b"]
    assert letters("contact", "public") == [] and letters("contact") == ["k"]


def test_a_long_query_is_the_phrase_of_its_bigrams_in_fts5_and_all_of_them_on_postgresql():
    document = fts_document({"listing": "こども食堂"}, {}, "")
    phrase = fts_keyword("ども食", "l").strip('"')
    assert phrase in document
    assert pg_keyword("ども食", "l") == ["lども", "lも食"]

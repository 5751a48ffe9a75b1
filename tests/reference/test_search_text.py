"""The words the search index holds and the queries made of a search box entry
(reference/search_text.py, decision 0020). No database: the text functions alone."""

import os

import pytest
from wagtail.search.query import And, Or, Phrase, PlainText

from reference.search_text import (
    MAX_QUERY_TERMS,
    fold,
    index_text,
    myanmar_syllables,
    search_query,
    thai_syllables,
    thai_words,
)


def same(query, expected):
    """Wagtail's query objects do not compare: their descriptions do."""
    return repr(query) == repr(expected)


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Chất", "chat"),
        ("lượng", "luong"),
        ("Đà", "da"),
        ("RÉUNION", "reunion"),
        ("contrôle", "controle"),
        ("reuniões", "reunioes"),
        ("cœur", "coeur"),
        ("e\u0301te\u0301", "ete"),  # typed with combining accents
    ],
)
def test_latin_words_are_lower_cased_without_diacritics(word, folded):
    assert fold(word) == folded


def test_thai_and_burmese_marks_are_not_folded_away():
    assert fold("กลุ่ม") == "กลุ่ม"
    assert fold("ပိုး") == "ပိုး"


def test_thai_text_without_spaces_is_cut_into_words_and_syllables():
    assert thai_words("การประชุมกลุ่มเกษตรกร") == ["การประชุม", "กลุ่ม", "เกษตรกร"]
    assert thai_syllables("การประชุม") == ("การ", "ประ", "ชุม")

    indexed = index_text("การประชุมกลุ่มเกษตรกร", language="th").split()

    assert {"การประชุม", "กลุ่ม", "เกษตรกร"} <= set(indexed)
    # The syllables follow the words, in order, for phrase queries.
    assert " การ ประ ชุม กลุ่ม เกษตร กร" in " ".join(indexed)


@pytest.mark.parametrize(
    ("text", "syllables"),
    [
        ("ပိုးသတ်ဆေး", ["ပိုး", "သတ်", "ဆေး"]),
        ("မြန်မာ", ["မြန်", "မာ"]),
        ("အစည်းအဝေး", ["အ", "စည်း", "အ", "ဝေး"]),
        ("အန္တရာယ်", ["အန္တ", "ရာယ်"]),  # a stacked consonant stays with its syllable
        ("သင်္ချိုင်း", ["သင်္ချိုင်း"]),  # kinzi
        ("ဆင့်", ["ဆင့်"]),  # dot below before asat
        ("၂၀၂၄ခုနှစ်။", ["၂၀၂၄", "ခု", "နှစ်"]),  # a number is one word, punctuation none
    ],
)
def test_burmese_is_cut_into_syllables(text, syllables):
    assert myanmar_syllables(text) == syllables


def test_english_french_and_portuguese_words_are_indexed_with_their_stems():
    assert index_text("Holding meetings", language="en").split() == [
        "holding",
        "hold",
        "meetings",
        "meet",
    ]
    assert "pesticid" in index_text("Les pesticides", language="fr").split()
    assert "reunio" in index_text("As reuniões", language="pt").split()
    # No stemmer for Vietnamese: folded words only.
    assert index_text("Quản lý chất lượng", language="vi") == "quan ly chat luong"


def test_mixed_scripts_codes_and_punctuation():
    indexed = index_text("QM-01: การประชุม (GAP) ပိုးသတ်ဆေး။", language="th").split()

    assert indexed[:4] == ["qm", "01", "การประชุม", "gap"]
    assert indexed[-3:] == ["ပိုး", "သတ်", "ဆေး"]


def test_a_query_word_matches_itself_or_its_stem():
    assert same(
        search_query("Meetings", language="en"), Or([PlainText("meetings"), PlainText("meet")])
    )
    assert same(
        search_query("chat luong", language="vi"), And([PlainText("chat"), PlainText("luong")])
    )


def test_a_thai_query_word_matches_the_word_or_its_run_of_syllables():
    assert same(
        search_query("การประชุม", language="th"), Or([PlainText("การประชุม"), Phrase("การ ประ ชุม")])
    )
    assert same(search_query("แมลง", language="th"), PlainText("แมลง"))


def test_a_burmese_query_matches_its_run_of_syllables():
    assert same(search_query("ပိုးသတ်ဆေး", language="my"), Phrase("ပိုး သတ် ဆေး"))
    assert same(search_query("ဆေး", language="my"), PlainText("ဆေး"))


@pytest.mark.parametrize("text", ["", "   ", '"*()^:', "။", "—"])
def test_an_entry_without_words_makes_no_query(text):
    assert search_query(text, language="en") is None


def test_search_syntax_never_reaches_the_engines():
    query = search_query('"elect" AND (committee*) NEAR/2 x:y', language="en")

    words = [term.query_string for term in query.subqueries if isinstance(term, PlainText)]
    assert words == ["elect", "and", "near", "2", "x", "y"]


def test_repeated_words_count_once_and_long_entries_are_cut():
    assert same(search_query("group group Group", language="vi"), PlainText("group"))

    query = search_query(" ".join(f"w{n}" for n in range(100)), language="vi")

    assert len(query.subqueries) == MAX_QUERY_TERMS


def test_pythainlp_never_downloads():
    assert os.environ["PYTHAINLP_READ_ONLY"] == "1"
    assert os.environ["PYTHAINLP_OFFLINE"] == "1"


def test_threads_stem_side_by_side():
    """gunicorn serves requests in threads: a Snowball stemmer holds its word while it works."""
    from concurrent.futures import ThreadPoolExecutor

    words = ["meetings", "pesticides", "groupements", "réunions", "records"] * 200
    alone = [index_text(word, language="en") for word in words]

    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda word: index_text(word, language="en"), words))

    assert together == alone

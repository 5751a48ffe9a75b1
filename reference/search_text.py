"""Search in every script (decision 0020): text turned into the same words at indexing and
at query time, so SQLite's FTS5 and PostgreSQL's full-text search find the same pages.

- Thai is written without spaces between words: PyThaiNLP's dictionary segmenter (`newmm`,
  which ships its dictionary in the package) cuts it into words, and each word into
  syllables. The index holds the words and, after them, the stream of syllables; a query
  word matches a word or the same run of syllables (a phrase), so "การประชุม" finds
  "การประชุมใหญ่" even where the dictionary keeps the longer word whole.
- Burmese is written without spaces too: it is cut into syllables by the Unicode Myanmar
  syllable rules (a consonant starts a syllable unless it is stacked under another or
  killed by asat), and a query matches a run of syllables as a phrase.
- Latin-script words are lower-cased with their diacritics folded ("chất lượng" →
  "chat luong", "contrôle" → "controle", "đ" → "d"), so a search typed without accents
  finds them; English, French and Portuguese words are indexed with their Snowball stem as
  well, and a query word matches the word or its stem ("pesticide" finds "pesticides").

The index is built from `SearchTextMixin.search_title()` and `.search_text()` (indexed
callables of the page models) and queried with `search_query()`.
"""

import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from wagtail.search import index
from wagtail.search.query import And, Or, Phrase, PlainText, SearchQuery

# PyThaiNLP must never download or write at run time: its words and syllables ship in the
# package. Set before it is first imported (it is imported on the first Thai text).
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

# Snowball stemmers for the content languages that inflect by suffixes. Indonesian is left
# out: its stemmer strips prefixes too ("kelompok" → "lompok"), which finds too much;
# Thai, Vietnamese and Burmese do not inflect.
STEMMERS = {"en": "english", "fr": "french", "pt": "portuguese"}

# A query of more words than this keeps its first ones (the search box takes 200 characters).
MAX_QUERY_TERMS = 32

THAI = "\u0e01-\u0e5b"
# Myanmar, Myanmar Extended-A and -B.
MYANMAR = "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"
TOKENS = re.compile(rf"(?P<thai>[{THAI}]+)|(?P<myanmar>[{MYANMAR}]+)|(?P<word>[^\W_]+)")

# Where a Burmese syllable starts: before a consonant that is neither stacked under the one
# before it (virama U+1039 precedes it) nor killed (asat U+103A or virama follows it, a dot
# below U+1037 possibly between); before an independent vowel or symbol; around a number.
_MY_CONSONANT = "\u1000-\u1021\u103f"
_MY_INDEPENDENT = "\u1023-\u102a\u104c-\u104f"
_MY_DIGIT = "\u1040-\u1049"
_MY_KILLED = "(?!\u1037?[\u103a\u1039])"
MYANMAR_SYLLABLE_START = re.compile(
    rf"(?<!\u1039)(?=[{_MY_CONSONANT}]{_MY_KILLED})"
    rf"|(?=[{_MY_INDEPENDENT}]{_MY_KILLED})"
    rf"|(?<![{_MY_DIGIT}])(?=[{_MY_DIGIT}])"
    rf"|(?<=[{_MY_DIGIT}])(?![{_MY_DIGIT}])"
)
# Burmese punctuation (little and big section marks): separators, never words.
MYANMAR_PUNCTUATION = re.compile("[\u104a\u104b]+")

# The combining diacritical marks (and their extensions and supplement).
DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters that are not a base letter with a combining mark, folded by hand.
LETTER_FOLDS = str.maketrans({"đ": "d", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "\u0131": "i"})


# --- Latin-script words -------------------------------------------------------------------


def fold(word: str) -> str:
    """Lower case without diacritics: "Chất" → "chat", "RÉUNION" → "reunion", "Đà" → "da".
    Only the diacritics of the Latin script (and Greek, Cyrillic) go: Thai vowels and tone
    marks and Burmese signs are combining marks too, and are letters of their words."""
    decomposed = unicodedata.normalize("NFD", word.casefold().translate(LETTER_FOLDS))
    return unicodedata.normalize("NFC", DIACRITICS.sub("", decomposed))


# A Snowball stemmer keeps the word it works on in itself: one per thread (gunicorn runs
# threads, decision 0018).
_stemmers = threading.local()


def _stemmer(language: str):
    import snowballstemmer

    made = _stemmers.__dict__
    if language not in made:
        made[language] = snowballstemmer.stemmer(STEMMERS[language])
    return made[language]


# Kept per process: the same words come back on every page indexed and every search, and
# Snowball's pure-Python stemmer was most of the time spent indexing (loading the seed
# curriculum and its six translations stemmed 118,000 words, mostly the same few thousand,
# over half of the load). The stem depends on nothing but the word and the language, so a
# kept one is always right; the bound keeps the memory small (some MB at most).
@lru_cache(maxsize=100_000)
def stem(word: str, language: str | None) -> str:
    """The folded Snowball stem of a lower-cased word in `language` ("" when there is none)."""
    if language not in STEMMERS or len(word) < 3 or not word.isalpha():
        return ""
    return fold(_stemmer(language).stemWord(word))


def _word_forms(word: str, language: str | None) -> tuple[str, str]:
    """(the folded word, its folded stem when the stem differs, else "")."""
    lowered = word.casefold()
    folded = fold(lowered)
    stemmed = stem(lowered, language)
    return folded, stemmed if stemmed and stemmed != folded else ""


# --- Thai ----------------------------------------------------------------------------------


def _has_letter(text: str) -> bool:
    return any(char.isalnum() for char in text)


def thai_words(run: str) -> list[str]:
    """The words of a run of Thai text (PyThaiNLP's `newmm` dictionary segmenter)."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import normalize

    words = word_tokenize(normalize(run), engine="newmm", keep_whitespace=False)
    return [word for word in words if _has_letter(word)]


@lru_cache(maxsize=20_000)  # bounded: query words are the readers'
def thai_syllables(word: str) -> tuple[str, ...]:
    """The syllables of one Thai word (PyThaiNLP's syllable dictionary)."""
    from pythainlp.tokenize import syllable_tokenize

    syllables = syllable_tokenize(word, engine="dict", keep_whitespace=False)
    return tuple(syllable for syllable in syllables if _has_letter(syllable)) or (word,)


# --- Burmese -------------------------------------------------------------------------------


def myanmar_syllables(run: str) -> list[str]:
    """The syllables of a run of Burmese text, by the Unicode Myanmar syllable rules."""
    # U+1025 (independent vowel U) typed for U+1009 (consonant NYA) before asat.
    run = run.replace("\u1025\u103a", "\u1009\u103a")
    syllables = []
    for part in MYANMAR_PUNCTUATION.split(run):
        syllables.extend(piece for piece in MYANMAR_SYLLABLE_START.split(part) if piece)
    return syllables


# --- Index and query -----------------------------------------------------------------------


def index_text(text: str, *, language: str | None) -> str:
    """`text` as the space-separated words the index holds.

    Latin-script words folded, each followed by its stem in `language` when it differs;
    Thai words; then the syllables of the Thai words and of the Burmese text, in order
    (phrase queries match runs of them).
    """
    words: list[str] = []
    syllables: list[str] = []
    for match in TOKENS.finditer(unicodedata.normalize("NFC", text)):
        if match["thai"]:
            for word in thai_words(match["thai"]):
                words.append(word)
                syllables.extend(thai_syllables(word))
        elif match["myanmar"]:
            syllables.extend(myanmar_syllables(match["myanmar"]))
        else:
            words.extend(form for form in _word_forms(match["word"], language) if form)
    return " ".join([*words, *syllables])


def _query_terms(text: str, language: str | None) -> Iterator[SearchQuery]:
    for match in TOKENS.finditer(unicodedata.normalize("NFC", text)):
        if match["thai"]:
            for word in thai_words(match["thai"]):
                syllables = thai_syllables(word)
                if len(syllables) > 1:
                    yield Or([PlainText(word), Phrase(" ".join(syllables))])
                else:
                    yield PlainText(word)
        elif match["myanmar"]:
            syllables = myanmar_syllables(match["myanmar"])
            if len(syllables) > 1:
                yield Phrase(" ".join(syllables))
            elif syllables:
                yield PlainText(syllables[0])
        else:
            folded, stemmed = _word_forms(match["word"], language)
            yield Or([PlainText(folded), PlainText(stemmed)]) if stemmed else PlainText(folded)


def search_query(text: str, *, language: str | None) -> SearchQuery | None:
    """The query for a search box entry typed by a reader of `language`: every word must
    match (as itself, its stem, or its run of syllables). None when it holds no word."""
    terms: list[SearchQuery] = []
    seen = set()
    for term in _query_terms(text, language):
        key = repr(term)
        if key not in seen:
            seen.add(key)
            terms.append(term)
        if len(terms) == MAX_QUERY_TERMS:
            break
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(terms)


# --- Page models -----------------------------------------------------------------------------


def _flatten(value) -> Iterable[str]:
    """The strings in an indexed field's value (StreamFields give lists of strings)."""
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    else:
        yield str(value)


class SearchTextMixin:
    """For page models: their title and searchable fields, made into the index's words in
    the page's own language. Add `*SEARCH_TEXT_FIELDS` to the model's `search_fields`.

    The text is read through the model's own SearchFields, so what a block keeps out of
    the index (facilitator notes, instructions for adapting countries) stays out."""

    def search_language(self) -> str | None:
        locale = getattr(self, "locale", None)
        return locale.language_code if locale is not None else None

    def search_title(self) -> str:
        return index_text(self.title, language=self.search_language())

    def search_text(self) -> str:
        texts = []
        for field in self.get_search_fields():
            if isinstance(field, index.SearchField) and field.field_name not in OWN_FIELDS:
                texts.extend(_flatten(field.get_value(self)))
        return index_text("\n".join(texts), language=self.search_language())


OWN_FIELDS = {"title", "search_title", "search_text"}
SEARCH_TEXT_FIELDS = [
    index.SearchField("search_title", boost=2),
    index.SearchField("search_text"),
]

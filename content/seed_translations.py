"""The seed's translations of the DATA (decision 0020): levels, vocabularies, the rubric,
the demo H5P activity's title and description.

`content/seed/translations.toml` gives, for each English text, its fr, pt, id, th, vi and
my translation. Each original row (the default language's) goes through wagtail-localize
as if a translator had done it: a translation source, one string translation per text
(segment) found in the row, and the translated row saved from them. So the admin's
translation editor, PO download and upload, and "Sync translated pages" work on the seed's
translations like on any other, and a translation a translator changed is never
overwritten by loading the seed again.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from organisation_levels.models import Rubric
from reference.models import Commodity, DeliveryMethod, NeedArea, OrganisationLevel, Standard, Theme

TRANSLATIONS_FILE = Path(__file__).resolve().parent / "seed" / "translations.toml"
LANGUAGES = ("fr", "pt", "id", "th", "vi", "my")
# Levels first: the rubric's thresholds name levels, and a translated rubric needs them.
MODELS = (OrganisationLevel, Theme, NeedArea, Standard, Commodity, DeliveryMethod, Rubric)


@dataclass
class TranslationsResult:
    rows: int = 0  # translated rows saved (made, or given new texts)
    strings: int = 0  # string translations added
    missing: list[str] = field(default_factory=list)  # texts with no translation in the file


def seed_translations_read(path: Path = TRANSLATIONS_FILE) -> dict[str, dict[str, str]]:
    """English text → {language: translation}. Raises ValueError naming a bad entry."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("text", [])
    table: dict[str, dict[str, str]] = {}
    for number, entry in enumerate(entries, start=1):
        missing = [code for code in ("en", *LANGUAGES) if not str(entry.get(code, "")).strip()]
        if missing:
            raise ValueError(
                f"{path.name}: entry {number} ({entry.get('en', '?')!r}) has no "
                f"{', '.join(missing)}."
            )
        table[entry["en"]] = {code: entry[code] for code in LANGUAGES}
    return table


@transaction.atomic
def seed_translations_load(path: Path = TRANSLATIONS_FILE, originals=None) -> TranslationsResult:
    """Translate every original level, vocabulary term and rubric version (or the given
    `originals`, such as the demo H5P activity) into the six languages from the file.
    Safe to run again."""
    table = {
        StringValue.from_plaintext(english).data: {
            code: StringValue.from_plaintext(text).data for code, text in by_language.items()
        }
        for english, by_language in seed_translations_read(path).items()
    }
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    result = TranslationsResult()
    if originals is None:
        originals = [
            original for model in MODELS for original in model.objects.originals().order_by("pk")
        ]
    for original in originals:
        _translate(original, table=table, locales=locales, result=result)
    return result


def _translate(original, *, table, locales, result: TranslationsResult) -> None:
    source, _created = TranslationSource.get_or_create_from_instance(original)
    if not _created:
        source.update_from_db()
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    for code in LANGUAGES:
        locale = locales.get(code)
        if locale is None:
            continue
        # One query for the texts this language already has, one insert for the rest (the
        # seed's 39 rows, 6 languages and their texts were 1,500 get_or_create round trips).
        # bulk_create sends no post_save: wagtail-localize's receiver only copies a page's
        # translated title to its draft title, and these rows are data, never pages.
        existing = set(
            StringTranslation.objects.filter(
                translation_of__in=[segment.string for segment in segments], locale=locale
            ).values_list("translation_of_id", "context_id")
        )
        new_translations = {}
        for segment in segments:
            text = table.get(segment.string.data, {}).get(code)
            if text is None:
                if segment.string.data not in result.missing:
                    result.missing.append(segment.string.data)
                continue
            pair = (segment.string_id, segment.context_id)
            if pair not in existing and pair not in new_translations:
                new_translations[pair] = StringTranslation(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    data=text,
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    updated_at=timezone.now(),
                )
        StringTranslation.objects.bulk_create(new_translations.values())
        added = len(new_translations)
        result.strings += added
        translation, made = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        if made or added or not original.has_translation(locale):
            # Loading again with nothing new leaves the translation as it is.
            translation.save_target(publish=True)
            result.rows += 1

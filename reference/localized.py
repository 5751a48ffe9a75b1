"""Data in the reader's language: the translation of a translatable row, without N+1 queries.

Levels, taxonomies and the level rubric are wagtail-localize translatable snippets
(decision 0020): each translation is a row of its own, sharing the original's
`translation_key`. Everything else keeps pointing at the ORIGINAL rows (the default
language's), so filters, scores and foreign keys never depend on a translation; what is
shown is the translation in the active language, else the original.

`localized(obj)` reads every row of that model in the active language once per request
(these tables hold a few dozen rows), then answers from memory: a page naming twenty
themes costs one query, and none in the default language. The memory is dropped at the
start and end of every request and whenever a translatable row is saved or deleted, so a
translation made in the admin shows on the next page. Outside requests (background tasks
have none) it is also dropped 30 seconds after it was last dropped; within a request it
is never dropped by the clock, so a request reads each table once however long it takes.
"""

from __future__ import annotations

import time
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import TranslatableMixin

_memory = Local()
MEMORY_SECONDS = 30


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _rows_in(model, language: str) -> dict:
    """translation_key → row of `model` in `language`, read once per request (outside
    requests, in a background export, at most every MEMORY_SECONDS)."""
    store = getattr(_memory, "rows", None)
    if store is None or (
        not getattr(_memory, "in_request", False)
        and time.monotonic() - getattr(_memory, "since", 0) > MEMORY_SECONDS
    ):
        store = _memory.rows = {}
        _memory.since = time.monotonic()
    key = (model._meta.label, language)
    if key not in store:
        store[key] = {
            row.translation_key: row
            for row in model._default_manager.filter(locale__language_code=language)
        }
    return store[key]


def localized(obj):
    """`obj`'s translation in the active language, else `obj` itself (None stays None)."""
    if obj is None or not isinstance(obj, TranslatableMixin):
        return obj
    language = _language()
    if language == settings.LANGUAGE_CODE and not _is_translation(obj):
        return obj
    return _rows_in(type(obj), language).get(obj.translation_key, obj)


def localized_name(obj, field: str = "name") -> str:
    """One text field of `obj` in the active language."""
    return getattr(localized(obj), field) if obj is not None else ""


def forget() -> None:
    """Drop the rows read so far (a request starts or ends, a translation changed)."""
    _memory.rows = {}
    # Outside requests the 30 seconds count from here (counted from an earlier expiry,
    # they ran out sooner than said).
    _memory.since = time.monotonic()


def _is_translation(obj) -> bool:
    # The rows everything points at are originals; a translation reached directly (in the
    # admin, say) is recognised by its locale without a query when the locale is loaded.
    locale = obj._state.fields_cache.get("locale")
    return locale is not None and locale.language_code != settings.LANGUAGE_CODE


class TranslatableQuerySet(models.QuerySet):
    def originals(self):
        """The rows in the default language: the ones everything else points at."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)


class LocalizedMixin(TranslatableMixin):
    """A wagtail-localize translatable snippet shown in the reader's language."""

    objects = TranslatableQuerySet.as_manager()

    class Meta:
        abstract = True
        unique_together = [("translation_key", "locale")]

    @property
    def localized(self):
        return localized(self)

    def save(self, *args, **kwargs):
        # A copy (a new rubric version copied from the active one, a row saved again with
        # pk=None) is a new original, not a translation: it gets a translation key of its own.
        if (
            (self._state.adding or self.pk is None)
            and self.locale_id
            and type(self)
            ._default_manager.filter(translation_key=self.translation_key, locale_id=self.locale_id)
            .exists()
        ):
            self.translation_key = uuid.uuid4()
        return super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        """Names, slugs and ranks are unique in each language. The locale is not a form
        field, so Django skips those constraints in forms: they are checked here, with the
        usual message ("Theme with this Slug already exists.")."""
        super().validate_unique(exclude)
        locale_id = self.locale_id or _default_locale_id()
        errors: dict[str, list] = {}
        for constraint in self._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if not isinstance(constraint, models.UniqueConstraint) or "locale" not in fields:
                continue
            others = [name for name in fields if name != "locale"]
            if exclude and any(name in exclude for name in others):
                continue
            same = type(self)._default_manager.filter(
                locale_id=locale_id, **{name: getattr(self, name) for name in others}
            )
            if self.pk:
                same = same.exclude(pk=self.pk)
            if same.exists():
                errors.setdefault(others[0], []).append(
                    self.unique_error_message(type(self), tuple(others))
                )
        if errors:
            raise ValidationError(errors)


def _default_locale_id():
    from wagtail.models import Locale

    return Locale.get_default().pk


def _forget_on_change(sender, instance, **kwargs):
    if isinstance(instance, TranslatableMixin):
        forget()


def _request_started(**kwargs):
    forget()
    # No expiry by the clock until the request ends: one that ran across the thirtieth
    # second read its tables twice (a flaky query count in CI; decision 0024, thirteenth
    # pass). The memory is per thread (asgiref's Local), as each request is served.
    _memory.in_request = True


def _request_finished(**kwargs):
    forget()
    _memory.in_request = False


request_started.connect(_request_started, weak=False, dispatch_uid="localized_start")
request_finished.connect(_request_finished, weak=False, dispatch_uid="localized_end")
post_save.connect(_forget_on_change, weak=False, dispatch_uid="localized_save")
post_delete.connect(_forget_on_change, weak=False, dispatch_uid="localized_delete")


def originals_only():
    """`limit_choices_to` of every link to translatable data: forms offer the originals."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


def support_areas_only():
    return originals_only() & models.Q(kind="support_area")


def core_risks_only():
    return originals_only() & models.Q(kind="core_risk")


def localized_names(model, field: str = "name") -> dict[str, str]:
    """Each original's `field` → the same in the active language, for code that reads
    names straight from the database (`values_list("theme__name")`): names are unique in
    each language. Empty in the default language (no query): use `.get(name, name)`."""
    language = _language()
    if language == settings.LANGUAGE_CODE:
        return {}
    rows = _rows_in(model, language)
    return {
        getattr(original, field): getattr(rows[original.translation_key], field)
        for original in model._default_manager.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).only("pk", "translation_key", field)
        if original.translation_key in rows
    }

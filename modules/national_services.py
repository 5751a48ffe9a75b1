"""Writes for national adaptation: country curricula, adapting a module, following upstream."""

import copy

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Locale

from modules.models import (
    AdaptedModulePage,
    Country,
    NationalCurriculumIndexPage,
    NationalCurriculumPage,
    TrainingModulePage,
)

# A platform writes, publishes and revises its own country's pages, and nothing else.
PLATFORM_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def national_curricula_ensure(*, home) -> NationalCurriculumIndexPage:
    """The "Country curricula" index under `home` and one curriculum page per country."""
    index = NationalCurriculumIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=NationalCurriculumIndexPage(title="Country curricula", slug="curricula")
        )
        index.save_revision().publish()
    for country in Country.objects.all():
        national_curriculum_ensure(country=country, index=index)
    return index


@transaction.atomic
def national_curriculum_ensure(
    *, country: Country, index: NationalCurriculumIndexPage | None = None
) -> NationalCurriculumPage | None:
    """The country's curriculum page, with its platform's page permissions on that subtree."""
    curriculum = NationalCurriculumPage.objects.filter(
        country=country, locale=Locale.get_default()
    ).first()
    if curriculum is None:
        index = (
            index or NationalCurriculumIndexPage.objects.filter(locale=Locale.get_default()).first()
        )
        if index is None:
            return None  # no site yet; site_structure_ensure makes them all
        curriculum = index.add_child(
            instance=NationalCurriculumPage(title=country.name, slug=country.slug, country=country)
        )
        curriculum.save_revision().publish()
    if country.national_platform_group_id:
        for codename in PLATFORM_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group_id=country.national_platform_group_id,
                page=curriculum,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    return curriculum


def _require_platform(user, country: Country) -> None:
    if user.is_superuser:
        return
    if not Country.objects.of_platform_member(user).filter(pk=country.pk).exists():
        raise PermissionDenied(
            _("Only %(country)s's national platform adapts modules for it.")
            % {"country": country.name}
        )


def _adapted_body(generic_body_raw) -> list[dict]:
    """The generic body as an adaptation's: same blocks and block ids (so changes upstream
    can be matched block by block), each slot with an empty place for the country's text."""
    body = copy.deepcopy(list(generic_body_raw))
    for block in body:
        if block["type"] == "adaptation_slot":
            block["value"].setdefault("national_text", "")
    return body


@transaction.atomic
def module_adapt(*, source: TrainingModulePage, country: Country, user) -> AdaptedModulePage:
    """A draft adaptation of the published generic module in the country's curriculum.

    Refused for a module that is not published (nothing stable to follow) and for a
    country that already has an adaptation of it (one per country keeps the path clear).
    """
    _require_platform(user, country)
    source = TrainingModulePage.objects.get(pk=source.pk)
    revision = source.live_revision
    if not source.live or revision is None:
        raise ValidationError(_("Only a published generic module can be adapted."))
    curriculum = national_curriculum_ensure(country=country)
    if curriculum is None:
        raise ValidationError(_("The site has no country curricula yet."))
    existing = AdaptedModulePage.objects.child_of(curriculum).filter(source=source).first()
    if existing is not None:
        raise ValidationError(
            _("%(country)s already has an adaptation of %(code)s: “%(title)s”.")
            % {"country": country.name, "code": source.code, "title": existing.title}
        )
    published = revision.as_object()
    adaptation = AdaptedModulePage(
        title=published.title,
        slug=published.slug,
        code=published.code,
        summary=published.summary,
        duration_minutes=published.duration_minutes,
        body=_adapted_body(published.body.raw_data),
        source=source,
        source_revision=revision,
        live=False,
        owner=user,
    )
    curriculum.add_child(instance=adaptation)
    adaptation.save_revision(user=user, log_action=True)
    return adaptation


@transaction.atomic
def adaptation_mark_reviewed(*, adaptation: AdaptedModulePage, user) -> AdaptedModulePage:
    """The platform read the upstream changes and keeps its text as it is."""
    _require_platform(user, adaptation.get_parent().specific.country)
    adaptation = AdaptedModulePage.objects.select_for_update().get(pk=adaptation.pk)
    adaptation.source_revision = adaptation.source.live_revision
    adaptation.save(update_fields=["source_revision"])
    return adaptation


@transaction.atomic
def adaptation_take_changes(*, adaptation: AdaptedModulePage, user) -> list[str]:
    """Bring the generic module's changes into the adaptation, as a new draft.

    Block by block, matched by block id: a block the country did not touch takes the
    new generic version; a slot keeps the country's text and takes the new prompt and
    generic text; a block the country changed is kept, and named in the returned
    list so the platform can look at it; new generic blocks are inserted after the
    block they follow; generic blocks that were removed go, unless the country had
    changed them; the country's own blocks stay where they are.
    """
    _require_platform(user, adaptation.get_parent().specific.country)
    adaptation = AdaptedModulePage.objects.select_for_update().get(pk=adaptation.pk)
    latest = adaptation.get_latest_revision_as_object()
    source = adaptation.source
    new_revision = source.live_revision
    if new_revision is None or new_revision.pk == adaptation.source_revision_id:
        return []
    old = {b["id"]: b for b in _adapted_body(_revision_body(adaptation.source_revision))}
    new = _adapted_body(new_revision.as_object().body.raw_data)
    new_ids = {b["id"] for b in new}
    mine = list(latest.body.raw_data)
    kept_changes = []

    def untouched(block):
        before = old.get(block["id"])
        return before is not None and _comparable(before) == _comparable(block)

    merged = []
    for block in mine:
        if block["id"] in old and block["id"] not in new_ids:
            if untouched(block):
                continue  # removed upstream and never changed here
            kept_changes.append(block["id"])
        merged.append(block)
    by_id = {block["id"]: index for index, block in enumerate(merged)}
    previous_id = None
    for generic_block in new:
        if generic_block["id"] in by_id:
            index = by_id[generic_block["id"]]
            block = merged[index]
            if block["type"] == "adaptation_slot":
                value = dict(generic_block["value"])
                value["national_text"] = block["value"].get("national_text", "")
                merged[index] = {**generic_block, "value": value}
            elif untouched(block):
                merged[index] = copy.deepcopy(generic_block)
            elif _comparable(old.get(block["id"], {})) != _comparable(generic_block):
                kept_changes.append(block["id"])
        elif generic_block["id"] not in old:
            # New upstream: place it after the generic block it follows here.
            position = by_id[previous_id] + 1 if previous_id in by_id else len(merged)
            merged.insert(position, copy.deepcopy(generic_block))
            by_id = {block["id"]: index for index, block in enumerate(merged)}
        previous_id = generic_block["id"]

    latest.body = merged
    latest.source_revision = new_revision
    latest.save_revision(user=user, log_action=True)
    AdaptedModulePage.objects.filter(pk=adaptation.pk).update(source_revision=new_revision)
    return kept_changes


def _revision_body(revision):
    return revision.as_object().body.raw_data if revision else []


def _comparable(block) -> dict:
    """A block's content without the country's slot text (that is never upstream's)."""
    value = block.get("value")
    if isinstance(value, dict):
        value = {key: item for key, item in value.items() if key != "national_text"}
    return {"type": block.get("type"), "value": value}

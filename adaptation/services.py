"""Writes for national adaptation: a country's platform and curriculum, adapting a module,
following upstream."""

import copy

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)

from adaptation.blocks import AdaptedModuleBodyBlock, has_country_text
from adaptation.models import AdaptedModulePage, NationalCurriculumIndexPage, NationalCurriculumPage
from modules.models import TrainingModulePage
from modules.stream_data import stream_in_block_format
from modules.translation_services import (
    backpack_translations_permissions_apply,
    page_translations_permissions_apply,
)
from reference import roles
from reference.models import Country

# Built once: comparing blocks during a merge needs the body's block definitions.
ADAPTED_BODY = AdaptedModuleBodyBlock()

# A platform writes, publishes and revises its own country's pages, and nothing else.
PLATFORM_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


@transaction.atomic
def country_set_up(*, country: Country) -> None:
    """Everything a new country needs: its national platform group, its curriculum page
    with the platform's permissions on it, and the backpack's translations into its
    languages opened to its platform."""
    national_platform_group_ensure(country=country)
    national_curriculum_ensure(country=country)
    backpack_translations_permissions_apply()


@transaction.atomic
def country_update_apply(*, country: Country) -> None:
    """After a country is edited: its platform group takes its new name, and the backpack's
    translations follow its languages."""
    national_platform_group_rename(country=country)
    backpack_translations_permissions_apply()


@transaction.atomic
def national_platform_group_ensure(*, country: Country) -> Group:
    """Give a country its national platform group (admin access, facilitator notes)."""
    if country.national_platform_group_id:
        return country.national_platform_group
    group, _created = Group.objects.get_or_create(
        name=roles.national_platform_group_name(country.name)
    )
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="modules", codename="view_facilitator_notes"
        ),
        # Platforms see the committee's H5P activities and place them in their modules.
        Permission.objects.get(content_type__app_label="h5p", codename="view_h5pactivity"),
        # …and SCORM courses, and upload their own (decision 0026).
        Permission.objects.get(content_type__app_label="scorm", codename="view_scormpackage"),
        Permission.objects.get(content_type__app_label="scorm", codename="add_scormpackage"),
        # The standards' requirements and the crosswalk, kept by the committee (0027).
        Permission.objects.get(
            content_type__app_label="internal_control", codename="view_controlpoint"
        ),
        Permission.objects.get(
            content_type__app_label="internal_control", codename="view_requirementcatalogue"
        ),
        # Translating its curriculum, and the backpack into its languages (decision 0010).
        Permission.objects.get(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        ),
    )
    root = Collection.get_first_root_node()
    for app_label, codename in (
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    country.national_platform_group = group
    country.save(update_fields=["national_platform_group"])
    return group


@transaction.atomic
def national_platform_group_rename(*, country: Country) -> None:
    """Keep the group's name in step with the country's (people pick groups by name)."""
    group = national_platform_group_ensure(country=country)
    group.name = roles.national_platform_group_name(country.name)
    group.save(update_fields=["name"])


def national_platform_group_delete(*, group_id: int | None) -> None:
    """A deleted country's platform group goes too, so nobody keeps its access."""
    if group_id is not None:
        Group.objects.filter(pk=group_id).delete()


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
        # And on the curriculum's translations, separate pages in their languages' trees.
        page_translations_permissions_apply(original=curriculum)
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
        body=stream_in_block_format(
            stream_block=ADAPTED_BODY, raw=_adapted_body(published.body.raw_data)
        ),
        source=source,
        source_revision=revision,
        country=country,
        live=False,
        owner=user,
    )
    curriculum.add_child(instance=adaptation)
    adaptation.save_revision(user=user, log_action=True)
    return adaptation


def adaptation_country_follow(*, adaptation: Page) -> None:
    """Give the adaptation at this page the country of the curriculum it now sits under
    (after a move, or a copy, to another curriculum)."""
    country_id = (
        NationalCurriculumPage.objects.filter(path=adaptation.path[: -Page.steplen])
        .values_list("country_id", flat=True)
        .first()
    )
    if country_id is None:
        return
    AdaptedModulePage.objects.filter(pk=adaptation.pk).exclude(country_id=country_id).update(
        country_id=country_id
    )
    if isinstance(adaptation, AdaptedModulePage):
        adaptation.country_id = country_id  # the caller may save this instance again


def _require_editable(adaptation: AdaptedModulePage, user) -> None:
    """The platform of the country, who may edit the page now (not locked by someone else)."""
    _require_platform(user, adaptation.country)
    if adaptation.locale_id != Locale.get_default().pk:
        raise ValidationError(
            _("A translation follows its original adaptation; review the changes there.")
        )
    if not adaptation.permissions_for_user(user).can_edit():
        raise PermissionDenied(_("You may not edit this adaptation."))
    lock = adaptation.get_lock()
    if lock and lock.for_user(user):
        raise ValidationError(_("The adaptation is locked; unlock it first."))


@transaction.atomic
def adaptation_mark_reviewed(*, adaptation: AdaptedModulePage, user) -> AdaptedModulePage:
    """The platform read the upstream changes and keeps its text as it is."""
    _require_editable(adaptation, user)
    adaptation = AdaptedModulePage.objects.select_for_update().get(pk=adaptation.pk)
    adaptation.source_revision = adaptation.source.live_revision
    adaptation.save(update_fields=["source_revision"])
    return adaptation


@transaction.atomic
def adaptation_take_changes(*, adaptation: AdaptedModulePage, user) -> list[str]:
    """Bring the generic module's body changes into the adaptation, as a new draft.

    Block by block, matched by block id, against the generic revision the latest
    draft follows: a block the country did not touch takes the new generic version;
    a slot keeps the country's text and takes the new prompt and generic text when
    its kind is unchanged; a block the country changed (or deleted) that upstream
    also changed is left as the country has it and its id returned, so the screen
    names it; new generic blocks go after the nearest generic block before them
    that is still here (first, if none); generic blocks removed upstream go, unless
    the country changed them. The country's own blocks stay where they are. The
    page row keeps following the old revision until the draft is published, so
    "behind" stays true until the public page has the changes.
    """
    _require_editable(adaptation, user)
    adaptation = AdaptedModulePage.objects.select_for_update().get(pk=adaptation.pk)
    latest = adaptation.get_latest_revision_as_object()
    new_revision = adaptation.source.live_revision
    base_revision = latest.source_revision
    if new_revision is None or base_revision is None or new_revision.pk == base_revision.pk:
        return []
    old_blocks = _adapted_body(_revision_body(base_revision))
    old = {b["id"]: b for b in old_blocks}
    new = _adapted_body(new_revision.as_object().body.raw_data)
    new_by_id = {b["id"]: b for b in new}
    mine = list(latest.body.raw_data)
    mine_ids = {b["id"] for b in mine}
    conflicts = []

    def same(a, b):
        return a is not None and b is not None and _comparable(a) == _comparable(b)

    def untouched(block):
        return same(old.get(block["id"]), block) and not _slot_has_country_text(block)

    merged = []
    for block in mine:
        generic_now = new_by_id.get(block["id"])
        if block["id"] in old and generic_now is None:
            if untouched(block):
                continue  # removed upstream and never changed here
            conflicts.append(block["id"])
        merged.append(block)
    for old_block in old_blocks:
        # Deleted here, changed upstream: say so, the country may want it back.
        changed_upstream = not same(old_block, new_by_id.get(old_block["id"]))
        if old_block["id"] not in mine_ids and changed_upstream and old_block["id"] in new_by_id:
            conflicts.append(old_block["id"])

    for position_in_new, generic_block in enumerate(new):
        index = next((i for i, b in enumerate(merged) if b["id"] == generic_block["id"]), None)
        before = old.get(generic_block["id"])
        if index is not None:
            block = merged[index]
            if same(before, generic_block):
                continue  # not changed upstream: the country's version stands
            if block["type"] == "adaptation_slot" and generic_block["type"] == "adaptation_slot":
                if block["value"].get("key") != generic_block["value"].get("key"):
                    conflicts.append(block["id"])  # it now asks for something else
                    continue
                value = dict(generic_block["value"])
                value["national_text"] = block["value"].get("national_text", "")
                merged[index] = {**generic_block, "value": value}
            elif untouched(block):
                merged[index] = copy.deepcopy(generic_block)
            else:
                conflicts.append(block["id"])
        elif before is None:
            # New upstream: after the nearest earlier generic block that is still here.
            present = {b["id"]: i for i, b in enumerate(merged)}
            earlier = [b["id"] for b in new[:position_in_new] if b["id"] in present]
            at = present[earlier[-1]] + 1 if earlier else 0
            merged.insert(at, copy.deepcopy(generic_block))

    # Generic blocks written before list items had ids get them now, so translators see them.
    latest.body = stream_in_block_format(stream_block=ADAPTED_BODY, raw=merged)
    latest.source_revision = new_revision
    latest.save_revision(user=user, log_action=True)
    return list(dict.fromkeys(conflicts))


def _slot_has_country_text(block) -> bool:
    value = block.get("value")
    return isinstance(value, dict) and has_country_text(value.get("national_text"))


def _revision_body(revision):
    return revision.as_object().body.raw_data if revision else []


def _comparable(block) -> dict:
    """A block's content as stored after any save, without ids or the country's slot text.

    A block saved in the admin comes back with its list items wrapped in
    {"type": "item", "value": …, "id": …}; seed and copied data may hold plain lists.
    Both are brought to the same plain shape so that only real edits count.
    """
    child = ADAPTED_BODY.child_blocks.get(block.get("type"))
    value = block.get("value")
    if child is not None:
        value = child.get_prep_value(child.to_python(value))
    if isinstance(value, dict):
        value = {key: item for key, item in value.items() if key != "national_text"}
    return {"type": block.get("type"), "value": _without_ids(value)}


def _without_ids(value):
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        if set(value) <= {"type", "value", "id"} and value.get("type") == "item":
            return _without_ids(value.get("value"))
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    return value

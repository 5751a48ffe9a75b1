"""Writes for national adaptation: a country's platform and curriculum, adapting a module,
following upstream."""

import copy
from dataclasses import dataclass

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

from adaptation.block_content import (
    ADAPTED_BODY,
    block_label,
    block_text,
    same_content,
    text_difference_html,
)
from adaptation.blocks import has_country_text
from adaptation.models import AdaptedModulePage, NationalCurriculumIndexPage, NationalCurriculumPage
from modules.models import TrainingModulePage
from modules.stream_data import stream_in_block_format
from modules.translation_services import (
    backpack_translations_permissions_apply,
    page_translations_permissions_apply,
)
from reference import roles
from reference.models import Country

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


@dataclass(frozen=True)
class UpstreamConflict:
    """A block the country and the committee both changed (or one deleted and the other
    changed): the platform chooses its version or the generic one."""

    block_id: str
    label: str
    kind: str  # "both" | "deleted_here" | "removed_upstream" | "slot_kind"
    yours: dict | None  # the country's block (None: deleted here)
    generic: dict | None  # the new generic block (None: removed upstream)
    base: dict | None  # the generic block the country started from

    @property
    def reason(self) -> str:
        return {
            "both": _("You and the technical committee both changed this block."),
            "deleted_here": _("You deleted this block; the technical committee changed it."),
            "removed_upstream": _("You changed this block; the technical committee removed it."),
            "slot_kind": _("This adaptation slot now asks for something else."),
        }[self.kind]

    @property
    def yours_text(self) -> str:
        return block_text(self.yours)

    @property
    def generic_text(self) -> str:
        return block_text(self.generic)

    @property
    def committee_change_html(self) -> str:
        """What the committee changed, from the version the country started from."""
        return text_difference_html(self.base, self.generic)


YOURS, GENERIC = "yours", "generic"


def _merge(*, mine: list[dict], base: list[dict], new: list[dict], choices: dict[str, str]):
    """The merged body and every conflict (resolved by `choices` where given)."""
    old = {b["id"]: b for b in base}
    new_by_id = {b["id"]: b for b in new}
    mine_ids = {b["id"] for b in mine}
    conflicts: list[UpstreamConflict] = []

    def conflict(kind, block_id, yours):
        conflicts.append(
            UpstreamConflict(
                block_id=block_id,
                label=block_label(yours or new_by_id.get(block_id) or old[block_id]),
                kind=kind,
                yours=yours,
                generic=new_by_id.get(block_id),
                base=old.get(block_id),
            )
        )
        return choices.get(block_id)

    def changed_here(block):
        return not same_content(old.get(block["id"]), block)

    merged: list[dict] = []
    for block in mine:
        if block["id"] in old and block["id"] not in new_by_id:
            if not changed_here(block) and not _slot_has_country_text(block):
                continue  # removed upstream and never changed here
            if conflict("removed_upstream", block["id"], block) == GENERIC:
                continue
        merged.append(block)

    def insert_generic(generic_block, position_in_new):
        # After the nearest earlier generic block that is still here (first, if none).
        present = {b["id"]: i for i, b in enumerate(merged)}
        earlier = [b["id"] for b in new[:position_in_new] if b["id"] in present]
        merged.insert(present[earlier[-1]] + 1 if earlier else 0, copy.deepcopy(generic_block))

    for position_in_new, generic_block in enumerate(new):
        block_id = generic_block["id"]
        before = old.get(block_id)
        index = next((i for i, b in enumerate(merged) if b["id"] == block_id), None)
        if same_content(before, generic_block):
            continue  # not changed upstream: the country's version (or deletion) stands
        if index is None:
            if before is None:
                insert_generic(generic_block, position_in_new)  # new upstream
            elif block_id not in mine_ids and conflict("deleted_here", block_id, None) == GENERIC:
                insert_generic(generic_block, position_in_new)
            continue
        block = merged[index]
        if same_content(block, generic_block):
            merged[index] = _with_country_text(generic_block, block)  # the same change
            continue
        is_slot = block["type"] == generic_block["type"] == "adaptation_slot"
        if not changed_here(block) and not (
            is_slot
            and _slot_has_country_text(block)
            and block["value"].get("key") != generic_block["value"].get("key")
        ):
            # Untouched here: the new generic version (a slot keeps the country's text).
            merged[index] = _with_country_text(generic_block, block)
            continue
        kind = (
            "slot_kind"
            if is_slot and block["value"].get("key") != generic_block["value"].get("key")
            else "both"
        )
        if conflict(kind, block_id, block) == GENERIC:
            merged[index] = _with_country_text(generic_block, block)
    return merged, conflicts


def _with_country_text(generic_block: dict, block: dict) -> dict:
    """The generic block; a slot keeps the country's text, which nobody else writes."""
    taken = copy.deepcopy(generic_block)
    if taken["type"] == "adaptation_slot" and block.get("type") == "adaptation_slot":
        taken["value"] = {
            **taken["value"],
            "national_text": block["value"].get("national_text", ""),
        }
    return taken


def _merge_inputs(adaptation: AdaptedModulePage):
    latest = adaptation.get_latest_revision_as_object()
    # Asked of the database: a cached `source` may predate the newest publication.
    new_revision = TrainingModulePage.objects.get(pk=adaptation.source_id).live_revision
    base_revision = latest.source_revision
    if new_revision is None or base_revision is None or new_revision.pk == base_revision.pk:
        return latest, None, None, None
    return (
        latest,
        new_revision,
        _adapted_body(_revision_body(base_revision)),
        _adapted_body(new_revision.as_object().body.raw_data),
    )


def adaptation_upstream_conflicts(*, adaptation: AdaptedModulePage) -> list[UpstreamConflict]:
    """The blocks the platform must choose for before the changes can be taken."""
    adaptation = AdaptedModulePage.objects.get(pk=adaptation.pk)  # its newest draft
    latest, new_revision, base, new = _merge_inputs(adaptation)
    if new_revision is None:
        return []
    _merged, conflicts = _merge(mine=list(latest.body.raw_data), base=base, new=new, choices={})
    return conflicts


@transaction.atomic
def adaptation_take_changes(
    *, adaptation: AdaptedModulePage, user, choices: dict[str, str] | None = None
) -> list[str]:
    """Bring the generic module's body changes into the adaptation, as a new draft.

    Block by block, matched by block id, comparing what blocks say (not how the editor
    stored them: block_content), against the generic revision the latest draft follows:
    a block the country did not touch takes the new generic version; a slot keeps the
    country's text and takes the new prompt and generic text; new generic blocks go
    after the nearest generic block before them that is still here (first, if none);
    generic blocks removed upstream go, unless the country changed them. A block changed
    on both sides (or deleted on one and changed on the other) is a conflict: `choices`
    must say, for each, "yours" or "generic"; without a choice for every conflict nothing
    is stored and the refusal names them. The country's own blocks stay where they are.
    The page row keeps following the old revision until the draft is published, so
    "behind" stays true until the public page has the changes.

    Returns the ids of the conflicting blocks kept as the country's.
    """
    choices = dict(choices or {})
    _require_editable(adaptation, user)
    adaptation = AdaptedModulePage.objects.select_for_update().get(pk=adaptation.pk)
    latest, new_revision, base, new = _merge_inputs(adaptation)
    if new_revision is None:
        return []
    for block_id, choice in choices.items():
        if choice not in (YOURS, GENERIC):
            raise ValidationError(
                _("“%(choice)s” is not a choice for block %(block)s: choose yours or generic.")
                % {"choice": choice, "block": block_id}
            )
    merged, conflicts = _merge(mine=list(latest.body.raw_data), base=base, new=new, choices=choices)
    unchosen = [c for c in conflicts if c.block_id not in choices]
    if unchosen:
        raise ValidationError(
            _(
                "Choose your version or the generic one for each block changed on both "
                "sides: %(blocks)s. Nothing was changed."
            )
            % {"blocks": ", ".join(f"{c.label} ({c.block_id[:8]})" for c in unchosen)}
        )
    latest.body = stream_in_block_format(stream_block=ADAPTED_BODY, raw=merged)
    latest.source_revision = new_revision
    latest.save_revision(user=user, log_action=True)
    return [c.block_id for c in conflicts if choices[c.block_id] == YOURS]


def _slot_has_country_text(block) -> bool:
    value = block.get("value")
    return isinstance(value, dict) and has_country_text(value.get("national_text"))


def _revision_body(revision):
    return revision.as_object().body.raw_data if revision else []

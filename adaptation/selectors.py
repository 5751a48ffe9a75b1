"""Reads for national adaptation: who adapts for which country, slots still empty, upstream
changes, level paths."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.http import QueryDict
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.admin.compare import StreamFieldComparison, TextFieldComparison
from wagtail.models import Locale, Page

from adaptation.block_content import (
    block_label,
    block_text,
    comparable,
    same_content,
    text_difference_html,
)
from adaptation.blocks import has_country_text
from adaptation.forms import CurriculaSearchForm
from adaptation.models import AdaptedModulePage, NationalCurriculumIndexPage, NationalCurriculumPage
from curriculum_site.content_version import cached_for_content
from modules.blocks import ADAPTATION_SLOT_KEYS
from modules.models import TrainingModulePage
from modules.models.pages import ModulePrerequisite
from modules.prerequisites import prerequisites_first
from modules.selectors import public, published_modules, search_words
from reference.languages import original_page, pages_in_language, pages_replaced_by_translations
from reference.models import Country
from reference.search_text import search_query


@dataclass(frozen=True)
class SlotReport:
    total: int
    empty: list[str]  # the kind of each empty slot, in the order of the body


def adaptation_slot_report(*, adaptation: AdaptedModulePage) -> SlotReport:
    labels = dict(ADAPTATION_SLOT_KEYS)
    slots = [block for block in adaptation.body if block.block_type == "adaptation_slot"]
    return SlotReport(
        total=len(slots),
        empty=[
            str(labels.get(slot.value["key"], slot.value["key"]))
            for slot in slots
            if not has_country_text(slot.value.get("national_text"))
        ],
    )


def adaptation_is_behind(*, adaptation: AdaptedModulePage) -> bool:
    """Whether the generic module was published again since the revision adapted from."""
    # Asked of the database: a cached `source` may predate the newest publication.
    live = (
        TrainingModulePage.objects.filter(pk=adaptation.source_id)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    return live is not None and live != adaptation.source_revision_id


def adaptation_changes_taken(*, adaptation: AdaptedModulePage) -> bool:
    """Whether the latest draft already follows the generic module's live revision."""
    live = (
        TrainingModulePage.objects.filter(pk=adaptation.source_id)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    draft = adaptation.get_latest_revision_as_object()
    return live is not None and draft.source_revision_id == live


def adaptable_countries(user) -> QuerySet[Country]:
    """The countries `user` adapts modules for: their platforms' (every one for superusers)."""
    return Country.objects.all() if user.is_superuser else Country.objects.of_platform_member(user)


def live_adaptations(*, country_ids) -> list[tuple[int, int, int]]:
    """(country id, generic source id, locale id) of every live, public adaptation in these
    countries. One query."""
    return list(
        AdaptedModulePage.objects.live()
        .public()
        .filter(country_id__in=country_ids)
        .values_list("country_id", "source_id", "locale_id")
    )


def adaptations_behind(*, countries: QuerySet[Country]) -> QuerySet[AdaptedModulePage]:
    """Every adaptation in these countries whose generic module was published again since."""
    return (
        # Originals only: a translation follows its original adaptation.
        AdaptedModulePage.objects.filter(
            country__in=countries,
            source__live_revision__isnull=False,
            locale=Locale.get_default(),
        )
        .exclude(source_revision_id=F("source__live_revision_id"))
        .select_related("source", "country")
        .order_by("path")
    )


@dataclass(frozen=True)
class FieldChange:
    label: str
    html: str  # Wagtail's comparison markup: inserted and deleted words, block by block


def upstream_changes(*, adaptation: AdaptedModulePage) -> list[FieldChange]:
    """What changed in the generic module between the revision adapted from and now: the
    title, summary and objectives when they changed, then each body block that says
    something else (added, removed or reworded), never the blocks left as they were.
    Blocks are compared by content (block_content), so paragraph keys and list-item ids
    that the admin editor rewrites on every save do not count as changes."""
    source = TrainingModulePage.objects.select_related("live_revision").get(pk=adaptation.source_id)
    if adaptation.source_revision is None or source.live_revision is None:
        return []
    before = adaptation.source_revision.as_object()
    after = source.live_revision.as_object()
    changes = []
    for name in ("title", "summary"):
        comparison = TextFieldComparison(TrainingModulePage._meta.get_field(name), before, after)
        if comparison.has_changed():
            changes.append(
                FieldChange(label=str(comparison.field_label()), html=comparison.htmldiff())
            )
    objectives = TrainingModulePage._meta.get_field("objectives")
    if [comparable(b) for b in before.objectives.raw_data] != [
        comparable(b) for b in after.objectives.raw_data
    ]:
        comparison = StreamFieldComparison(objectives, before, after)
        changes.append(FieldChange(label=str(comparison.field_label()), html=comparison.htmldiff()))
    changes.extend(_body_changes(list(before.body.raw_data), list(after.body.raw_data)))
    return changes


def _body_changes(old: list[dict], new: list[dict]) -> list[FieldChange]:
    old_by_id = {b.get("id"): b for b in old}
    new_ids = {b.get("id") for b in new}
    changes = []
    for position, block in enumerate(new, start=1):
        before = old_by_id.get(block.get("id"))
        if same_content(before, block, without_country_text=False):
            continue
        label = _("Block %(number)s: %(kind)s") % {"number": position, "kind": block_label(block)}
        if before is None:
            label = _("%(block)s (new)") % {"block": label}
            html = format_html("<ins>{}</ins>", block_text(block))
        else:
            html = text_difference_html(before, block)
        changes.append(FieldChange(label=label, html=mark_safe(html)))
    for block in old:
        if block.get("id") not in new_ids:
            label = _("%(kind)s (removed)") % {"kind": block_label(block)}
            changes.append(
                FieldChange(label=label, html=format_html("<del>{}</del>", block_text(block)))
            )
    return changes


@dataclass
class PathStep:
    """One module on a country's path for a level: the adaptation when there is an
    approved one, else the generic module."""

    generic: TrainingModulePage
    page: object
    adapted: bool
    needs_first: list[TrainingModulePage] = field(default_factory=list)  # from other levels


def _prerequisite_depths(module_ids) -> dict[int, int]:
    """How many modules, at most, come before each one through its prerequisites, across
    every level (published modules' links): the learning order's first key."""
    links: dict[int, list[int]] = {}
    for module_id, prerequisite_id in ModulePrerequisite.objects.filter(
        module__live=True, prerequisite__live=True
    ).values_list("module_id", "prerequisite_id"):
        links.setdefault(module_id, []).append(prerequisite_id)
    depths: dict[int, int] = {}

    def depth(node, path=()):
        if node in depths:
            return depths[node]
        if node in path:
            return 0  # a loop (the admin refuses them): cut here
        depths[node] = found = max(
            (depth(before, (*path, node)) + 1 for before in links.get(node, ())), default=0
        )
        return found

    return {pk: depth(pk) for pk in module_ids}


def country_level_path(*, curriculum: NationalCurriculumPage, level) -> list[PathStep]:
    """The modules for `level` in the country, in learning order: each after its
    prerequisites (those of other levels counted too), then as the committee ordered
    them in the backpack. Modules written only for crops the country does not grow are
    left out (a country without commodities gets every module).

    Worked out on the originals (the country's curriculum and the backpack in the default
    language, which carry levels, prerequisites and adaptation status); each module is
    then shown in the visitor's language when it has a live translation.
    """
    curriculum = original_page(page=curriculum)
    modules = published_modules().filter(levels=level)
    grown = list(curriculum.country.commodities.values_list("pk", flat=True))
    if grown:
        modules = modules.filter(Q(commodities__isnull=True) | Q(commodities__in=grown)).distinct()
    generic = {module.pk: module for module in modules.order_by("path")}
    depths = _prerequisite_depths(generic)
    adapted = {
        page.source_id: page
        for page in AdaptedModulePage.objects.live()
        .public()
        .child_of(curriculum)
        .filter(adaptation_status=AdaptedModulePage.Status.APPROVED, source_id__in=generic)
    }
    requires: dict[int, list[int]] = {pk: [] for pk in generic}
    outside: dict[int, list[int]] = {pk: [] for pk in generic}
    for link in ModulePrerequisite.objects.filter(module_id__in=generic).order_by(
        "sort_order", "pk"
    ):
        (requires if link.prerequisite_id in generic else outside)[link.module_id].append(
            link.prerequisite_id
        )
    others = TrainingModulePage.objects.live().in_bulk(
        [pk for pks in outside.values() for pk in pks]
    )

    # Fewest prerequisites before them first, then the backpack's order.
    starts = sorted(generic, key=lambda pk: (depths[pk], generic[pk].path))
    ordered = prerequisites_first(starts=starts, prerequisites_of=requires.__getitem__).order
    shown = [adapted.get(pk, generic[pk]) for pk in ordered]
    firsts = [others[other] for pk in ordered for other in outside[pk] if other in others]
    localized = pages_replaced_by_translations(pages=[*shown, *firsts])
    in_language = {page.translation_key: page for page in localized}
    return [
        PathStep(
            generic=generic[pk],
            page=in_language[page.translation_key],
            adapted=pk in adapted,
            needs_first=[
                in_language[others[other].translation_key]
                for other in outside[pk]
                if other in others
            ],
        )
        for pk, page in zip(ordered, shown, strict=True)
    ]


def module_country_adaptations(*, module) -> list[AdaptedModulePage]:
    """The published adaptations of a generic module, by country: the originals, each in
    the visitor's language when translated. For the generic module's page."""
    if not module.pk:
        return _module_country_adaptations(module)
    # The same for every reader until the content changes (issue 19: read once per content
    # version and language, not on every view of the page).
    return cached_for_content(
        ("module-country-adaptations", module.pk),
        lambda: _module_country_adaptations(module),
        per_language=True,
    )


def _module_country_adaptations(module) -> list[AdaptedModulePage]:
    original = original_page(page=module)
    adaptations = list(
        public(AdaptedModulePage.objects.live())  # restrictions cached (decision 0025)
        .filter(source_id=original.pk, locale=original.locale_id)
        .select_related("country")
        .order_by("country__name", "pk")
    )
    return pages_replaced_by_translations(pages=adaptations) if adaptations else []


def curriculum_adapted_modules(*, curriculum: NationalCurriculumPage) -> list[AdaptedModulePage]:
    """The country's published adaptations, by code: the originals, each in the visitor's
    language when translated (a translated curriculum has only the adaptations translated
    so far below it)."""
    original = original_page(page=curriculum)
    adaptations = list(
        AdaptedModulePage.objects.live().public().child_of(original).order_by("code", "pk")
    )
    return pages_replaced_by_translations(pages=adaptations)


def national_curricula_listed(*, index: NationalCurriculumIndexPage) -> list:
    """Every country's published curriculum, in the tree's order: the originals, each in
    the visitor's language when translated."""
    original = original_page(page=index)
    curricula = list(
        NationalCurriculumPage.objects.live().public().child_of(original).order_by("path")
    )
    return pages_replaced_by_translations(pages=curricula)


@dataclass(frozen=True)
class CurriculaHit:
    """A page found in the country curricula: a country's curriculum or an adapted module."""

    page: Page
    adapted: bool


def curricula_search(*, index: NationalCurriculumIndexPage, params: QueryDict) -> dict:
    """The search of the country curricula page: every country's curriculum and published
    adapted modules, each in the visitor's language when translated (the original when
    not), searched in that language (decision 0020). One page of results, best first."""
    form = CurriculaSearchForm(params)
    form.is_valid()  # cleaned_data then holds the search box when it is valid
    text = search_words(form.cleaned_data.get("q") or "")
    words = search_query(text, language=translation.get_language())
    if words is None:
        return {"search_form": form, "search_query": "", "search_results": None}

    original = original_page(page=index)
    curricula = NationalCurriculumPage.objects.live().public().child_of(original)
    adaptations = AdaptedModulePage.objects.live().public().descendant_of(original)
    pages = Page.objects.filter(
        Q(pk__in=pages_in_language(pages=curricula).values("pk"))
        | Q(pk__in=pages_in_language(pages=adaptations).values("pk"))
    )
    paginator = Paginator(pages.search(words), settings.BACKPACK_MODULES_PER_PAGE)
    page = paginator.get_page(params.get("page"))
    ranked = [found.pk for found in page.object_list]
    by_id = {found.pk: found for found in Page.objects.filter(pk__in=ranked).specific()}
    found = [by_id[pk] for pk in ranked if pk in by_id]
    prefetch_related_objects([p for p in found if isinstance(p, AdaptedModulePage)], "country")
    page.object_list = [
        CurriculaHit(page=p, adapted=isinstance(p, AdaptedModulePage)) for p in found
    ]
    remaining = params.copy()
    remaining.pop("page", None)
    return {
        "search_form": form,
        "search_query": text,
        "search_results": page,
        "search_result_count": paginator.count,
        "querystring_without_page": remaining.urlencode(),
    }

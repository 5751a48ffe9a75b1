"""Reads for the backpack. Query counts here do not grow with the number of modules."""

import re
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.http import QueryDict
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Revision, get_page_models

from curriculum_site.content_version import cached_for_content, cached_for_person
from modules.blocks import ModuleBodyBlock
from modules.forms import ModuleFilterForm
from modules.models import BackpackPage, ModulePrerequisite, TrainingModulePage
from modules.prerequisites import prerequisite_path_back_to
from reference.languages import original_page, pages_in_language
from reference.search_text import search_query
from reference.selectors import taxonomy_terms

CARD_PREFETCH = ("levels", "themes")
# The six taxonomies a module is tagged with, as its page shows them.
TAG_RELATIONS = ("levels", "themes", "need_areas", "standards", "commodities", "delivery_methods")


# --- Reads kept until the content changes (decision 0025) ------------------------------------


def restricted_paths() -> list[str]:
    """Tree paths of the pages with a view restriction (their subtrees are not public)."""
    return cached_for_content(
        ("restricted-paths",),
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public(pages: QuerySet) -> QuerySet:
    """`pages.public()` (Wagtail's), without its query for the restrictions on each call."""
    for path in restricted_paths():
        pages = pages.exclude(path__startswith=path)
    return pages


def default_locale_id() -> int:
    return cached_for_content(
        ("default-locale", settings.LANGUAGE_CODE), lambda: Locale.get_default().pk
    )


def with_tags(modules: list[TrainingModulePage], relations=TAG_RELATIONS) -> list:
    """Each module's terms in `relations`, read in one query for all modules and relations
    (the terms themselves from `taxonomy_terms`), and kept where `module.levels.all()`
    and the like find them, as prefetch_related would. A draft in preview keeps the
    terms it holds in memory."""
    ids = [module.pk for module in modules if module.pk]
    if not ids:
        return modules
    return attach_tags(modules, tag_links(ids, relations), relations)


def tag_links(ids: list[int], relations=TAG_RELATIONS) -> dict[tuple[int, str], set[int]]:
    """(module id, relation) → the ids of the terms chosen, in one query over the through
    tables of `relations`."""
    links = None
    for relation in relations:
        field = TrainingModulePage._meta.get_field(relation)
        through = field.remote_field.through
        rows = through.objects.filter(**{f"{field.m2m_field_name()}_id__in": ids}).values_list(
            f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id", Value(relation)
        )
        links = rows if links is None else links.union(rows, all=True)
    chosen: dict[tuple[int, str], set[int]] = {}
    for module_id, term_id, relation in links:
        chosen.setdefault((module_id, relation), set()).add(term_id)
    return chosen


def attach_tags(modules: list, chosen: Mapping, relations=TAG_RELATIONS) -> list:
    """The terms `chosen` (as `tag_links` gives them) kept on each module where
    `module.levels.all()` finds them; relations a draft holds in memory are left alone."""
    terms = _all_terms(relations)
    for module in modules:
        keep_terms(module, _picked_terms(module.pk, chosen, terms))
    return modules


def _all_terms(relations) -> dict[str, list]:
    """Relation → every term of its taxonomy, in order (read once per content version)."""
    return {relation: taxonomy_terms(_term_model(relation)) for relation in relations}


def _picked_terms(module_id: int, chosen: Mapping, terms: Mapping[str, list]) -> dict[str, list]:
    """For each relation of `terms` (relation → every term of its taxonomy, in order), the
    terms that `chosen` (as `tag_links` gives them) picks for the module."""
    return {
        relation: [term for term in all_terms if term.pk in chosen.get((module_id, relation), ())]
        for relation, all_terms in terms.items()
    }


def keep_terms(module, terms_by_relation: Mapping[str, list]) -> None:
    """Each relation's terms kept where `module.levels.all()` and the like find them, as
    prefetch_related would; relations a draft holds in memory are left alone."""
    in_memory = getattr(module, "_cluster_related_objects", {})
    if not hasattr(module, "_prefetched_objects_cache"):
        module._prefetched_objects_cache = {}
    for relation, terms in terms_by_relation.items():
        if relation in in_memory:
            continue
        result = _term_model(relation).objects.none()
        result._result_cache = terms
        result._prefetch_done = True
        module._prefetched_objects_cache[relation] = result


def _term_model(relation: str):
    return TrainingModulePage._meta.get_field(relation).related_model


def reader_can_see_facilitator_notes(*, user, module: TrainingModulePage) -> bool:
    """Trainers, national platforms, the committee and anyone who may edit the module."""
    if not user.is_authenticated or not user.is_active:
        return False
    # Kept per person (decision 0025): Django reads the user's and the groups' permissions
    # in two queries on every page otherwise.
    if cached_for_person(
        user, "facilitator-notes", lambda: user.has_perm("modules.view_facilitator_notes")
    ):
        return True
    return module.permissions_for_user(user).can_edit()


def module_code_taken(*, code: str, locale, exclude: TrainingModulePage | None = None) -> bool:
    """Whether another module uses `code`, live or in its latest draft."""
    others = TrainingModulePage.objects.filter(locale=locale)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    if others.filter(code__iexact=code).exists():
        return True
    return Revision.objects.filter(
        pk__in=others.values("latest_revision_id"), content__code__iexact=code
    ).exists()


def prerequisite_cycle(
    *, module: TrainingModulePage, prerequisites: Iterable[TrainingModulePage]
) -> list[TrainingModulePage]:
    """The loop that making `prerequisites` the prerequisites of `module` would close, if any.

    Walks the prerequisite graph from each new prerequisite; reaching `module`
    again means a loop. Returns the path module → … → module.
    """
    edges = _prerequisite_graph()
    edges[module.pk] = [prerequisite.pk for prerequisite in prerequisites]

    path = prerequisite_path_back_to(start=module.pk, edges=edges)
    if not path:
        return []
    pages = TrainingModulePage.objects.in_bulk(path)
    return [pages[page_id] for page_id in path if page_id in pages]


def _prerequisite_graph() -> dict[int, list[int]]:
    """Module id → its prerequisites' ids, as in each module's latest revision.

    The latest revision (a draft, if there is one) is what its author intends to
    publish, so two drafts that together make a loop are caught before either is
    published. Modules with no revision use their stored links.
    """
    edges: dict[int, list[int]] = {}
    for module_id, prerequisite_id in ModulePrerequisite.objects.values_list(
        "module_id", "prerequisite_id"
    ):
        edges.setdefault(module_id, []).append(prerequisite_id)
    latest_links = Revision.objects.filter(
        pk__in=TrainingModulePage.objects.values("latest_revision_id")
    ).values_list("object_id", "content__prerequisite_links")
    for object_id, links in latest_links:
        edges[int(object_id)] = [link["prerequisite"] for link in links or []]
    return edges


def backpack_modules(*, backpack) -> QuerySet[TrainingModulePage]:
    """Published, public modules of this backpack, as originals (in the default language),
    whichever language's backpack is given. The public listing shows each in the visitor's
    language when it is translated (`backpack_listing`); plans, paths and reports keep
    the originals, which carry the tags and prerequisites."""
    original = (
        backpack if backpack.locale_id == default_locale_id() else original_page(page=backpack)
    )
    return public(
        TrainingModulePage.objects.live().child_of(original).filter(locale_id=original.locale_id)
    )


# Filter name → the module's relation. A module must carry the chosen term.
EXACT_FACETS = {
    "level": "levels",
    "theme": "themes",
    "need_area": "need_areas",
    "method": "delivery_methods",
}
# A module tagged with no commodity (or no standard) applies to all of them.
UNTAGGED_MEANS_ALL_FACETS = {"commodity": "commodities", "standard": "standards"}


def module_filter(
    *, modules: QuerySet[TrainingModulePage], filters: Mapping
) -> QuerySet[TrainingModulePage]:
    """Narrow modules by the chosen terms, each as a subquery on the tag table."""
    for facet, relation in EXACT_FACETS.items():
        if term := filters.get(facet):
            modules = modules.filter(pk__in=_modules_tagged(relation, term))
    for facet, relation in UNTAGGED_MEANS_ALL_FACETS.items():
        if term := filters.get(facet):
            modules = modules.filter(
                Q(pk__in=_modules_tagged(relation, term)) | ~Q(pk__in=_modules_tagged(relation))
            )
    return modules


def _modules_tagged(relation: str, term=None) -> QuerySet:
    """Ids of modules tagged with `term` in `relation` (with anything, when no term)."""
    field = TrainingModulePage._meta.get_field(relation)
    links = field.remote_field.through.objects.all()
    if term is not None:
        links = links.filter(**{field.m2m_reverse_field_name(): term})
    return links.values(field.m2m_field_name())


# Characters that mean something to the full-text engines (SQLite FTS5, PostgreSQL
# tsquery) rather than to a trainer typing words, left out of the words shown back ("N
# modules matching …"). Removed one by one, not by keeping only \w: Thai and Burmese vowel
# and tone marks are not \w characters. The query itself is made of words only
# (reference.search_text.search_query).
SEARCH_SYNTAX = re.compile(r'["*^():{}\[\]\\]')


def search_words(text: str) -> str:
    """The words of a search box entry, without search-engine syntax."""
    return " ".join(SEARCH_SYNTAX.sub(" ", text).split())


def backpack_listing(*, backpack, params: QueryDict) -> dict:
    """Everything the public backpack page shows: the form, one page of cards, the count.

    A bad value in one field is shown as that field's error; the fields that are
    valid still filter.
    """
    form = ModuleFilterForm(params)
    form.is_valid()  # cleaned_data then holds every field that is valid
    chosen = form.cleaned_data
    query = search_words(chosen.get("q") or "")
    modules = module_filter(modules=backpack_modules(backpack=backpack), filters=chosen)
    # Filtered on the originals' tags, then each shown in the visitor's language when a
    # live translation exists; searched in that language too.
    modules = pages_in_language(pages=modules)

    if words := search_query(query, language=translation.get_language()):
        # Filters are applied first in the database; search ranks what is left.
        results = TrainingModulePage.objects.filter(pk__in=modules.values("pk")).search(words)
    else:
        results = modules.order_by("code", "title")

    paginator = Paginator(results, settings.BACKPACK_MODULES_PER_PAGE)
    page = paginator.get_page(params.get("page"))
    if words:
        page.object_list = _with_card_data(page.object_list)
    else:
        page.object_list = with_tags(list(page.object_list), CARD_PREFETCH)
    remaining = params.copy()
    remaining.pop("page", None)
    return {
        "filter_form": form,
        "search_query": query if words else "",
        "modules_page": page,
        "module_count": paginator.count,
        "filters_active": any(chosen.values()) or bool(form.errors),
        "filters_in_use": sum(1 for name, value in chosen.items() if value and name != "q"),
        "querystring_without_page": remaining.urlencode(),
    }


def _with_card_data(modules) -> list[TrainingModulePage]:
    """Reload a page of search results with what a card shows, keeping the ranking."""
    ids = [module.pk for module in modules]
    loaded = with_tags(list(TrainingModulePage.objects.filter(pk__in=ids)), CARD_PREFETCH)
    by_id = {module.pk: module for module in loaded}
    return [by_id[pk] for pk in ids if pk in by_id]


def module_detail(*, module: TrainingModulePage, user) -> dict:
    """What a module page shows beside its own fields."""
    held = getattr(module, "_cluster_related_objects", {})
    if module.pk and "prerequisite_links" not in held:
        # The stored module (not a draft in preview): its links and tags are the same for
        # every reader until the content changes, so they are read once per content version
        # (issue 19: building these queries was half the signed-in page's CPU). Only who
        # reads (facilitator notes, below) is decided per request.
        # One entry per module and language (its terms' names are the language's): read
        # in one lookup, with the picked terms alone (decision 0037, sixth pass).
        prerequisites, leads_to, terms = cached_for_content(
            ("module-detail", module.pk), lambda: _module_links_and_terms(module), per_language=True
        )
        keep_terms(module, terms)
    else:
        prerequisites, leads_to, _chosen = _module_links(module)
        with_tags([module])
    return {
        "show_facilitator_notes": reader_can_see_facilitator_notes(user=user, module=module),
        "levels": module.levels.all(),
        "themes": module.themes.all(),
        "need_areas": module.need_areas.all(),
        "standards": module.standards.all(),
        "commodities": module.commodities.all(),
        "delivery_methods": module.delivery_methods.all(),
        "prerequisites": prerequisites,
        "leads_to": leads_to,
    }


def _module_links_and_terms(module: TrainingModulePage) -> tuple[list, list, dict]:
    """As `_module_links`, with each tag relation's terms rather than their ids."""
    prerequisites, leads_to, chosen = _module_links(module)
    return prerequisites, leads_to, _picked_terms(module.pk, chosen, _all_terms(TAG_RELATIONS))


def _module_links(module: TrainingModulePage) -> tuple[list, list, dict]:
    """The module's prerequisites and the modules it leads to (published, public, in one
    query), and its tags' term ids as `tag_links` gives them."""
    # The links may be a draft's, held in memory during preview; only published, public
    # modules are linked from a public page, in the order the author gave. Prerequisites
    # and the modules this one leads to are read in one query.
    if "prerequisite_links" in getattr(module, "_cluster_related_objects", {}):
        linked_ids = [link.prerequisite_id for link in module.prerequisite_links.all()]
        linked = Q(pk__in=linked_ids)
    else:
        links = ModulePrerequisite.objects.filter(module=module.pk)
        linked_ids = None
        linked = Q(pk__in=links.values("prerequisite"))
    leads = ModulePrerequisite.objects.filter(prerequisite=module.pk, module=OuterRef("pk"))
    own_link = ModulePrerequisite.objects.filter(module=module.pk, prerequisite=OuterRef("pk"))
    related = list(
        public(TrainingModulePage.objects.live())
        .filter(linked | Q(Exists(leads)))
        .annotate(
            leads_from_here=Exists(leads),
            is_prerequisite=Exists(own_link),
            link_order=Subquery(own_link.values("sort_order")[:1]),
            link_id=Subquery(own_link.values("pk")[:1]),
        )
        .order_by("code")
    )
    if linked_ids is not None:
        by_id = {page.pk: page for page in related}
        prerequisites = [by_id[pk] for pk in linked_ids if pk in by_id]
    else:
        # In the links' order (Orderable: sort_order, unset ones last).
        prerequisites = sorted(
            (page for page in related if page.is_prerequisite),
            key=lambda page: (page.link_order is None, page.link_order or 0, page.link_id),
        )
    chosen = tag_links([module.pk]) if module.pk else {}
    return prerequisites, [page for page in related if page.leads_from_here], chosen


def module_page_types() -> list[type[Page]]:
    """The page types whose body is a module's (generic modules, and the adaptations made of
    them in the apps above): the pages that can hold H5P activities."""
    return [
        model
        for model in get_page_models()
        if isinstance(getattr(_body_field(model), "stream_block", None), ModuleBodyBlock)
    ]


def _body_field(model):
    try:
        return model._meta.get_field("body")
    except FieldDoesNotExist:
        return None


def default_backpack() -> BackpackPage | None:
    """The backpack the site serves (the first live one in the page tree), the original.
    Kept until the content changes: the navigation of every page links to it."""
    return cached_for_content(
        ("default-backpack", settings.LANGUAGE_CODE),
        lambda: (
            BackpackPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
            .first()
        ),
    )


def published_modules() -> QuerySet[TrainingModulePage]:
    """Published, public modules of the default backpack; none before there is one."""
    backpack = default_backpack()
    if backpack is None:
        return TrainingModulePage.objects.none()
    return backpack_modules(backpack=backpack)


def backpack_url_for_request(*, request) -> str:
    backpack = default_backpack()
    return backpack.get_url(request) if backpack else ""

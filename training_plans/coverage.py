"""Coverage gaps: urgent needs and high risks the backpack does not answer (issue 6, point 4).

"High-priority needs and risks with no module, or with no adapted or translated
module in that country", in precise terms:

- A **high-priority need** is a NeedRating with priority 4 or 5 in the *latest*
  needs assessment of its scope. A scope is the national assessment of a country
  (no group) or one producer group's assessment; the latest is the one with the
  newest `assessed_on` (then the highest id). An older assessment of the same
  scope no longer counts, whatever it said.
- A **high risk** is a RiskRating whose level is "high" in the latest risk
  assessment of its scope: one producer group, or one region of a country (the
  region's name compared case-insensitively).
- A subject (a support area, a theme or a core risk) is **covered** when at least
  one live, public TrainingModulePage of the backpack (the first live
  BackpackPage by path) is tagged with it: `need_areas` for support areas and
  core risks, `themes` for themes.
- For a country, a subject covered only by modules that exist in none of the
  country's languages (`Country.languages`) is a gap of its own kind: "no module
  in the country's languages". A module is in a language when a live page with its
  `translation_key` (the module itself, or a translation) is in that locale.
- A live **adapted module** of the country (an AdaptedModulePage whose `country` it
  is) covers what its generic source is tagged with: a subject it covers is no gap in
  that country, whatever the generic module's languages.

At most twelve queries, however many assessments and modules there are; modules
are counted per subject and per language in the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from adaptation.selectors import live_adaptations
from modules.models import TrainingModulePage
from modules.selectors import published_modules
from reference.localized import localized_names
from reference.models import Country, NeedArea, Theme
from reference.selectors import is_committee_member
from training_plans.models import NeedRating, NeedsAssessment, RiskAssessment, RiskRating
from training_plans.risk import RISK_PRIORITY, RiskLevel

HIGH_PRIORITY = 4

# ("need_area", id) for support areas and core risks (both NeedArea), ("theme", id) for themes:
# the table a module's tag lives in.
SubjectKey = tuple[str, int]


class SubjectKind(models.TextChoices):
    SUPPORT_AREA = "support_area", _("Support area")
    THEME = "theme", _("Theme")
    CORE_RISK = "core_risk", _("Core risk")


class GapKind(models.TextChoices):
    NO_MODULE = "no_module", _("No module")
    NOT_IN_LANGUAGES = "not_in_languages", _("No module in the country's languages")


@dataclass(frozen=True)
class CoverageGap:
    """One urgent need or high risk of a country that no module answers there."""

    subject: str
    kind: SubjectKind
    rated_in: tuple[str, ...]  # "national", group names, "Ashanti region"
    highest_priority: int | None  # needs: 4 or 5
    risk_level: RiskLevel | None  # risks: always high here
    module_count: int  # backpack modules tagged with the subject, in any language
    gap: GapKind

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def gap_label(self) -> str:
        return self.gap.label

    @property
    def rated_in_text(self) -> str:
        return ", ".join(self.rated_in)

    @property
    def rating_label(self) -> str:
        if self.risk_level is not None:
            return gettext("%(level)s risk") % {"level": self.risk_level.label}
        return gettext("priority %(priority)s of 5") % {"priority": self.highest_priority}


@dataclass(frozen=True)
class CountryCoverage:
    country: Country
    assessed: bool  # has any needs or risk assessment at all
    gaps: list[CoverageGap]


@dataclass
class _Rated:
    name: str
    kind: SubjectKind
    highest_priority: int | None = None
    scopes: set[tuple[int, str]] = field(default_factory=set)  # (sort order, label)


def coverage_countries_visible_to(user) -> QuerySet[Country]:
    """The committee and superusers read every country's gaps; a national platform its own."""
    if not user.is_active:
        return Country.objects.none()
    if user.is_superuser or is_committee_member(user):
        return Country.objects.all()
    return Country.objects.of_platform_member(user)


def coverage_gaps(*, countries: QuerySet[Country]) -> list[CountryCoverage]:
    """Per country (by name), its coverage gaps: no module first, then the most urgent."""
    countries = list(
        countries.annotate(
            has_needs=Exists(NeedsAssessment.objects.filter(country=OuterRef("pk"))),
            has_risks=Exists(RiskAssessment.objects.filter(country=OuterRef("pk"))),
        ).order_by("name")
    )
    country_ids = [country.pk for country in countries]
    rated = _rated_needs(country_ids)
    for country_id, subjects in _rated_risks(country_ids).items():
        rated[country_id].update(subjects)

    country_locales = defaultdict(set)
    for country_id, locale_id in Country.languages.through.objects.filter(
        country_id__in=country_ids
    ).values_list("country_id", "locale_id"):
        country_locales[country_id].add(locale_id)
    subject_keys = {key for subjects in rated.values() for key in subjects}
    all_locales = set().union(*country_locales.values())
    module_counts, module_locales = _backpack_coverage(subject_keys, all_locales)
    adapted = adapted_modules_covering(country_ids=country_ids, subject_keys=subject_keys)

    coverage = []
    for country in countries:
        gaps = []
        for key, subject in rated[country.pk].items():
            count = module_counts.get(key, 0)
            if adapted.get((country.pk, key), 0):
                continue
            if count == 0:
                gap = GapKind.NO_MODULE
            elif not module_locales.get(key, set()) & country_locales[country.pk]:
                gap = GapKind.NOT_IN_LANGUAGES
            else:
                continue
            gaps.append(_gap(subject, count, gap))
        gaps.sort(key=lambda g: (g.gap != GapKind.NO_MODULE, -_weight(g), g.subject))
        assessed = country.has_needs or country.has_risks
        coverage.append(CountryCoverage(country=country, assessed=assessed, gaps=gaps))
    return coverage


def adapted_modules_covering(
    *, country_ids: list[int], subject_keys: set[SubjectKey]
) -> dict[tuple[int, SubjectKey], int]:
    """(country id, subject) → live adapted modules of that country tagged with the subject.

    An adaptation answers what its generic source is tagged with, in its country. Three
    queries.
    """

    if not subject_keys:
        return {}
    adaptations = live_adaptations(country_ids=country_ids)
    source_ids = {source_id for _country, source_id, _locale in adaptations}
    tags: dict[int, set[SubjectKey]] = defaultdict(set)
    for kind, relation in (("need_area", "need_areas"), ("theme", "themes")):
        field = TrainingModulePage._meta.get_field(relation)
        links = field.remote_field.through.objects.filter(
            **{f"{field.m2m_field_name()}__in": source_ids}
        ).values_list(field.m2m_field_name(), field.m2m_reverse_field_name())
        for module_id, term_id in links:
            tags[module_id].add((kind, term_id))
    counts: dict[tuple[int, SubjectKey], int] = defaultdict(int)
    for country_id, source_id, _locale in adaptations:
        for key in tags[source_id] & subject_keys:
            counts[(country_id, key)] += 1
    return dict(counts)


def _gap(subject: _Rated, module_count: int, gap: GapKind) -> CoverageGap:
    is_risk = subject.kind == SubjectKind.CORE_RISK
    scopes = tuple(label for _order, label in sorted(subject.scopes))
    return CoverageGap(
        subject=subject.name,
        kind=subject.kind,
        rated_in=scopes,
        highest_priority=None if is_risk else subject.highest_priority,
        risk_level=RiskLevel.HIGH if is_risk else None,
        module_count=module_count,
        gap=gap,
    )


def _weight(gap: CoverageGap) -> int:
    return RISK_PRIORITY[gap.risk_level] if gap.risk_level else gap.highest_priority


def latest_needs_assessments(country_ids, as_of=None):
    """The newest needs assessment of each scope (national, or one group), as a subquery;
    with `as_of`, the newest on that day (a past year's report judges by what was known)."""
    newer = _newer_than_outer(NeedsAssessment, as_of)
    return (
        _as_of(NeedsAssessment.objects, as_of)
        .filter(
            Q(group__isnull=False) & ~Exists(newer.filter(group_id=OuterRef("group_id")))
            | Q(group__isnull=True)
            & ~Exists(newer.filter(group__isnull=True, country_id=OuterRef("country_id"))),
            country_id__in=country_ids,
        )
        .values("pk")
    )


def latest_risk_assessments(country_ids, as_of=None):
    """The newest risk assessment of each scope (one group, or one region), as a subquery,
    on `as_of` if given. Regions are compared case-insensitively, as people write them."""
    newer = _newer_than_outer(RiskAssessment, as_of)
    same_region = newer.filter(
        group__isnull=True, country_id=OuterRef("country_id"), region__iexact=OuterRef("region")
    )
    return (
        _as_of(RiskAssessment.objects, as_of)
        .filter(
            Q(group__isnull=False) & ~Exists(newer.filter(group_id=OuterRef("group_id")))
            | Q(group__isnull=True) & ~Exists(same_region),
            country_id__in=country_ids,
        )
        .values("pk")
    )


def _as_of(assessments, as_of):
    return assessments.filter(assessed_on__lte=as_of) if as_of else assessments.all()


def _newer_than_outer(model, as_of=None):
    """Assessments newer than the outer one: a later date, or the same date and a higher id.
    "No newer one of the same scope" is an anti-join the database answers from the group
    and country indexes, where ranking every scope's assessments would read them all."""
    return _as_of(model.objects, as_of).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )


def _rated_needs(country_ids) -> dict[int, dict[SubjectKey, _Rated]]:
    latest = latest_needs_assessments(country_ids)
    rows = NeedRating.objects.filter(
        assessment__in=latest, priority__gte=HIGH_PRIORITY
    ).values_list(
        "assessment__country_id",
        "assessment__group__name",
        "need_area_id",
        "need_area__name",
        "theme_id",
        "theme__name",
        "priority",
    )
    rated: dict[int, dict[SubjectKey, _Rated]] = defaultdict(dict)
    shown = {**localized_names(NeedArea), **localized_names(Theme)}  # reader's language
    for country_id, group, area_id, area, theme_id, theme, priority in rows:
        area, theme = shown.get(area, area), shown.get(theme, theme)
        if area_id:
            key, name, kind = ("need_area", area_id), area, SubjectKind.SUPPORT_AREA
        else:
            key, name, kind = ("theme", theme_id), theme, SubjectKind.THEME
        subject = rated[country_id].setdefault(key, _Rated(name=name, kind=kind))
        subject.highest_priority = max(subject.highest_priority or 0, priority)
        subject.scopes.add((1, group) if group else (0, gettext("national")))
    return rated


def _rated_risks(country_ids) -> dict[int, dict[SubjectKey, _Rated]]:
    latest = latest_risk_assessments(country_ids)
    rows = RiskRating.objects.filter(
        # The residual level where mitigation set one (decision 0030-rss-actions).
        assessment__in=latest,
        effective_level=RiskLevel.HIGH,
    ).values_list(
        "assessment__country_id",
        "assessment__group__name",
        "assessment__region",
        "core_risk_id",
        "core_risk__name",
    )
    rated: dict[int, dict[SubjectKey, _Rated]] = defaultdict(dict)
    shown = localized_names(NeedArea)  # reader's language
    for country_id, group, region, risk_id, risk in rows:
        risk = shown.get(risk, risk)
        subject = rated[country_id].setdefault(
            ("need_area", risk_id), _Rated(name=risk, kind=SubjectKind.CORE_RISK)
        )
        scope = group or gettext("%(region)s region") % {"region": region}
        subject.scopes.add((1, scope))
    return rated


def _backpack_coverage(subject_keys, locale_ids):
    """Per subject: how many backpack modules are tagged with it, and in which locales
    (of `locale_ids`) at least one of them is live. One query per kind of tag."""
    counts: dict[SubjectKey, int] = {}
    locales: dict[SubjectKey, set[int]] = defaultdict(set)
    if not subject_keys:
        return counts, locales
    modules = published_modules().values("pk")
    # (subject table, the module's tag field, the tag's column on the through table)
    for table, tags, tag in [("need_area", "need_areas", "needarea"), ("theme", "themes", "theme")]:
        ids = [pk for kind, pk in subject_keys if kind == table]
        if not ids:
            continue
        per_locale = {
            f"in_locale_{locale_id}": Count(
                "trainingmodulepage_id",
                distinct=True,
                filter=Exists(
                    Page.objects.live().filter(
                        translation_key=OuterRef("trainingmodulepage__translation_key"),
                        locale_id=locale_id,
                    )
                ),
            )
            for locale_id in locale_ids
        }
        rows = (
            getattr(TrainingModulePage, tags)
            .through.objects.filter(trainingmodulepage__in=modules, **{f"{tag}__in": ids})
            .values(tag)
            .annotate(module_count=Count("trainingmodulepage_id", distinct=True), **per_locale)
        )
        for row in rows:
            key = (table, row[tag])
            counts[key] = row["module_count"]
            locales[key] = {lid for lid in locale_ids if row[f"in_locale_{lid}"]}
    return counts, locales

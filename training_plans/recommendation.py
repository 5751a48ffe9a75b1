"""Which modules a producer group should be trained in next, in what order, and why.

Deterministic: the same data always gives the same list. The rules, in words:

1. Candidates are the published modules of the backpack that fit the group's
   commodities (a module tagged with no commodity fits every group) and that the
   group has not received yet.
2. A candidate is recommended when it targets the group's level (its confirmed
   level; the lowest level before the first confirmed assessment), or when it
   addresses an urgent need or risk (priority 4 or 5, or a high risk) and was
   written for the group's level or a lower one: a foundation the group may lack.
3. A module's priority is the highest priority among the needs and risks it
   addresses: the group's own rating of a subject first, else the country's
   national needs assessment (for risks, the group's region); a high risk counts
   5, medium 3, low 1. Modules are ordered by that priority, then those for the
   group's level before the others, then by code.
4. Every prerequisite the group has not received comes before the module that
   needs it, whatever its level, with "prerequisite of …" as its reason; one that
   cannot be planned (unpublished, or for other commodities) is named as missing.
5. A module tagged with no level targets none: the committee tags every module
   with at least one level, so such a module is not ready to recommend.
6. The floors above may add reasons of their own (`RECOMMENDATION_REASONS`): an open
   non-conformity of the group's internal control recommends the modules linked to its
   control point, whatever their level, with the finding as the first reason. Such a
   module is still skipped once the group has received it, and ignored when it is not
   a candidate (unpublished, or for other commodities).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from wagtail import hooks

from modules.models import TrainingModulePage
from modules.models.pages import ModulePrerequisite
from modules.prerequisites import prerequisites_first
from modules.selectors import published_modules
from organisation_levels.models import ProducerGroup
from organisation_levels.selectors import group_current_level
from reference.models import NeedArea, OrganisationLevel
from training_plans.risk import RISK_PRIORITY, RiskLevel
from training_plans.selectors import (
    group_need_priorities,
    group_received_module_ids,
    group_risks,
)

URGENT = 4

# What the apps above add to a group's recommendation: each function registered under
# this name (in the app's wagtail_hooks.py) is called with `group` and returns
# `ExtraReason`s. This floor cannot import them (decision 0017).
RECOMMENDATION_REASONS = "training_recommendation_reasons"


@dataclass(frozen=True)
class ExtraReason:
    """A module to recommend, how urgent (1 to 5) and why, composed in the reader's
    language by the app that knows the reason."""

    module_id: int
    priority: int
    reason: str


@dataclass
class Recommendation:
    module: TrainingModulePage
    priority: int = 0
    for_the_level: bool = False
    reasons: list[str] = field(default_factory=list)


def group_recommendation(
    *, group: ProducerGroup, level: OrganisationLevel | None = None
) -> list[Recommendation]:
    """The recommended modules for `group`, in order, each with the reasons in words."""
    levels = list(OrganisationLevel.objects.originals().order_by("rank"))
    if not levels:
        return []
    level = level or group_current_level(group=group) or levels[0]
    modules = _candidate_modules(group)
    received = group_received_module_ids(group=group)
    needs = group_need_priorities(group=group)
    risks = group_risks(group=group)

    chosen: dict[int, Recommendation] = {}
    for module in modules.values():
        if module.pk in received:
            continue
        recommendation = _weigh(module, level, needs, risks)
        lowest_rank = min((m_level.rank for m_level in module.levels.all()), default=None)
        urgent_foundation = (
            recommendation.priority >= URGENT
            and lowest_rank is not None
            and lowest_rank <= level.rank
        )
        if recommendation.for_the_level or urgent_foundation:
            chosen[module.pk] = recommendation
    _add_extra_reasons(group, chosen, modules, received, level, needs, risks)

    ranked = sorted(
        chosen.values(),
        key=lambda r: (-r.priority, not r.for_the_level, r.module.code, r.module.pk),
    )
    return _with_prerequisites_first(ranked, modules, received, level, needs, risks)


def _add_extra_reasons(group, chosen, modules, received, level, needs, risks) -> None:
    """Rule 6: the reasons the floors above give, first, and their priority if higher."""
    for contribute in hooks.get_hooks(RECOMMENDATION_REASONS):
        for extra in contribute(group=group):
            if extra.module_id not in modules or extra.module_id in received:
                continue
            recommendation = chosen.get(extra.module_id) or _weigh(
                modules[extra.module_id], level, needs, risks
            )
            if extra.reason not in recommendation.reasons:
                recommendation.reasons.insert(0, extra.reason)
            recommendation.priority = max(recommendation.priority, extra.priority)
            chosen[extra.module_id] = recommendation


def _candidate_modules(group: ProducerGroup) -> dict[int, TrainingModulePage]:
    commodity_ids = list(group.commodities.values_list("pk", flat=True))
    modules = (
        published_modules()
        .filter(Q(commodities__in=commodity_ids) | Q(commodities__isnull=True))
        .distinct()
        .order_by("code", "pk")
        .prefetch_related(
            "levels",
            "themes",
            "need_areas",
            "delivery_methods",
            Prefetch(
                "prerequisite_links",
                queryset=ModulePrerequisite.objects.select_related("prerequisite").order_by(
                    "sort_order", "pk"
                ),
            ),
        )
    )
    return {module.pk: module for module in modules}


def _weigh(module, level, needs, risks) -> Recommendation:
    recommendation = Recommendation(module=module)
    reasons_by_priority: list[tuple[int, str]] = []
    for area in module.need_areas.all():
        if area.kind == NeedArea.Kind.CORE_RISK:
            rated = risks.get(area.pk)
            if rated is None:
                continue
            weight = RISK_PRIORITY[rated.level]
            reasons_by_priority.append((weight, _risk_reason(rated, str(area))))
        else:
            rated = needs.get(("need_area", area.pk))
            if rated is not None:
                reasons_by_priority.append(
                    (rated.priority, _need_reason(rated.priority, str(area), rated.source))
                )
    for theme in module.themes.all():
        rated = needs.get(("theme", theme.pk))
        if rated is not None:
            reasons_by_priority.append(
                (rated.priority, _need_reason(rated.priority, str(theme), rated.source))
            )
    reasons_by_priority.sort(key=lambda pair: -pair[0])  # stable: module's own order on ties
    recommendation.priority = max((weight for weight, _reason in reasons_by_priority), default=0)
    recommendation.reasons = [reason for _weight, reason in reasons_by_priority]
    module_levels = list(module.levels.all())
    recommendation.for_the_level = any(m_level.pk == level.pk for m_level in module_levels)
    if recommendation.for_the_level:
        recommendation.reasons.append(_("targets %(level)s groups") % {"level": str(level)})
    elif module_levels:
        names = ", ".join(str(m_level) for m_level in module_levels)
        below = min(m_level.rank for m_level in module_levels) < level.rank
        recommendation.reasons.append(
            _("a foundation written for %(levels)s groups") % {"levels": names}
            if below
            else _("written for %(levels)s groups") % {"levels": names}
        )
    return recommendation


def _need_reason(priority: int, subject: str, source: str) -> str:
    return _("need for %(subject)s rated %(priority)s of 5 (%(source)s)") % {
        "subject": subject,
        "priority": priority,
        "source": source,
    }


def _risk_reason(rated, subject: str) -> str:
    values = {"level": RiskLevel(rated.level).label, "subject": subject, "source": rated.source}
    if rated.residual:
        # Mitigation in place lowered it: the reader sees the level is the residual one.
        return _("%(level)s residual risk: %(subject)s (%(source)s)") % values
    return _("%(level)s risk: %(subject)s (%(source)s)") % values


def _with_prerequisites_first(ranked, modules, received, level, needs, risks):
    """The ranked modules, each after the prerequisites the group has not received: one it
    needs first comes with "prerequisite of …" as its first reason, one that cannot be
    planned (unpublished, or for other commodities) is named as missing."""
    chosen = {recommendation.module.pk: recommendation for recommendation in ranked}

    def still_needed(module_id):
        links = modules[module_id].prerequisite_links.all()
        return [link for link in links if link.prerequisite_id not in received]

    walk = prerequisites_first(
        starts=chosen,
        prerequisites_of=lambda module_id: [
            link.prerequisite_id
            for link in still_needed(module_id)
            if link.prerequisite_id in modules
        ],
    )
    ordered: list[Recommendation] = []
    for module_id in walk.order:
        if module_id in walk.needed_by:
            recommendation = _weigh(modules[module_id], level, needs, risks)
            recommendation.reasons.insert(
                0, _("prerequisite of %(code)s") % {"code": modules[walk.needed_by[module_id]].code}
            )
            # Also recommended for itself: say both reasons once.
            for reason in chosen[module_id].reasons if module_id in chosen else ():
                if reason not in recommendation.reasons:
                    recommendation.reasons.append(reason)
        else:
            recommendation = chosen[module_id]
        for link in still_needed(module_id):
            if link.prerequisite_id in modules:
                continue
            # Unpublished, or for other commodities: nothing to plan, but say so.
            missing = _("needs %(code)s first, which is not available to this group") % {
                "code": link.prerequisite.code
            }
            if missing not in recommendation.reasons:
                recommendation.reasons.append(missing)
        ordered.append(recommendation)
    return ordered

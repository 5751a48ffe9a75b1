"""The supply base's evidence on the group's risk rating (issue 20, point 4; decision 0029).

Flagged plots are evidence for the core risk "expansion and deforestation", plots without
documented tenure for "land rights and conflicts". `risk_evidence_refresh(group)` writes
both on the group's latest risk assessment, one row each, keyed by a `source_key`: a
second run updates the rows, and a row whose plots are gone (no flag left, every tenure
documented) is removed. It runs after the flags or the plots change, once per group and
transaction, when the transaction commits (`risk_evidence_refresh_on_commit`).
"""

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisation_levels.models import ProducerGroup
from reference.models import NeedArea
from supply_base.selectors import risk_evidence_for_group
from training_plans.models import RiskAssessment, RiskEvidence
from training_plans.selectors import latest_group_risk_assessment
from training_plans.services import risk_evidence_add

# The core risks by slug: the slug is kept the same in every language (reference data,
# modules/migrations/0003_seed_taxonomies.py), names are not.
DEFORESTATION_RISK = "deforestation"
LAND_RIGHTS_RISK = "land-rights"
DEFORESTATION_SOURCE = "supply_base:deforestation"
TENURE_SOURCE = "supply_base:tenure"
# Member codes named in a description, at most: the row's description holds 500 letters.
CODES_SHOWN = 12


def _codes(codes: list[str]) -> str:
    unique = list(dict.fromkeys(code for code in codes if code))
    shown = ", ".join(unique[:CODES_SHOWN])
    if len(unique) > CODES_SHOWN:
        shown += " …"
    return shown


def risk_evidence_refresh(group: ProducerGroup) -> RiskAssessment | None:
    """Write the group's plot evidence on its latest risk assessment (none: nothing to do).

    Returns the assessment written to. Run by the system (no user): whoever changed the
    plots or the layers had the right to, and the rows say they were written by the
    supply base (`source_key`), so a person's own evidence rows are never touched.
    """
    assessment = latest_group_risk_assessment(group=group)
    if assessment is None:
        return None
    evidence = risk_evidence_for_group(group)
    risks = {
        risk.slug: risk
        for risk in NeedArea.objects.originals().filter(
            kind=NeedArea.Kind.CORE_RISK, slug__in=[DEFORESTATION_RISK, LAND_RIGHTS_RISK]
        )
    }
    today = timezone.localdate()
    # The rows are stored text, read by everyone who opens the assessment: written in the
    # site's language whoever's request made them, so a rerun does not flip languages.
    with translation.override(settings.LANGUAGE_CODE):
        flagged = evidence.flagged_plots
        plots = len({each.plot_id for each in flagged})
        if flagged:
            cut_off = min(each.cut_off_date for each in flagged)
            layers = ", ".join(dict.fromkeys(each.layer_name for each in flagged))
            deforestation = (
                ngettext(
                    "%(count)s plot overlaps forest loss after %(cut_off)s "
                    "(%(overlap)s ha; layers: %(layers)s). Members: %(codes)s.",
                    "%(count)s plots overlap forest loss after %(cut_off)s "
                    "(%(overlap)s ha; layers: %(layers)s). Members: %(codes)s.",
                    plots,
                )
                % {
                    "count": plots,
                    "cut_off": cut_off,
                    "overlap": evidence.overlap_total_ha.quantize(Decimal("0.01")),
                    "layers": layers,
                    "codes": _codes([each.member_code for each in flagged]),
                },
                plots,
                _("plots"),
            )
        else:
            deforestation = None
        undocumented = evidence.undocumented_tenure
        if undocumented:
            area = sum((each.area_ha for each in undocumented), Decimal(0))
            tenure = (
                _(
                    "%(count)s of %(total)s plots (%(area)s ha) without documented tenure. "
                    "Members: %(codes)s."
                )
                % {
                    "count": len(undocumented),
                    "total": evidence.plots_total,
                    "area": area.quantize(Decimal("0.01")),
                    "codes": _codes([each.member_code for each in undocumented]),
                },
                len(undocumented),
                _("plots"),
            )
        else:
            tenure = None

    for slug, source_key, kind, found in [
        (DEFORESTATION_RISK, DEFORESTATION_SOURCE, RiskEvidence.Kind.FLAGGED_PLOTS, deforestation),
        (LAND_RIGHTS_RISK, TENURE_SOURCE, RiskEvidence.Kind.UNDOCUMENTED_TENURE, tenure),
    ]:
        risk = risks.get(slug)
        if risk is None:
            continue  # the core risk was removed from the reference data
        if found is None:
            # The flags were lifted or every tenure documented: the claim goes with them.
            RiskEvidence.objects.filter(
                assessment=assessment, core_risk=risk, source_key=source_key
            ).delete()
            continue
        description, figure, unit = found
        risk_evidence_add(
            assessment=assessment,
            core_risk=risk,
            kind=kind,
            description=description[:500],
            observed_on=today,
            figure=figure,
            unit=unit,
            source_key=source_key,
        )
    return assessment


class _Waiting:
    """The groups one commit will refresh: the callback registered with the connection."""

    def __init__(self):
        self.group_ids: set[int] = set()
        self.done = False

    def __call__(self):
        self.done = True
        for group in ProducerGroup.objects.filter(pk__in=self.group_ids):
            risk_evidence_refresh(group)


def risk_evidence_refresh_on_commit(group_ids: Iterable[int]) -> None:
    """Refresh these groups' evidence once the current transaction commits (at once
    outside a transaction). Cheap to call: several imports, walks or checks in one
    transaction add to one waiting refresh, and each group is refreshed once."""
    group_ids = {each for each in group_ids if each}
    if not group_ids:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # A callback still waiting in this transaction takes the groups too, if it was
        # registered outside any savepoint opened since (a savepoint rolled back drops
        # its callbacks, and must not drop these groups). One rolled back is gone from
        # the connection's list, so a stale one is never reused.
        current = set(connection.savepoint_ids)
        for savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _Waiting) and not callback.done and set(savepoints) <= current:
                callback.group_ids |= group_ids
                return
    waiting = _Waiting()
    waiting.group_ids = group_ids
    transaction.on_commit(waiting)

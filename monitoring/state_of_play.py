"""The yearly state-of-play report (issue 8, point 4; RSS step 5): a PDF and a workbook.

The PDF holds the headline figures, a chart and a table per subject, the level
progression (from which level to which, over the year), the needs most often rated
high and whether training answered them, and the coverage gaps of the backpack. The
workbook holds every table the PDF is made from.

Charts in the PDF are bars drawn with CSS boxes by the template
(monitoring/includes/bars.html): the PDF engine runs no script, so Chart.js cannot draw
there, and the labels are laid out by the same engine as the page, so Thai and Burmese
read right.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.exports import tables_xlsx
from monitoring.indicators import Scope
from monitoring.models import StateOfPlayReport
from monitoring.tables import Table, dashboard_tables, figures_for, headline
from reference.models import Country, OrganisationLevel
from training_plans.coverage import coverage_gaps
from training_plans.exports import pdf_font
from training_plans.selectors import actions_reviewed_in

TOP_NEEDS = 10


def report_scope(report: StateOfPlayReport) -> Scope:
    return Scope(
        start=datetime.date(report.year, 1, 1),
        end=datetime.date(report.year, 12, 31),
        country_ids=(report.country_id,) if report.country_id else (),
    )


def state_of_play_files(*, report: StateOfPlayReport) -> tuple[bytes, bytes, list]:
    """(PDF, workbook, headline figures as [label, value] pairs)."""
    from weasyprint import HTML  # loads Pango, which only PDFs need

    figures = figures_for(scope=report_scope(report))
    headline_figures = headline(figures)
    tables = dashboard_tables(figures)
    progression = _progression_table(figures.levels)
    gaps = _gaps_table(report)
    plan_actions = _plan_actions_table(report)
    title = str(report)
    scope_text = report.country.name if report.country_id else _("All countries")
    html = render_to_string(
        "monitoring/state_of_play_pdf.html",
        {
            "title": title,
            "scope_text": scope_text,
            "report": report,
            "made_on": timezone.localdate(),
            "headline": headline_figures,
            "tables": [t for t in tables if t.key != "headline"],
            "progression": progression,
            "top_needs": figures.needs["subjects"][:TOP_NEEDS],
            "gaps": gaps,
            "plan_actions": plan_actions,
            "font": pdf_font(),
        },
    )
    pdf = HTML(string=html).write_pdf()
    workbook = tables_xlsx(
        tables=[*tables, progression, gaps, plan_actions],
        title=title,
        filters=f"{report.year} · {scope_text}",
    )
    pairs = [[str(label), value] for label, value in headline_figures]
    return pdf, workbook, pairs


def _progression_table(levels: dict) -> Table:
    """How many groups went from each level (at the year's start) to each level (at its end)."""
    levels_known = list(OrganisationLevel.objects.originals())
    names = {level.pk: str(level) for level in levels_known}  # reader's language
    ranks = {level.pk: level.rank for level in levels_known}
    none = _("No level")
    rows = sorted(
        levels["progression"],
        key=lambda row: (ranks.get(row["from"], 0), ranks.get(row["to"], 0)),
    )
    return Table(
        key="level-progression",
        title=_("Level progression over the year"),
        columns=[_("Level at the start"), _("Level at the end"), _("Groups")],
        rows=[
            [names.get(row["from"], none), names.get(row["to"], none), row["groups"]]
            for row in rows
        ],
    )


def _gaps_table(report: StateOfPlayReport) -> Table:
    countries = Country.objects.all()
    if report.country_id:
        countries = countries.filter(pk=report.country_id)
    rows = []
    for country in coverage_gaps(countries=countries):
        for gap in country.gaps:
            rows.append(
                [country.country.name, gap.subject, gap.kind_label, gap.rating_label, gap.gap_label]
            )
    return Table(
        key="coverage-gaps",
        title=_("Coverage gaps: urgent needs and high risks without a module"),
        columns=[_("Country"), _("Need or risk"), _("Kind"), _("Rating"), _("Gap")],
        rows=rows,
    )


def _plan_actions_table(report: StateOfPlayReport) -> Table:
    """Every action beyond training of the plans running in the year, with the year's
    review of it (RSS step 5; issue 20, point 6)."""
    rows = [
        [
            action.plan.group.country.name,
            action.plan.group.name,
            action.plan.title,
            action.title,
            action.get_kind_display(),
            str(action.core_risk) if action.core_risk_id else "—",
            action.owner,
            action.get_status_display(),
            review.get_effectiveness_display() if review else _("Not reviewed"),
            review.evidence if review else "",
            _("yes") if action.carried_from_id else "",
        ]
        for action, review in actions_reviewed_in(
            year=report.year,
            country_ids=[report.country_id] if report.country_id else None,
        )
    ]
    return Table(
        key="plan-actions-reviewed",
        title=_("Action plans: actions beyond training and their review"),
        columns=[
            _("Country"),
            _("Producer group"),
            _("Plan"),
            _("Action"),
            _("Kind"),
            _("Core issue"),
            _("Owner"),
            _("Status"),
            _("Effectiveness"),
            _("Evidence"),
            _("Carried over"),
        ],
        rows=rows,
    )

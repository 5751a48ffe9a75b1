"""The dashboard as tables: what the page shows under each chart, what the CSV and Excel
exports hold, and what the yearly report's workbook carries (issue 8, points 2 to 4).

One `Table` per subject, built from the indicators. Each keeps its rows as plain values
(text and numbers), so every output writes the same figures; a chart, when there is
one, is drawn from the table's own rows.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from consultation.models import Grievance
from meetings.models import EventKind
from monitoring import indicators, rss_indicators
from monitoring.indicators import AGE_BANDS, UNKNOWN_AGE, Scope
from training_delivery.models import Gender, SessionMethod
from training_plans.coverage import SubjectKind
from training_plans.models import ActionReview, PlanAction


@dataclass
class Chart:
    """A bar chart of some of the table's columns (by index), one bar group per row."""

    value_columns: list[int]
    label_columns: list[int] = field(default_factory=lambda: [0])  # joined with " · "
    horizontal: bool = False
    stacked: bool = False

    def data(self, table: "Table") -> dict:
        return {
            "labels": [" · ".join(str(row[i]) for i in self.label_columns) for row in table.rows],
            "datasets": [
                {"label": table.columns[i], "data": [row[i] or 0 for row in table.rows]}
                for i in self.value_columns
            ],
            "horizontal": self.horizontal,
            "stacked": self.stacked,
        }


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    chart: Chart | None = None
    note: str = ""
    footer: list[list] = field(default_factory=list)  # totals, shown under the rows

    @property
    def chart_key(self) -> str:
        return f"{self.key}-chart"

    @property
    def chart_data(self) -> dict | None:
        return self.chart.data(self) if self.chart and self.rows else None

    @property
    def bar_rows(self) -> list[dict]:
        """The chart as rows of bars for the PDF, each bar's length a share of the longest."""
        data = self.chart_data
        if not data:
            return []
        values = [value for dataset in data["datasets"] for value in dataset["data"]]
        longest = max(values, default=0) or 1
        return [
            {
                "label": label,
                "bars": [
                    {
                        "series": index,
                        "name": dataset["label"],
                        "value": dataset["data"][row],
                        "width": round(100 * dataset["data"][row] / longest, 1),
                    }
                    for index, dataset in enumerate(data["datasets"])
                ],
            }
            for row, label in enumerate(data["labels"])
        ]

    def all_rows(self) -> list[list]:
        return self.rows + self.footer


@dataclass
class Figures:
    """Every indicator for one scope, computed once."""

    farmers: dict
    methods: dict
    modules: dict
    knowledge: dict
    levels: dict
    items: dict
    needs: dict
    adaptation: list | None  # None on a group dashboard: it is about countries
    # RSS consultation, grievances and the action plan beyond training (issue 20).
    grievances: dict = field(default_factory=dict)
    consultation: dict = field(default_factory=dict)
    actions: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)  # calls and meetings (issue 21, point 6)


def figures_for(*, scope: Scope, with_countries: bool = True) -> Figures:
    return Figures(
        farmers=indicators.farmers_reached(scope=scope),
        methods=indicators.sessions_by_method(scope=scope),
        modules=indicators.modules_delivered(scope=scope),
        knowledge=indicators.knowledge_gain(scope=scope),
        levels=indicators.groups_by_level(scope=scope),
        items=indicators.improvement_items_on_time(scope=scope),
        needs=indicators.priority_needs_covered(scope=scope),
        adaptation=indicators.adaptation_coverage(scope=scope) if with_countries else None,
        grievances=rss_indicators.grievances_counted(scope=scope),
        consultation=rss_indicators.consultation_attendance(scope=scope),
        actions=rss_indicators.actions_and_reviews(scope=scope),
        events=indicators.events_held(scope=scope),
    )


def headline(figures: Figures) -> list[tuple[str, object]]:
    """The few numbers that tell the year at a glance."""
    sessions = sum(row["sessions"] for row in figures.methods.values())
    hours = round(sum(row["hours"] for row in figures.methods.values()), 1)
    return [
        (_("Farmers reached (unique, with a roster)"), figures.farmers["unique_farmers"]),
        (_("Women reached (unique)"), figures.farmers["by_gender"].get(Gender.FEMALE, 0)),
        (
            _("Attendance counted by heads (no roster)"),
            sum(figures.farmers["head_counts"].values()),
        ),
        (_("Training sessions"), sessions),
        (_("Training hours"), hours),
        (_("Different modules delivered"), figures.modules["modules"]),
        (_("Average knowledge gain (points out of 100)"), figures.knowledge["average_gain"]),
        (_("Groups that moved up a level"), figures.levels["moved_up"]),
        (_("Improvement-plan items done on time (%)"), figures.items["percent_on_time"]),
        (_("High-priority needs and risks answered by training (%)"), figures.needs["percent"]),
        (_("Calls and meetings held"), figures.events.get("events", 0)),
    ]


def dashboard_tables(figures: Figures) -> list[Table]:
    tables = [
        Table(
            key="headline",
            title=_("Headline figures"),
            columns=[_("Figure"), _("Value")],
            rows=[list(pair) for pair in headline(figures)],
        ),
        _farmers_by_gender(figures.farmers),
        _farmers_by_age(figures.farmers),
        _sessions_by_method(figures.methods),
        _knowledge(figures.knowledge),
        _levels(figures.levels),
        _plan_items(figures.items),
        _needs(figures.needs),
        _consultation(figures.consultation),
        _grievances(figures.grievances),
        _actions(figures.actions),
        _events(figures.events),
    ]
    if figures.adaptation is not None:
        tables.append(_adaptation(figures.adaptation))
    return tables


def _farmers_by_gender(farmers: dict) -> Table:
    heads = farmers["head_counts"]
    counted = {
        Gender.FEMALE: heads["women"],
        Gender.MALE: heads["men"],
        Gender.OTHER: heads["other"],
    }
    rows = [
        [label, farmers["by_gender"].get(value, 0), counted.get(value, 0)]
        for value, label in Gender.choices
    ]
    return Table(
        key="farmers-by-gender",
        title=_("Farmers reached by gender"),
        columns=[_("Gender"), _("Unique farmers (roster)"), _("Head counts (no roster)")],
        rows=rows,
        footer=[[_("Total"), farmers["unique_farmers"], sum(heads.values())]],
        # Side by side, never stacked: heads and unique farmers must not be added up.
        chart=Chart(value_columns=[1, 2]),
        note=_(
            "A farmer at several sessions counts once. Sessions without a roster count heads, "
            "which cannot be told apart from one session to the next, so they are kept apart."
        ),
    )


def _farmers_by_age(farmers: dict) -> Table:
    bands = [(key, str(label)) for key, label, _low, _high in AGE_BANDS]
    bands.append((UNKNOWN_AGE, _("Birth year not known")))
    return Table(
        key="farmers-by-age",
        title=_("Farmers reached by age"),
        columns=[_("Age"), _("Unique farmers")],
        rows=[[label, farmers["by_age_band"].get(key, 0)] for key, label in bands],
        chart=Chart(value_columns=[1]),
        note=_("Ages are those reached in the last year of the period."),
    )


def _sessions_by_method(methods: dict) -> Table:
    rows = [
        [label, methods.get(value, {}).get("sessions", 0), methods.get(value, {}).get("hours", 0)]
        for value, label in SessionMethod.choices
    ]
    return Table(
        key="sessions-by-method",
        title=_("Sessions and training hours by method"),
        # Its own context: "Sessions" alone is also the paper-import sheet's name, which the
        # importer matches in the admin's language and so must stay as it is.
        columns=[
            _("Method"),
            pgettext("count of training sessions", "Sessions"),
            _("Training hours"),
        ],
        rows=rows,
        footer=[[_("Total"), sum(r[1] for r in rows), round(sum(r[2] for r in rows), 2)]],
        chart=Chart(value_columns=[1, 2]),
    )


def _knowledge(knowledge: dict) -> Table:
    return Table(
        key="knowledge-gain",
        title=_("Knowledge checks: before and after"),
        columns=[_("Measure"), _("Value")],
        rows=[
            [_("Average score before"), knowledge["average_pre"]],
            [_("Average score after"), knowledge["average_post"]],
            [_("Average gain"), knowledge["average_gain"]],
            [_("Attendances with both scores"), knowledge["attendances_scored"]],
        ],
        note=_("Scores are out of 100; only farmers with a score before and after count."),
    )


def _levels(levels: dict) -> Table:
    rows = [
        [str(row["level"]), row["groups_at_start"], row["groups"], row["moved_up_to"]]
        for row in levels["levels"]
    ]
    return Table(
        key="groups-by-level",
        title=_("Producer groups by organisation level"),
        columns=[
            _("Level"),
            _("Groups at the start"),
            _("Groups at the end"),
            _("Moved up to this level"),
        ],
        rows=rows,
        footer=[
            [_("First assessed in the period"), "", levels["first_assessed"], ""],
            [_("Not assessed yet"), "", levels["not_assessed"], ""],
            [_("Total"), "", levels["total"], levels["moved_up"]],
        ],
        chart=Chart(value_columns=[1, 2]),
        note=_(
            "A level counts from the day an assessor confirmed it. Groups first assessed in "
            "the period had no level at its start."
        ),
    )


def _plan_items(items: dict) -> Table:
    return Table(
        key="improvement-items",
        title=_("Improvement-plan items due in the period"),
        columns=[_("Status"), _("Items")],
        rows=[
            [_("Done on time"), items["done_on_time"]],
            [_("Done late"), items["done_late"]],
            [_("Overdue"), items["overdue"]],
            [_("Not yet due"), items["not_yet_due"]],
        ],
        footer=[
            [_("Total due"), items["due"]],
            [_("Done on time (%)"), items["percent_on_time"]],
        ],
        chart=Chart(value_columns=[1], horizontal=True),
        note=_(
            "Dropped items are not counted; an item carried into the next cycle counts once, "
            "in the cycle it was carried into. The share on time is of the items already due."
        ),
    )


def _needs(needs: dict) -> Table:
    kinds = dict(SubjectKind.choices)
    return Table(
        key="priority-needs",
        title=_("High-priority needs and risks answered by training"),
        columns=[
            _("Need or risk"),
            _("Kind"),
            _("Times rated high"),
            _("Answered by training"),
            _("Answered (%)"),
        ],
        rows=[
            [row["subject"], str(kinds[row["kind"]]), row["rated"], row["covered"], row["percent"]]
            for row in needs["subjects"]
        ],
        footer=[[_("Total"), "", needs["rated"], needs["covered"], needs["percent"]]],
        chart=Chart(value_columns=[2, 3], horizontal=True),
        note=_(
            "Priority 4 or 5, or a high risk, in the latest assessment of each group, region "
            "or country. Answered when a session in the period delivered a module on it to "
            "that group (or, for a national or regional rating, to a group there)."
        ),
    )


def _adaptation(rows: list) -> Table:
    table_rows = []
    for row in rows:
        languages = row["languages"] or [{"language": None, "modules": None, "percent": None}]
        for language in languages:
            table_rows.append(
                [
                    row["country"].name,
                    row["backpack_modules"],
                    row["adapted"],
                    row["percent_adapted"],
                    language["language"],
                    language["modules"],
                    language["percent"],
                ]
            )
    return Table(
        key="adaptation",
        title=_("Adaptation and translation by country"),
        columns=[
            _("Country"),
            _("Backpack modules"),
            _("Adapted"),
            _("Adapted (%)"),
            _("Language"),
            _("Modules in this language"),
            _("In this language (%)"),
        ],
        rows=table_rows,
        chart=Chart(value_columns=[3, 6], label_columns=[0, 4], horizontal=True),
        note=_(
            "A module is in a language when its original, a translation or the country's "
            "adaptation is published in it."
        ),
    )


def _consultation(consultation: dict) -> Table:
    """Issue 20, point 5: who came to the RSS consultations, by gender."""
    return Table(
        key="consultation",
        title=_("Consultations with stakeholders"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Consultations held"), consultation["events"]],
            [_("Women attending"), consultation["women"]],
            [_("Men attending"), consultation["men"]],
            [_("Others or not stated"), consultation["other"]],
            [_("Conclusions"), consultation["conclusions"]],
            [_("Conclusions validated by the participants"), consultation["validated"]],
        ],
        note=_("Attendance is counted per consultation: one person at two meetings counts twice."),
    )


def _grievances(grievances: dict) -> Table:
    """Issue 20, point 5: grievances received in the period, open and closed, by category."""
    by_category = grievances["by_category"]
    return Table(
        key="grievances",
        title=_("Grievances received"),
        columns=[_("Category"), _("Open"), _("Closed")],
        rows=[
            [
                str(label),
                by_category.get(value, {}).get("open", 0),
                by_category.get(value, {}).get("closed", 0),
            ]
            for value, label in Grievance.Category.choices
        ],
        footer=[[_("Total"), grievances["open"], grievances["closed"]]],
        chart=Chart(value_columns=[1, 2], horizontal=True, stacked=True),
        note=_(
            "Open: received or under review. Closed: answered or closed. Only the country's "
            "platform reads the grievances themselves."
        ),
    )


def _actions(actions: dict) -> Table:
    """Issue 20, point 6: the action plans' actions beyond training, and their review."""
    statuses = PlanAction.Status.choices
    rows = []
    for kind, kind_label in PlanAction.Kind.choices:
        counts = actions["by_kind_and_status"].get(kind, {})
        rows.append([str(kind_label), *(counts.get(value, 0) for value, _label in statuses)])
    effectiveness = actions["effectiveness"]
    return Table(
        key="plan-actions",
        title=_("Mitigation and support actions"),
        columns=[_("Kind"), *(str(label) for _value, label in statuses)],
        rows=rows,
        footer=[
            [
                _("Reviewed: %(label)s") % {"label": label},
                effectiveness.get(value, 0),
                *([""] * (len(statuses) - 1)),
            ]
            for value, label in ActionReview.Effectiveness.choices
        ],
        note=_("Actions of the plans running in the period; reviews of the period's years."),
    )


def _events(events: dict) -> Table:
    """Calls and meetings across groups and countries, and who took part, by gender."""
    by_kind = events.get("by_kind", {})
    return Table(
        key="events",
        title=_("Calls and meetings"),
        columns=[_("Kind"), _("Held")],
        rows=[[label, by_kind.get(value, 0)] for value, label in EventKind.choices],
        footer=[
            [_("Total"), events.get("events", 0)],
            [_("Women taking part"), events.get("women", 0)],
            [_("Men taking part"), events.get("men", 0)],
            [_("Others or not stated taking part"), events.get("other", 0)],
        ],
        chart=Chart(value_columns=[1]),
        note=_(
            "Participants are those of the countries (or groups) shown: another country's "
            "people at the same call count in that country's figures."
        ),
    )

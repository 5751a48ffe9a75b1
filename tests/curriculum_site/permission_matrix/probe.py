"""Requesting an address as someone, and reading everything the answer shows.

A leak can hide in a spreadsheet (zipped XML), a PDF, a file name in a header or a
redirect's address; `readable_text` opens each, so a marker is found wherever it is.
"""

import io
import zipfile

from django.apps import apps
from django.db import connection
from django.test import Client


def readable_text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    parts = [f"{name}: {value}" for name, value in response.headers.items()]
    if body.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                parts += [
                    archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                ]
        except zipfile.BadZipFile:
            pass
    if body.startswith(b"%PDF"):
        try:
            from pypdf import PdfReader

            parts += [page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages]
        except Exception:
            pass
    parts.append(body.decode("utf-8", "replace"))
    return "\n".join(parts)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Every table a forged request could change: compared whole before and after.
GUARDED_MODELS = [
    "organisation_levels.ProducerGroup",
    "organisation_levels.ProducerGroup_trainers",
    "organisation_levels.ProducerGroup_managers",
    "organisation_levels.LevelAssessment",
    "organisation_levels.AssessmentEvidence",
    "organisation_levels.ImprovementCycle",
    "organisation_levels.ImprovementItem",
    "organisation_levels.ImprovementItemEvidence",
    "organisation_levels.CountryPerson",
    "training_delivery.Farmer",
    "training_delivery.TrainingSession",
    "training_delivery.SessionPhoto",
    "training_delivery.Attendance",
    "training_plans.TrainingPlan",
    "training_plans.TrainingPlanItem",
    "training_plans.NeedsAssessment",
    "training_plans.RiskAssessment",
    "monitoring.DataExport",
    "monitoring.StateOfPlayReport",
    "pilot_feedback.PilotFeedback",
    "reference.Country",
    "reference.Country_monitoring_viewers",
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtail_localize.TranslationSource",
    "wagtail_localize.Translation",
]

_VOLATILE = {"updated_at", "last_published_at", "latest_revision_created_at"}


# Revisions are never changed, only added: their ids say enough, and their content
# (a whole page as JSON) would make each snapshot slow.
_ONLY = {"wagtailcore.Revision": ("id", "object_id", "content_type_id")}


def snapshot() -> dict[str, list[dict]]:
    rows = {}
    for label in GUARDED_MODELS:
        model = apps.get_model(label)
        found = model._default_manager.order_by("pk").values(*_ONLY.get(label, ()))
        rows[label] = [
            {key: value for key, value in row.items() if key not in _VOLATILE} for row in found
        ]
    return rows


# A statement that cannot change a row of any table: reads, and the savepoints that the
# views' atomic blocks open and close.
_READ_ONLY = ("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class WriteWatch:
    """Whether the statements run inside `with WriteWatch() as watch:` could have changed
    a guarded table (`watch.may_have_changed`).

    Comparing two snapshots costs 26 queries and all their rows; a request that wrote
    nothing there (most forged requests are refused before any write) cannot have changed
    them, so the snapshot before it still holds and the comparison is skipped. This is
    exact, not a sample: the test client runs the view on this very connection and an
    execute wrapper sees every statement it runs (executemany and raw cursors too); every
    change to a row is an INSERT, UPDATE or DELETE naming its table (no migration adds a
    trigger, and Django cascades deletions with statements of its own, one per table);
    and anything else (a DELETE anywhere, a statement of another kind) counts as a
    possible change, which the full comparison then judges."""

    def __init__(self):
        self.may_have_changed = False
        self._guarded = [
            f'"{apps.get_model(label)._meta.db_table}"'.upper() for label in GUARDED_MODELS
        ]

    def __call__(self, execute, sql, params, many, context):
        if not self.may_have_changed and self._writes_guarded(sql):
            self.may_have_changed = True
        return execute(sql, params, many, context)

    def _writes_guarded(self, sql) -> bool:
        sql = str(sql).lstrip().upper()
        if sql.startswith(_READ_ONLY):
            return False
        if not sql.startswith(("INSERT", "UPDATE")):
            return True
        return any(table in sql for table in self._guarded)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def _own_request(label, was, now, countries, groups) -> bool:
    """A new export or report of the asker's own, covering only countries in `countries`
    and groups in `groups` (pks): what the dashboard's forms are for, whatever a forged
    form asked."""
    if was is not None or now is None:
        return False
    if label == "monitoring.DataExport":
        scope = now["scope"]
        return (
            set(scope.get("country_ids", ())) <= countries
            and set(scope.get("group_ids", ())) <= groups
        )
    if label == "monitoring.StateOfPlayReport":
        return now["country_id"] in countries
    return False


def changes(before, after, *, own_countries=frozenset(), own_groups=frozenset()) -> list[str]:
    found = []
    for label, rows in before.items():
        if rows != after[label]:
            was = {row.get("id", repr(row)): row for row in rows}
            now = {row.get("id", repr(row)): row for row in after[label]}
            for key in was.keys() | now.keys():
                old, new = was.get(key), now.get(key)
                if old != new and not _own_request(label, old, new, own_countries, own_groups):
                    found.append(f"{label} #{key}: {old} → {new}")
    return found

"""Each dashboard indicator timed beside one hand-written SQL of the same figure (issue 19).

Read by `manage.py benchmark_speed --groups N` (and `benchmark_monitoring`). The SQL is
what a person would write by hand for the global figure of a year; "same" says whether
both give the same numbers, so a faster rewrite of an indicator cannot drift.
"""

import datetime
import time

from django.db import connection

from monitoring import indicators
from monitoring.indicators import Scope
from organisation_levels.models import ImprovementItem, ProducerGroup
from training_delivery.models import Attendance, Farmer, SessionModule, TrainingSession


def _tables():
    return {
        "session": TrainingSession._meta.db_table,
        "attendance": Attendance._meta.db_table,
        "farmer": Farmer._meta.db_table,
        "session_module": SessionModule._meta.db_table,
        "item": ImprovementItem._meta.db_table,
    }


def _best(function, repeat):
    best, value = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        elapsed = 1000 * (time.perf_counter() - started)
        best = elapsed if best is None else min(best, elapsed)
    return best, value


def _sql(query, params):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(query.format(**_tables()), params)
            return cursor.fetchall()

    return run


def indicator_pairs(scope: Scope):
    """(name, ORM function, SQL function, comparison of their results)."""
    period = [scope.start, scope.end]
    today = datetime.date.today()
    return [
        (
            "farmers reached, by gender (and age band)",
            lambda: indicators.farmers_by_gender_and_band(scope=scope)[0],
            _sql(
                "SELECT f.gender, COUNT(*) FROM {farmer} f WHERE EXISTS ("
                " SELECT 1 FROM {attendance} a JOIN {session} s ON s.id = a.session_id"
                " WHERE a.farmer_id = f.id AND s.date BETWEEN %s AND %s) GROUP BY f.gender",
                period,
            ),
            lambda orm, sql: orm == {gender: count for gender, count in sql},
        ),
        (
            "head counts (sessions without a roster)",
            lambda: indicators.head_counts(scope=scope),
            _sql(
                "SELECT COALESCE(SUM(women_count), 0), COALESCE(SUM(men_count), 0),"
                " COALESCE(SUM(other_count), 0) FROM {session} s"
                " WHERE s.date BETWEEN %s AND %s AND NOT EXISTS ("
                " SELECT 1 FROM {attendance} a WHERE a.session_id = s.id)",
                period,
            ),
            lambda orm, sql: (orm["women"], orm["men"], orm["other"]) == tuple(sql[0]),
        ),
        (
            "sessions by method",
            lambda: indicators.sessions_by_method(scope=scope),
            _sql(
                "SELECT method, COUNT(*) FROM {session} WHERE date BETWEEN %s AND %s"
                " GROUP BY method",
                period,
            ),
            lambda orm, sql: {k: v["sessions"] for k, v in orm.items()} == dict(sql),
        ),
        (
            "modules delivered",
            lambda: indicators.modules_delivered(scope=scope)["deliveries"],
            _sql(
                "SELECT COUNT(*) FROM {session_module} m JOIN {session} s ON s.id = m.session_id"
                " WHERE s.date BETWEEN %s AND %s",
                period,
            ),
            lambda orm, sql: orm == sql[0][0],
        ),
        (
            "knowledge gain",
            lambda: indicators.knowledge_gain(scope=scope)["attendances_scored"],
            _sql(
                "SELECT COUNT(*) FROM {attendance} a JOIN {session} s ON s.id = a.session_id"
                " WHERE s.date BETWEEN %s AND %s AND a.pre_score IS NOT NULL"
                " AND a.post_score IS NOT NULL",
                period,
            ),
            lambda orm, sql: orm == sql[0][0],
        ),
        (
            "improvement items due",
            lambda: indicators.improvement_items_on_time(scope=scope, today=today)["due"],
            _sql(
                "SELECT COUNT(*) FROM {item} WHERE due_date BETWEEN %s AND %s"
                " AND status NOT IN (%s, %s)",
                [*period, ImprovementItem.Status.DROPPED, ImprovementItem.Status.CARRIED_OVER],
            ),
            lambda orm, sql: orm == sql[0][0],
        ),
    ]


def indicator_timings(*, year: int, repeat: int = 3) -> dict:
    """Each indicator and its SQL, best of `repeat`; and the global dashboard page."""
    # Test tools (the client, settings overrides) load only when the benchmark runs.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from reference import roles

    scope = Scope(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    rows = []
    for name, orm, sql, same in indicator_pairs(scope):
        orm_ms, orm_value = _best(orm, repeat)
        sql_ms, sql_value = _best(sql, repeat)
        rows.append(
            {"name": name, "orm_ms": orm_ms, "sql_ms": sql_ms, "same": same(orm_value, sql_value)}
        )

    committee, _ = get_user_model().objects.get_or_create(username="bench-committee")
    committee.groups.add(Group.objects.get(name=roles.TECHNICAL_COMMITTEE))
    client = Client()
    client.force_login(committee)
    url = reverse("monitoring:dashboard")
    period = {"start": scope.start.isoformat(), "end": scope.end.isoformat()}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client.get(url, period)
        seconds = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, period)
                seconds.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
    return {
        "groups": ProducerGroup.objects.count(),
        "attendance": Attendance.objects.count(),
        "repeat": repeat,
        "rows": rows,
        "page_ms": 1000 * min(seconds),
        "page_queries": len(captured),
        "sql_total_ms": sum(row["sql_ms"] for row in rows),
    }

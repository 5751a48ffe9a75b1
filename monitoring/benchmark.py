"""Each dashboard indicator timed beside one hand-written SQL of the same figure (issue 19).

Read by `manage.py benchmark_speed --groups N` (and `benchmark_monitoring`). The SQL is
what a person would write by hand for the global figure of a year; "same" says whether
both give the same numbers, so a faster rewrite of an indicator cannot drift.
"""

import datetime
import time

from django.db import connection
from django.db.models import Count

from monitoring import indicators
from monitoring.indicators import Scope
from organisation_levels.models import ImprovementItem, LevelAssessment, ProducerGroup
from reference.models import Commodity, Country, OrganisationLevel
from training_delivery.models import Attendance, Farmer, SessionModule, TrainingSession


def _tables():
    return {
        "session": TrainingSession._meta.db_table,
        "attendance": Attendance._meta.db_table,
        "farmer": Farmer._meta.db_table,
        "session_module": SessionModule._meta.db_table,
        "item": ImprovementItem._meta.db_table,
        "group": ProducerGroup._meta.db_table,
        "assessment": LevelAssessment._meta.db_table,
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
    day_after = indicators._day_after(scope.end)
    day_before_start = indicators._day_after(scope.start - datetime.timedelta(days=1))
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
            "improvement items due (done on time, late, overdue)",
            lambda: indicators.improvement_items_on_time(scope=scope, today=today),
            # The same five counts as the indicator.
            _sql(
                "SELECT COUNT(*),"
                " COUNT(*) FILTER (WHERE status = %s AND completed_on <= due_date),"
                " COUNT(*) FILTER (WHERE status = %s AND NOT (completed_on <= due_date)),"
                " COUNT(*) FILTER (WHERE status IN (%s, %s) AND due_date < %s),"
                " COUNT(*) FILTER (WHERE status IN (%s, %s) AND due_date >= %s)"
                " FROM {item} WHERE due_date BETWEEN %s AND %s AND status NOT IN (%s, %s)",
                [
                    ImprovementItem.Status.DONE.value,
                    ImprovementItem.Status.DONE.value,
                    *[status.value for status in ImprovementItem.OPEN_STATUSES],
                    today,
                    *[status.value for status in ImprovementItem.OPEN_STATUSES],
                    today,
                    *period,
                    ImprovementItem.Status.DROPPED,
                    ImprovementItem.Status.CARRIED_OVER,
                ],
            ),
            lambda orm, sql: (
                (
                    orm["due"],
                    orm["done_on_time"],
                    orm["done_late"],
                    orm["overdue"],
                    orm["not_yet_due"],
                )
                == tuple(sql[0])
            ),
        ),
        (
            "groups by level (start, end)",
            lambda: indicators.groups_by_level(scope=scope)["progression"],
            # Each group's latest confirmed assessment before the start and by the end.
            _sql(
                "SELECT s, e, COUNT(*) FROM (SELECT"
                " (SELECT a.level_id FROM {assessment} a"
                " WHERE a.group_id = g.id AND a.status = 'confirmed' AND a.confirmed_at < %s"
                " ORDER BY a.confirmed_at DESC, a.id DESC LIMIT 1) AS s,"
                " (SELECT a.level_id FROM {assessment} a"
                " WHERE a.group_id = g.id AND a.status = 'confirmed' AND a.confirmed_at < %s"
                " ORDER BY a.confirmed_at DESC, a.id DESC LIMIT 1) AS e"
                " FROM {group} g) AS levels GROUP BY s, e",
                [
                    connection.ops.adapt_datetimefield_value(day_before_start),
                    connection.ops.adapt_datetimefield_value(day_after),
                ],
            ),
            lambda orm, sql: (
                {(row["from"], row["to"]): row["groups"] for row in orm}
                == {(start, end): count for start, end, count in sql}
            ),
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
        # The same page with the filters people use (decision 0036's target covers them).
        filtered = []
        for label, extra in _typical_filters():
            times = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url, {**period, **extra})
                    times.append(time.perf_counter() - started)
                assert response.status_code == 200, (label, response.status_code)
            filtered.append({"label": label, "ms": 1000 * min(times), "queries": len(queries)})
    return {
        "groups": ProducerGroup.objects.count(),
        "attendance": Attendance.objects.count(),
        "repeat": repeat,
        "rows": rows,
        "page_ms": 1000 * min(seconds),
        "page_queries": len(captured),
        "sql_total_ms": sum(row["sql_ms"] for row in rows),
        "orm_total_ms": sum(row["orm_ms"] for row in rows),
        "filtered_pages": filtered,
    }


def _typical_filters() -> list[tuple[str, dict]]:
    """Country (the one with most groups), commodity (the most grown), level (the top one),
    and the three together."""
    country = Country.objects.annotate(n=Count("producer_groups")).order_by("-n").first()
    commodity = Commodity.objects.annotate(n=Count("producer_groups")).order_by("-n").first()
    level = OrganisationLevel.objects.originals().order_by("rank").last()
    filters = []
    if country:
        filters.append((f"country {country.name}", {"country": country.pk}))
    if commodity:
        filters.append((f"commodity {commodity.name}", {"commodity": commodity.pk}))
    if level:
        filters.append((f"level {level.name}", {"level": level.pk}))
    if country and commodity and level:
        filters.append(
            (
                "country + commodity + level",
                {"country": country.pk, "commodity": commodity.pk, "level": level.pk},
            )
        )
    return filters

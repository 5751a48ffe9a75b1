"""Time each dashboard and the yearly report on the data in the database (issue 8, point 5).

    python manage.py generate_synthetic_data          # 10,000 groups, 1,000,000 attendance rows
    python manage.py benchmark_monitoring --year 2026 --repeat 3
    DATABASE_URL=postgres://…/synth_bench python manage.py benchmark_monitoring

Prints, for the global dashboard (committee), a country dashboard (the platform of the
country with most groups), a group dashboard (a manager of one group), the all-tables
Excel download, and the yearly report (PDF and workbook), the time of each request and
its number of queries. The query counts must not grow with the data; the targets are
under one second per dashboard and under two minutes for the report. Figures, not
pass/fail. It adds three benchmark accounts, and the report it makes is deleted after.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from monitoring import services
from monitoring.management import refuse_production
from monitoring.models import StateOfPlayReport
from organisation_levels.models import ProducerGroup
from reference import roles
from reference.models import Country

DASHBOARD_TARGET_SECONDS = 1.0
REPORT_TARGET_SECONDS = 120.0


class Command(BaseCommand):
    help = "Time the dashboards and the yearly report on the current data (seconds, queries)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2026, help="The period: a whole year.")
        parser.add_argument("--repeat", type=int, default=3, help="Requests per dashboard.")
        parser.add_argument("--skip-report", action="store_true", help="Dashboards only.")
        parser.add_argument(
            "--indicators",
            action="store_true",
            help="Also each indicator beside a hand-written SQL of the same figure (issue 19).",
        )

    def handle(self, *args, year, repeat, skip_report, indicators=False, **options):
        refuse_production()
        if not ProducerGroup.objects.exists():
            raise CommandError("No producer groups: run `manage.py generate_synthetic_data` first.")
        committee, platform, manager, country, group = self._accounts()
        period = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
        url = reverse("monitoring:dashboard")
        table = reverse("monitoring:table_export", args=["all", "xlsx"])
        self.stdout.write(
            f"Monitoring benchmark on {connection.vendor}: "
            f"{ProducerGroup.objects.count():,} groups, year {year}, best and median of {repeat}"
        )
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            for label, user, path in [
                ("Global dashboard (committee)", committee, url),
                (f"Country dashboard: {country.name} (platform)", platform, url),
                (f"Group dashboard: {group.name} (manager)", manager, url),
                ("Every table as Excel (committee)", committee, table),
            ]:
                self._time_page(label, user, path, period, repeat)
            if indicators:
                self._time_indicators(year, repeat)
            if not skip_report:
                self._time_report(year)

    def _accounts(self):
        users = get_user_model().objects
        country = (
            Country.objects.annotate(groups=Count("producer_groups")).order_by("-groups").first()
        )
        group = ProducerGroup.objects.filter(country=country).order_by("pk").first()
        committee, _ = users.get_or_create(username="benchmark-committee")
        committee.groups.add(roles_group(roles.TECHNICAL_COMMITTEE))
        platform, _ = users.get_or_create(username="benchmark-platform")
        platform.groups.set([country.national_platform_group])
        manager, _ = users.get_or_create(username="benchmark-manager")
        manager.groups.add(roles_group(roles.PRODUCER_GROUP_MANAGERS))
        group.managers.add(manager)
        group.save()
        return committee, platform, manager, country, group

    def _time_page(self, label, user, path, period, repeat):
        client = Client()
        client.force_login(user)
        seconds, queries = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path, period)
                seconds.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise CommandError(f"{label}: HTTP {response.status_code}")
            queries.append(len(captured))
        best, median = min(seconds), statistics.median(seconds)
        verdict = "ok" if median < DASHBOARD_TARGET_SECONDS else "OVER the 1 s target"
        self.stdout.write(
            f"  {label:<55} best {best:6.3f} s  median {median:6.3f} s  "
            f"{queries[-1]:3d} queries  {verdict}"
        )

    def _time_indicators(self, year, repeat):
        # The indicator timings load only when --indicators asks for them.
        from monitoring.benchmark import indicator_timings

        figures = indicator_timings(year=year, repeat=repeat)
        self.stdout.write(f"  {'indicator (global)':<53}{'ORM ms':>9}{'SQL ms':>9}{'ratio':>8}")
        for row in figures["rows"]:
            ratio = row["orm_ms"] / max(row["sql_ms"], 0.001)
            same = "same figure" if row["same"] else "DIFFERENT figure"
            self.stdout.write(
                f"  {row['name']:<53}{row['orm_ms']:>9.1f}{row['sql_ms']:>9.1f}"
                f"{ratio:>7.1f}x  {same}"
            )
        orm_total, sql_total = figures["orm_total_ms"], figures["sql_total_ms"]
        self.stdout.write(
            f"  {'total':<53}{orm_total:>9.1f}{sql_total:>9.1f}"
            f"{orm_total / max(sql_total, 0.001):>7.1f}x"
        )
        self.stdout.write(
            f"  global dashboard page: {figures['page_ms']:.0f} ms, "
            f"{figures['page_queries']} queries (target < 500 ms)"
        )
        for page in figures["filtered_pages"]:
            self.stdout.write(
                f"    filtered by {page['label']:<44} {page['ms']:6.0f} ms  "
                f"{page['queries']:3d} queries"
            )

    def _time_report(self, year):
        report = StateOfPlayReport.objects.create(year=year, language="en")
        try:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                services.report_build(report=report)
                seconds = time.perf_counter() - started
            report.refresh_from_db()
            if report.status != "ready":
                raise CommandError(f"The report failed: {report.error}")
            verdict = "ok" if seconds < REPORT_TARGET_SECONDS else "OVER the 2 min target"
            sizes = f"PDF {report.pdf.size // 1024} KB, workbook {report.workbook.size // 1024} KB"
            self.stdout.write(
                f"  {'Yearly state-of-play report, global':<55} {seconds:6.1f} s  "
                f"{len(captured):3d} queries  {sizes}  {verdict}"
            )
        finally:
            for file in (report.pdf, report.workbook):
                if file:
                    file.delete(save=False)
            report.delete()


def roles_group(name):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name)

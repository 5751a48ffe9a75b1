"""Issue 19's table in one run: pages against a bare Django view, queries, worker memory,
HTML sizes and the dashboard's indicators against hand-written SQL.

    python manage.py benchmark_speed                      # what `make bench` runs
    python manage.py benchmark_speed --modules 5 --requests 3 --groups 0   # a quick look
    DATABASE_URL=postgres://…/speed python manage.py benchmark_speed --groups 10000 \
        --farmers 100000 --sessions 100000 --attendance 1000000

A throw-away database is made (a SQLite file, or `test_<name>` on PostgreSQL when
DATABASE_URL says so) and filled with N modules, a signed-in trainer and, with --groups,
synthetic field data (`generate_synthetic_data`). The pages are then served by a second
Python process under the PRODUCTION settings (DEBUG off, the production middleware and
cache, REDIS_URL or CACHE_URL if given with --cache-url), as a gunicorn worker serves them,
through Django's request handler in-process (no network, no wrk: the machine is shared,
so ratios within one run are what count, and CPU time is printed beside wall time).

Ratios are "requests of the page per request of the bare view": 1/2 means the page costs
twice the bare view. Queries are counted on a render that misses the page cache, and on
the request a visitor gets (cached, for anonymous pages). Figures, not pass/fail.
"""

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from content.management.benchmark_database import (
    add_current_database_argument,
    benchmark_database,
)

BENCH_USERNAME = "bench-trainer"
TARGETS = {
    "module page, anonymous": "≥ 1/2",
    "backpack list, anonymous": "≥ 1/2",
    "module page, signed in": "faster than wagtail-lms",
}
QUERY_TARGETS = {
    "backpack list, anonymous": 8,
    "module page, anonymous": 8,
    "module page, signed in": 12,
}


class Command(BaseCommand):
    help = "Print issue 19's speed table: pages vs a bare view, queries, memory, dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--modules", type=int, default=300, help="Modules to create.")
        parser.add_argument("--requests", type=int, default=200, help="Requests per page.")
        parser.add_argument(
            "--groups", type=int, default=0, help="Synthetic producer groups (0: no dashboard)."
        )
        parser.add_argument("--farmers", type=int, default=0, help="Synthetic farmers.")
        parser.add_argument("--sessions", type=int, default=0, help="Synthetic sessions.")
        parser.add_argument("--attendance", type=int, default=0, help="Attendance rows.")
        parser.add_argument("--year", type=int, default=2026, help="The dashboard's year.")
        parser.add_argument(
            "--cache-url", default="", help="redis://… for the worker's cache (else memory)."
        )
        parser.add_argument(
            "--wagtail-lms",
            action="store_true",
            help="Also time wagtail-lms's lesson page signed in, in a throw-away virtualenv.",
        )
        parser.add_argument(
            "--wagtail-lms-venv",
            default=str(Path(tempfile.gettempdir()) / "backpack-bench-wagtail-lms"),
            help="Where that virtualenv is made (kept for the next run).",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Serve the pages in this process with these settings (no production worker).",
        )
        parser.add_argument(
            "--profile",
            default="",
            help="Write a cProfile of the signed-in module page's timed requests to this file.",
        )
        # Internal: the worker process's half of the run.
        parser.add_argument("--worker", default="", help=__import__("argparse").SUPPRESS)
        add_current_database_argument(parser)

    def handle(self, *args, **options):
        if options["worker"]:
            self.stdout.write(json.dumps(run_worker(json.loads(options["worker"]))))
            return
        # Loaded only after the worker branch above, which must not need it.
        from monitoring.management import refuse_production

        refuse_production()
        current = options["current_database"]
        sqlite_file = None
        if connection.vendor == "sqlite" and not current:
            # A file, not memory: the worker process reads the same database.
            sqlite_file = Path(tempfile.mkdtemp(prefix="benchmark-speed-")) / "bench.sqlite3"
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(sqlite_file)
        try:
            with benchmark_database(current=current):
                spec = self._seed(options)
                started = time.perf_counter()
                pages = self._pages(spec, options)
                dashboard = self._dashboard(options) if options["groups"] else None
                peer = self._wagtail_lms(options) if options["wagtail_lms"] else None
                elapsed = time.perf_counter() - started
        finally:
            if sqlite_file is not None:
                sqlite_file.unlink(missing_ok=True)
                sqlite_file.parent.rmdir()
        self._print(options, pages, dashboard, elapsed, peer)

    # --- Seeding ---------------------------------------------------------------------------

    def _seed(self, options):
        # Factories are a development dependency: imported only when the command runs.
        from content.factories import UserFactory
        from content.services import site_structure_ensure
        from modules.factories import TrainingModulePageFactory
        from modules.models import ModulePrerequisite
        from reference import roles
        from reference.models import (
            Commodity,
            NeedArea,
            OrganisationLevel,
            Standard,
            Theme,
        )

        backpack = site_structure_ensure()
        levels = list(OrganisationLevel.objects.all())
        themes = list(Theme.objects.all())
        needs = list(NeedArea.objects.all())[:6]
        standards = list(Standard.objects.all())
        commodities = list(Commodity.objects.all())
        count = max(options["modules"], 4)  # the page, two prerequisites, a follow-up
        created = []
        for n in range(count):
            created.append(
                TrainingModulePageFactory(
                    parent=backpack,
                    title=f"Keeping group records, part {n}",
                    levels=[levels[n % 4], levels[(n + 1) % 4]],
                    themes=[themes[n % len(themes)], themes[(n + 3) % len(themes)]],
                    need_areas=needs[n % len(needs) : n % len(needs) + 1] if needs else [],
                    standards=[standards[n % len(standards)]] if standards and n % 3 else [],
                    commodities=[commodities[n % len(commodities)]] if commodities else [],
                )
            )
        module = created[len(created) // 2]
        # Two prerequisites and one module it leads to, as a real module has.
        module.prerequisite_links = [
            ModulePrerequisite(prerequisite=created[0]),
            ModulePrerequisite(prerequisite=created[1]),
        ]
        module.save_revision().publish()
        follow_up = created[-1]
        follow_up.prerequisite_links = [ModulePrerequisite(prerequisite=module)]
        follow_up.save_revision().publish()
        UserFactory(username=BENCH_USERNAME, groups=[roles.TRAINERS])
        if options["groups"]:
            call_command(
                "generate_synthetic_data",
                groups=options["groups"],
                farmers=options["farmers"] or options["groups"] * 10,
                sessions=options["sessions"] or options["groups"] * 10,
                attendance=options["attendance"] or options["groups"] * 100,
                year=options["year"],
                verbosity=0,
                stdout=open(os.devnull, "w"),  # noqa: SIM115  (closed with the process)
            )
        return {
            "module_url": module.url,
            "backpack_url": backpack.url,
            "username": BENCH_USERNAME,
            "requests": options["requests"],
            "profile": str(Path(options["profile"]).resolve()) if options["profile"] else "",
        }

    # --- Pages, in a worker under production settings ------------------------------------

    def _pages(self, spec, options):
        if options["in_process"]:
            return run_worker(spec)
        database = connection.settings_dict
        if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(database["NAME"]):
            # The suite's test database (--current-database) lives in this process's memory:
            # the worker reads a copy of it, taken once the seed is committed.
            copy = Path(tempfile.mkdtemp(prefix="benchmark-speed-")) / "copy.sqlite3"
            try:
                return self._worker(spec, options, f"sqlite:///{copy}", sqlite_copy=copy)
            finally:
                copy.unlink(missing_ok=True)
                copy.parent.rmdir()
        if connection.vendor == "sqlite":
            url = f"sqlite:///{database['NAME']}"
        else:
            url = (
                f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
                f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
            )
        return self._worker(spec, options, url)

    def _worker(self, spec, options, url, *, sqlite_copy=None):
        """The pages served by a worker process under the production settings."""
        if sqlite_copy is not None:
            connection.ensure_connection()
            with sqlite3.connect(sqlite_copy) as target:
                connection.connection.backup(target)
            target.close()
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "curriculum_site.settings.production",
            "SECRET_KEY": "benchmark-only-secret",
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": url,
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
        for name in ("CACHE_URL", "REDIS_URL", "SENTRY_DSN", "CELERY_BROKER_URL"):
            environment.pop(name, None)
        if options["cache_url"]:
            environment["CACHE_URL"] = options["cache_url"]
        result = subprocess.run(
            [sys.executable, "manage.py", "benchmark_speed", "--worker", json.dumps(spec)],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if result.returncode != 0:
            raise CommandError(f"The worker process failed:\n{result.stderr[-4000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    # --- wagtail-lms, the peer issue 19 compares with --------------------------------------

    def _wagtail_lms(self, options):
        """wagtail-lms's lesson page timed in a virtualenv of its own (wagtail-lms from PyPI
        with the Wagtail and Django it asks for), never a dependency of Backpack; the
        virtualenv is kept for the next run."""
        venv = Path(options["wagtail_lms_venv"])
        python = venv / "bin" / "python"
        if not python.exists():
            self.stderr.write(f"Installing wagtail-lms into {venv} (once)…")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", "wagtail-lms"],
                check=True,
                capture_output=True,
            )
        folder = Path(settings.BASE_DIR) / "scripts" / "wagtail_lms_bench"
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
        }
        result = subprocess.run(
            [str(python), "run.py", str(options["requests"])],
            cwd=folder,
            env=environment,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if result.returncode != 0:
            raise CommandError(f"The wagtail-lms run failed:\n{result.stderr[-4000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def _print_peer(self, pages, peer):
        write = self.stdout.write
        bare, lesson = peer["rows"]
        ours_bare = pages["rows"][0]
        ours = next(row for row in pages["rows"] if row["name"] == "module page, signed in")
        write(
            f"wagtail-lms {peer['version']} (Wagtail {peer['wagtail']}, its own process, "
            "DEBUG off, local-memory cache, SQLite):"
        )
        write(f"  {'bare Django view (theirs)':<42}{bare['wall_ms']:>9.2f}{bare['cpu_ms']:>9.2f}")
        ratio = lesson["cpu_ms"] / bare["cpu_ms"] if bare["cpu_ms"] else 0
        write(
            f"  {'lesson page, signed in, enrolled':<42}{lesson['wall_ms']:>9.2f}"
            f"{lesson['cpu_ms']:>9.2f}{'1/' + format(ratio, '.1f'):>9}{lesson['queries']:>9}"
        )
        ours_ratio = ours["cpu_ms"] / ours_bare["cpu_ms"] if ours_bare["cpu_ms"] else 0
        write(
            f"  Backpack's signed-in module page: {ours['cpu_ms']:.2f} CPU ms "
            f"({ours['cpu_ms'] / max(lesson['cpu_ms'], 0.001):.2f}x wagtail-lms's), "
            f"1/{ours_ratio:.1f} of its bare view against wagtail-lms's 1/{ratio:.1f}; "
            f"memory after load {peer['rss_mib']:.0f} MiB (theirs) and "
            f"{pages['rss_mib']:.0f} MiB (ours)"
        )

    # --- Dashboard --------------------------------------------------------------------------

    def _dashboard(self, options):
        # The monitoring benchmark's code loads only when its figures are asked for.
        from monitoring.benchmark import indicator_timings

        return indicator_timings(year=options["year"], repeat=3)

    # --- The table --------------------------------------------------------------------------

    def _print(self, options, pages, dashboard, elapsed, peer=None):
        write = self.stdout.write
        write(
            f"Speed benchmark (issue 19): {options['modules']} modules, "
            f"{options['requests']} requests per page, {connection.vendor}, "
            f"worker: {pages['settings']}, cache: {pages['cache']}"
        )
        bare = pages["rows"][0]
        header = (
            f"{'page':<44}{'wall ms':>9}{'CPU ms':>9}{'vs bare':>9}"
            f"{'queries':>9}{'served':>8}  target"
        )
        write(header)
        for row in pages["rows"]:
            ratio = row["cpu_ms"] / bare["cpu_ms"] if bare["cpu_ms"] else 0
            target = TARGETS.get(row["name"], "")
            if row["name"] in QUERY_TARGETS:
                target = f"{target}, ≤ {QUERY_TARGETS[row['name']]} queries".lstrip(", ")
            write(
                f"{row['name']:<44}{row['wall_ms']:>9.2f}{row['cpu_ms']:>9.2f}"
                f"{'1/' + format(ratio, '.1f'):>9}{row['queries_rendered']:>9}"
                f"{row['queries_served']:>8}  {target}"
            )
        write(
            f"HTML of the module page: {pages['html_bytes']:,} bytes uncompressed, "
            f"{pages['html_gzip_bytes']:,} bytes as sent to a browser asking for gzip "
            f"(Content-Encoding: {pages['html_encoding'] or 'none'})"
        )
        write(
            f"Worker memory after load: {pages['rss_mib']:.0f} MiB resident "
            f"(peak {pages['peak_mib']:.0f} MiB; at start-up {pages['startup_mib']:.0f} MiB); "
            "target ≤ 150 MiB"
        )
        if peer:
            self._print_peer(pages, peer)
        if dashboard:
            write(
                f"Dashboard at {dashboard['groups']:,} groups / {dashboard['attendance']:,} "
                f"attendance rows, year {options['year']} (best of {dashboard['repeat']}):"
            )
            write(f"{'  indicator':<44}{'ORM ms':>9}{'SQL ms':>9}{'ratio':>8}  same figure")
            for row in dashboard["rows"]:
                write(
                    f"{'  ' + row['name']:<44}{row['orm_ms']:>9.1f}{row['sql_ms']:>9.1f}"
                    f"{row['orm_ms'] / max(row['sql_ms'], 0.001):>7.1f}x  "
                    f"{'yes' if row['same'] else 'NO'}"
                )
            write(
                f"  global dashboard page (committee): {dashboard['page_ms']:.0f} ms, "
                f"{dashboard['page_queries']} queries; target < 500 ms and ≤ 2x the SQL "
                f"({dashboard['sql_total_ms']:.0f} ms in all)"
            )
        write(f"({elapsed:.0f} s)")


def _rss():
    """Resident and peak memory of this process, in MiB (Linux)."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def run_worker(spec: dict) -> dict:
    """Serve each page `requests` times through Django's handler, in this process."""
    # The worker process imports what it serves once its settings are chosen.
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from content.bench_urls import BARE_VIEW_PATH

    startup_mib, _ = _rss()
    overrides = {"ROOT_URLCONF": "content.bench_urls", "ALLOWED_HOSTS": ["localhost"]}
    if settings.STORAGES["staticfiles"]["BACKEND"].endswith("ManifestStaticFilesStorage"):
        # No collectstatic in a throw-away run: plain static addresses.
        overrides["STORAGES"] = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    user = get_user_model().objects.get(username=spec["username"])
    anonymous = Client(SERVER_NAME="localhost")
    signed_in = Client(SERVER_NAME="localhost")
    signed_in.force_login(user)
    pages = [
        ("bare Django view", BARE_VIEW_PATH, anonymous),
        ("module page, anonymous", spec["module_url"], anonymous),
        ("backpack list, anonymous", spec["backpack_url"], anonymous),
        ("module page, signed in", spec["module_url"], signed_in),
    ]
    rows = []
    with override_settings(**overrides):
        cache.clear()
        for name, url, client in pages:
            for _ in range(3):  # warm-up: templates, the site root, the page cache
                _get(client, url)
            wall = cpu = 0.0
            profiler = None
            if spec.get("profile") and name == "module page, signed in":
                # Loaded only when asked for: a profile of where this page's CPU goes.
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            for _ in range(spec["requests"]):
                started, started_cpu = time.perf_counter(), time.process_time()
                _get(client, url)
                wall += time.perf_counter() - started
                cpu += time.process_time() - started_cpu
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(spec["profile"])
            with CaptureQueriesContext(connection) as served:
                _get(client, url)
            with (
                override_settings(BACKPACK_PAGE_CACHE_SECONDS=0),
                CaptureQueriesContext(connection) as rendered,
            ):
                _get(client, url)
            counts = len(rendered), len(served)
            reset_queries()  # the log of the captures above, not kept for the next page
            rows.append(
                {
                    "name": name,
                    "wall_ms": 1000 * wall / spec["requests"],
                    "cpu_ms": 1000 * cpu / spec["requests"],
                    "queries_rendered": counts[0],
                    "queries_served": counts[1],
                }
            )
        plain = _get(anonymous, spec["module_url"])
        compressed = _get(anonymous, spec["module_url"], HTTP_ACCEPT_ENCODING="gzip")
    rss, peak = _rss()
    return {
        "settings": settings.SETTINGS_MODULE.rsplit(".", 1)[-1],
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "rows": rows,
        "html_bytes": len(plain.content),
        "html_gzip_bytes": len(compressed.content),
        "html_encoding": compressed.get("Content-Encoding", ""),
        "rss_mib": rss,
        "peak_mib": peak,
        "startup_mib": startup_mib,
        # For the suite: which of the modules it names this worker loaded (none printed).
        "loaded": [name for name in spec.get("watch", ()) if _loaded(name)],
    }


def _loaded(name: str) -> bool:
    # A module imported lazily (curriculum_site/lazy_modules.py) is listed in sys.modules
    # but not yet run: its type becomes a plain module only once it is loaded.
    return type(sys.modules.get(name)) is ModuleType


def _get(client, url, **headers):
    response = client.get(url, **headers)
    if response.status_code != 200:
        raise CommandError(f"{url}: HTTP {response.status_code}")
    return response


def median(values):
    return statistics.median(values) if values else 0.0

"""Issue 19's H5P figure: from "Start activity" to an activity one can answer, in a real
browser on a slow connection (1.6 Mbps down and up, 150 ms latency by default).

    python manage.py benchmark_h5p --package ../shared/h5p-samples/H5P.MultiChoice.h5p
    python manage.py benchmark_h5p --static-root /tmp/bench-static   # reuse collected files

A throw-away SQLite database and private-file folder get one published module with the
package in it. The site is served by gunicorn under the PRODUCTION settings (WhiteNoise's
compressed, hashed static files, collected once into --static-root, the compression
middleware, the player's headers), on 127.0.0.1. Debian's Chromium, driven by Playwright,
opens the module page with the connection slowed through the DevTools protocol
(`Network.emulateNetworkConditions`, on the page and on the player's frame, which Chromium
may run in a process of its own), then clicks "Start activity" and waits until the
activity's answers are on screen. Printed: the time from the click, the requests the
player made and how many of them were waited for one after another. A first visit has an
empty browser cache; a second visit is the same person coming back (a new page, the cache
kept). Figures, not pass/fail: a shared machine's timings vary, the slowed network
dominates them.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from content.management.benchmark_database import benchmark_database

CHROMIUM = "/usr/bin/chromium"
# The player's sandboxed frame kept in the page's process, so that the page's throttle
# applies to it from its first request (a frame in a process of its own is throttled once
# attached, below, which may miss the frame's own document).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-features=IsolateSandboxedIframes",
]
# What tells that the activity can be answered: H5P's question types put their answers
# in .h5p-question-content, a presentation its slides in .h5p-slide.
READY_SELECTOR = ".h5p-question-content, .h5p-slide, .h5p-content.h5p-initialized > *"


class Command(BaseCommand):
    help = "Time H5P's Start → interactive in Chromium on a slowed connection (issue 19)."

    def add_arguments(self, parser):
        parser.add_argument("--package", default="", help="An .h5p file (else the demo quiz).")
        parser.add_argument("--latency", type=float, default=150, help="Round trip, ms.")
        parser.add_argument(
            "--throughput", type=int, default=200_000, help="Bytes per second, each way."
        )
        parser.add_argument("--runs", type=int, default=3, help="First visits to time.")
        parser.add_argument(
            "--static-root", default="", help="Collected static files to reuse (else collected)."
        )
        parser.add_argument("--verbose-requests", action="store_true", help="List requests.")

    def handle(self, *args, **options):
        # Loaded when the benchmark runs, not when manage.py lists its commands (as the other
        # benchmark commands do).
        from monitoring.management import refuse_production

        refuse_production()
        if connection.vendor != "sqlite":
            raise CommandError("benchmark_h5p measures on a throw-away SQLite file.")
        if not Path(CHROMIUM).exists():
            raise CommandError(f"{CHROMIUM} is missing (Debian's chromium package).")
        work = Path(tempfile.mkdtemp(prefix="benchmark-h5p-"))
        static_root = Path(options["static_root"] or work / "static")
        database = work / "bench.sqlite3"
        private = work / "private"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(database)
        try:
            with benchmark_database(current=False):
                storages = {
                    **settings.STORAGES,
                    "private": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": str(private)},
                    },
                    "default": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": str(work / "media")},
                    },
                }
                with override_settings(STORAGES=storages):
                    module_url = self._seed(options)
                connection.close()  # the server reads the file
                environment = self._environment(database, private, work, static_root)
                if not (static_root / "staticfiles.json").exists():
                    self.stderr.write(f"Collecting static files into {static_root} (minutes)…")
                    self._manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
                with _server(environment) as base_url:
                    results = _measure(base_url + module_url, options)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        self._print(options, results)

    def _seed(self, options):
        # Loaded when the benchmark seeds its database: the H5P services pull in the package
        # validator, which no other path of this command needs.
        from content.services import site_structure_ensure
        from h5p.demo_package import knowledge_check_upload
        from h5p.services import h5p_activity_create
        from modules.factories import TrainingModulePageFactory, module_body

        if options["package"]:
            path = Path(options["package"])
            upload = SimpleUploadedFile(path.name, path.read_bytes(), "application/zip")
        else:
            upload = knowledge_check_upload()
        activity = h5p_activity_create(upload=upload, uploaded_by=None)
        module = TrainingModulePageFactory(
            parent=site_structure_ensure(),
            title="Keeping group records",
            body=[*module_body(), {"type": "h5p_activity", "value": {"activity": activity.pk}}],
        )
        module.save_revision().publish()
        return module.url

    def _environment(self, database, private, work, static_root):
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("CACHE_URL", "REDIS_URL", "SENTRY_DSN", "CELERY_BROKER_URL")
        }
        return environment | {
            "DJANGO_SETTINGS_MODULE": "curriculum_site.settings.benchmark",
            "BENCHMARK_STATIC_ROOT": str(static_root),
            "BENCHMARK_MEDIA_ROOT": str(work / "media"),
            "SECRET_KEY": "benchmark-only-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{database}",
            "PRIVATE_MEDIA_ROOT": str(private),
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }

    def _manage(self, environment, *arguments):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(result.stderr[-3000:])

    def _print(self, options, results):
        write = self.stdout.write
        write(
            f"H5P Start → interactive (issue 19), Chromium, {options['throughput'] * 8 / 1e6:.1f} "
            f"Mbps, {options['latency']:.0f} ms latency, gunicorn under production settings"
        )
        for label, runs in (("first visit", results["first"]), ("second visit", results["again"])):
            times = sorted(run["in_page_ms"] for run in runs)
            seen = sorted(run["ms"] for run in runs)
            run = runs[0]
            write(
                f"  {label:<13} {times[len(times) // 2]:>6.0f} ms from the click to the "
                f"activity started, in the page (median of {len(times)}: "
                f"{', '.join(f'{t:.0f}' for t in times)}); {seen[len(seen) // 2]:.0f} ms until "
                f"Playwright saw it; {run['requests']} requests after the click, "
                f"{run['sequential']} one after another, {run['bytes'] / 1024:.0f} KB; "
                "target < 1000 ms"
            )
            if options["verbose_requests"]:
                for line in run["log"]:
                    write(f"      {line}")


class _server:
    """gunicorn on a free local port, stopped (its process group) on leaving."""

    def __init__(self, environment):
        self.environment = environment

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "curriculum_site/gunicorn.conf.py",
            ],
            cwd=settings.BASE_DIR,
            env=self.environment | {"HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn stopped:\n{self.process.stderr.read()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start within two minutes.")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.stderr.close()


def _measure(url, options):
    from playwright.sync_api import sync_playwright

    conditions = {
        "offline": False,
        "latency": options["latency"],
        "downloadThroughput": options["throughput"],
        "uploadThroughput": options["throughput"],
    }
    results = {"first": [], "again": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            # A warm-up visit: gunicorn's workers import their views and read their caches.
            _play(browser.new_context(), url, conditions, None)
            for _ in range(max(options["runs"], 1)):
                context = browser.new_context()
                results["first"].append(_play(context, url, conditions, None))
                results["again"].append(_play(context, url, conditions, None))
                context.close()
        finally:
            browser.close()
    return results


def _throttle(session, conditions):
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", conditions)


def _play(context, url, conditions, _unused):
    page = context.new_page()
    _throttle(context.new_cdp_session(page), conditions)
    # The player's frame is sandboxed: Chromium may run it in a process of its own, which
    # the page's throttle does not reach. Each such frame gets the same conditions.
    page.on(
        "frameattached",
        lambda frame: _throttle_frame(context, frame, conditions),
    )
    page.goto(url, wait_until="load")
    # A learner reads the page before starting: whatever it fetches at idle (the player's
    # files, decision 0037) is in before the click, as it would be after a few seconds.
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    # The frame's messages to the page (ready, started…), timed in the page's clock.
    page.evaluate(
        """window.__benchMessages = [];
        document.addEventListener("click", () => {
          window.__benchMessages.push(["click", Date.now()]);
        }, { capture: true, once: true });
        window.addEventListener("message", (event) => {
          if (event.data && event.data.type) {
            window.__benchMessages.push([event.data.type, Date.now()]);
          }
        });"""
    )
    clicked_at = page.evaluate("Date.now()")
    started = time.perf_counter()
    page.get_by_role("button", name="Start activity").first.click()
    frame = page.frame_locator("iframe.block-h5p__frame")
    frame.locator(READY_SELECTOR).first.wait_for(state="visible", timeout=60_000)
    elapsed = 1000 * (time.perf_counter() - started)
    log, spans, total = [], [], 0
    # The page's own clock, from the click event to the frame's "started" (H5P attached
    # the activity): what a learner waits, without Playwright's own steps around it.
    moments = dict(reversed(page.evaluate("window.__benchMessages")))
    in_page = moments["started"] - moments["click"] if {"click", "started"} <= moments.keys() else 0
    for kind in ("click", "ready", "started"):
        if kind in moments:
            log.append(f"{moments[kind] - clicked_at:>7.0f} ms  {kind}")
    for request in requests:
        timing = request.timing
        size = request.sizes()["responseBodySize"] if request.response() else 0
        total += size
        start = timing["startTime"]
        end = start + max(timing["responseEnd"], 0)
        spans.append((start, end))
        log.append(
            f"{start - clicked_at:>7.0f} ms +{timing['responseEnd']:>5.0f} ms {size:>8} B "
            f"{request.url[-80:]}"
        )
    page.close()
    return {
        "ms": elapsed,
        "in_page_ms": in_page,
        "requests": len(requests),
        "sequential": _chain_length(spans),
        "bytes": total,
        "log": sorted(log, key=lambda line: float(line.split()[0])),
    }


def _throttle_frame(context, frame, conditions):
    # A frame in the page's process has no session of its own: the page's throttle holds.
    with contextlib.suppress(Exception):
        _throttle(context.new_cdp_session(frame), conditions)


def _chain_length(spans):
    """The longest chain of requests each started after the previous one ended: the round
    trips waited for one after another."""
    spans = sorted(spans)
    longest = {}
    for index, (start, _end) in enumerate(spans):
        before = [longest[i] for i in range(index) if spans[i][1] <= start]
        longest[index] = 1 + max(before, default=0)
    return max(longest.values(), default=0)

"""The size and time of a trainer's offline kit (issue 18; decision 0023), in a throw-away database.

    python manage.py benchmark_field_kit --modules 20 --farmers 30 --languages 2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python manage.py benchmark_field_kit
    python manage.py benchmark_field_kit --h5p-package ../shared/h5p-samples/H5P.MultiChoice.h5p

A group with N published modules on its level path (and some for another level, which
the phone does not keep), a roster of M farmers and an improvement plan; the trainer,
also the group's manager, signs in and the phone downloads what it keeps offline: the
app (shell, worker, manifest, scripts, style, icons) in each language of the country,
the first full sync (groups, roster, modules), the group work (rubric, plan items), then
the offline content of each module on the group's path (issue 18, point 1), then the
files of each H5P activity in those modules and h5p-standalone's own files, which the app
keeps once (decision 0033-h5p-offline). Each module holds `--h5p` activities (one by
default): Backpack's knowledge check, or the package given by `--h5p-package` (a hub
export, say), uploaded once per activity as authors do. Prints bytes and seconds per
part, and the module pages as the site serves them for comparison. The benchmark's
modules have no images, so none are counted. Figures, not pass/fail.
"""

import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from content.management.benchmark_database import (
    add_current_database_argument,
    benchmark_database,
)
from content.services import site_structure_ensure
from reference import roles
from training_delivery.models import DeviceToken


class Command(BaseCommand):
    help = "Print the download size and time of a trainer's offline kit for one group."

    def add_arguments(self, parser):
        parser.add_argument("--modules", type=int, default=20, help="Modules on the path.")
        parser.add_argument("--farmers", type=int, default=30, help="Farmers on the roster.")
        parser.add_argument(
            "--off-path", type=int, default=5, help="Modules for another level: not kept."
        )
        parser.add_argument(
            "--languages", type=int, default=2, help="Languages of the country (1 to 7)."
        )
        parser.add_argument(
            "--h5p", type=int, default=1, help="H5P activities in each module (0 for none)."
        )
        parser.add_argument(
            "--h5p-package",
            type=Path,
            default=None,
            help="An .h5p file for the activities (default: Backpack's knowledge check).",
        )
        add_current_database_argument(parser)

    def handle(self, *args, modules, farmers, languages, off_path, h5p, h5p_package, **options):
        if h5p_package is not None and not h5p_package.is_file():
            raise CommandError(f"--h5p-package: no file at {h5p_package}")
        with (
            benchmark_database(current=options["current_database"]),
            override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]),
        ):
            rows = self._measure(
                modules=modules,
                farmers=farmers,
                languages=languages,
                off_path=off_path,
                h5p=max(0, h5p),
                h5p_package=h5p_package,
            )
        self.stdout.write(
            f"Offline kit benchmark: 1 group, {modules} modules, {farmers} farmers, "
            f"{languages} language(s), {max(0, h5p)} H5P activity(ies) per module, "
            f"{connection.vendor}"
        )
        self.stdout.write(f"{'part':<44}{'requests':>9}{'bytes':>12}{'seconds':>9}")
        total_bytes = total_seconds = total_requests = 0
        for name, requests, size, seconds in rows:
            self.stdout.write(f"{name:<44}{requests:>9}{size:>12}{seconds:>9.2f}")
            if not name.startswith("("):
                total_bytes += size
                total_seconds += seconds
                total_requests += requests
        self.stdout.write(
            f"{'kit kept offline (total)':<44}{total_requests:>9}{total_bytes:>12}"
            f"{total_seconds:>9.2f}"
        )

    def _measure(self, *, modules, farmers, languages, off_path, h5p, h5p_package):
        # Factories (a development dependency) load only when the benchmark runs.
        from wagtail.models import Locale

        from content.factories import UserFactory
        from h5p.demo_package import knowledge_check_upload
        from h5p.services import h5p_activity_create
        from modules.factories import TrainingModulePageFactory, module_body
        from organisation_levels.factories import (
            ImprovementCycleFactory,
            ImprovementItemFactory,
            ProducerGroupFactory,
        )
        from reference.models import OrganisationLevel
        from training_delivery.factories import FarmerFactory
        from training_delivery.views import _precache_urls, _static_names

        def upload():
            if h5p_package is None:
                return knowledge_check_upload(title="Benchmark knowledge check")
            return SimpleUploadedFile(h5p_package.name, h5p_package.read_bytes())

        backpack = site_structure_ensure()
        pages = []
        for number in range(modules):
            page = TrainingModulePageFactory(
                parent=backpack, code=f"BM-{number:02d}", title=f"Benchmark module {number}"
            )
            # Each module its own activities, as authors place them (libraries are stored
            # once by the site, but the phone downloads each activity's files).
            activities = [
                h5p_activity_create(upload=upload(), uploaded_by=None) for _ in range(h5p)
            ]
            if activities:
                page.body = [
                    *module_body(),
                    *({"type": "h5p_activity", "value": {"activity": a.pk}} for a in activities),
                ]
            page.save_revision().publish()
            pages.append(page)
        moderate = OrganisationLevel.objects.originals().order_by("rank")[1]
        for number in range(off_path):
            page = TrainingModulePageFactory(
                parent=backpack,
                code=f"BX-{number:02d}",
                title=f"Module for another level {number}",
                levels=[moderate],
            )
            page.save_revision().publish()
        group = ProducerGroupFactory(name="Benchmark group")
        cycle = ImprovementCycleFactory(group=group)
        for number in range(10):
            ImprovementItemFactory(cycle=cycle, description=f"Benchmark plan item {number}")
        codes = ["en", "fr", "pt", "id", "th", "vi", "my"][: max(1, min(languages, 7))]
        for code in codes:
            locale, _created = Locale.objects.get_or_create(language_code=code)
            group.country.languages.add(locale)
        trainer = UserFactory(username="benchmark-trainer", groups=[roles.TRAINERS])
        group.trainers.add(trainer)
        group.managers.add(trainer)  # so the kit holds the group work too
        group.save()
        for number in range(farmers):
            FarmerFactory(group=group, member_code=f"F-{number:04d}")
        _device, key = DeviceToken.issue(user=trainer, name="benchmark")
        client = Client(HTTP_AUTHORIZATION=f"Token {key}")

        rows = []
        for code in codes:
            with translation.override(code):
                started, size, requests = time.perf_counter(), 0, 0
                for url in _precache_urls(code):
                    if url.startswith("/static/"):
                        continue
                    size += len(client.get(url).content)
                    requests += 1
                prefix = "" if code == "en" else f"/{code}"
                size += len(client.get(f"{prefix}/trainer/sw.js").content)
                requests += 1
                static_size = 0
                for name in _static_names(code):
                    path = finders.find(name)
                    if path:
                        with open(path, "rb") as file:
                            static_size += len(file.read())
                        requests += 1
                rows.append(
                    (
                        f"app in {code} (pages + static files)",
                        requests,
                        size + static_size,
                        time.perf_counter() - started,
                    )
                )
        started = time.perf_counter()
        sync = client.get("/api/v1/sync/")
        rows.append(
            (
                "first sync (groups, roster, modules)",
                1,
                len(sync.content),
                time.perf_counter() - started,
            )
        )
        started = time.perf_counter()
        work = client.get("/api/v1/group-work/")
        rows.append(
            ("group work (rubric, plan items)", 1, len(work.content), time.perf_counter() - started)
        )
        # What the phone keeps: the modules of the group's level path (js/modules.js).
        path = set(sync.json()["groups"][0]["path"])
        kept = [page for page in pages if str(page.translation_key) in path]
        started, size, activities = time.perf_counter(), 0, {}
        for page in kept:
            offline = client.get(f"/api/v1/modules/{page.pk}/offline/")
            size += len(offline.content)
            activities[page.pk] = offline.json().get("h5p", [])
        rows.append(
            (
                "modules on the path kept offline",
                len(kept),
                size,
                time.perf_counter() - started,
            )
        )
        # Their H5P activities (js/h5p-offline.js, h5pKeep): one JSON document of base64
        # files each, each library version the phone lacks (kept once, however many
        # activities play it), then h5p-standalone's own files, which the app keeps once.
        started, size, requests, player, libraries_kept = time.perf_counter(), 0, 0, {}, set()
        for module_id, ids in activities.items():
            for activity_id in ids:
                address = f"/api/v1/modules/{module_id}/h5p/{activity_id}/"
                response = client.get(address)
                size += len(response.content)
                requests += 1
                player = response.json()["player"]
                for name in sorted(set(response.json()["library_versions"].values())):
                    if name in libraries_kept:
                        continue
                    size += len(client.get(f"{address}libraries/{name}/").content)
                    requests += 1
                    libraries_kept.add(name)
        for url in player.values():
            path = finders.find(url.split(settings.STATIC_URL, 1)[-1])
            if path:
                size += Path(path).stat().st_size
                requests += 1
        rows.append(
            (
                "H5P activities of those modules (+ player)",
                requests,
                size,
                time.perf_counter() - started,
            )
        )
        started, size = time.perf_counter(), 0
        page_client = Client()
        for page in pages:
            size += len(page_client.get(page.url).content)
        rows.append(
            (
                "(the same modules as site pages)",
                len(pages),
                size,
                time.perf_counter() - started,
            )
        )
        return rows

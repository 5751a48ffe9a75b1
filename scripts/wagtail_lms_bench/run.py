"""wagtail-lms's lesson page, signed in and enrolled, timed as `benchmark_speed` times
Backpack's pages (Django's handler in-process, CPU and wall time per request, against a
bare view in the same process), and this process's memory after load. Prints JSON.

    <venv with wagtail-lms>/bin/python run.py REQUESTS   (cwd: this folder)"""

import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
work = tempfile.mkdtemp(prefix="lms-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
os.environ["LMS_BENCH_DB"] = os.path.join(work, "lms.sqlite3")
os.environ["LMS_BENCH_MEDIA"] = os.path.join(work, "media")


def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


def main(requests):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page, Site
    from wagtail_lms.models import CourseEnrollment, CoursePage, H5PLessonPage

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = root.get_children().first()
    paragraph = (
        "<p>Group records keep the members, their plots and what was agreed at each "
        "meeting; a trainer checks them with the group every season.</p>" * 6
    )
    course = home.add_child(instance=CoursePage(title="Keeping group records", slug="records"))
    lesson = course.add_child(
        instance=H5PLessonPage(
            title="Keeping group records, part 1",
            slug="part-1",
            intro=paragraph,
            body=[("paragraph", paragraph)] * 4,
        )
    )
    Site.objects.update(hostname="localhost")
    user = get_user_model().objects.create_user("bench-learner", password="x")
    CourseEnrollment.objects.create(user=user, course=course)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    startup = rss()
    rows = []
    for name, url in (("bare Django view", "/bench-bare/"), ("lesson page", lesson.url)):
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        wall = cpu = 0.0
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        rows.append(
            {
                "name": name,
                "wall_ms": 1000 * wall / requests,
                "cpu_ms": 1000 * cpu / requests,
                "queries": len(queries),
                "html_bytes": len(response.content),
            }
        )
    import wagtail_lms

    print(
        json.dumps(
            {
                "rows": rows,
                "rss_mib": rss(),
                "startup_mib": startup,
                "version": getattr(wagtail_lms, "__version__", ""),
                "wagtail": django.apps.apps.get_app_config("wagtailcore").module.__version__,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

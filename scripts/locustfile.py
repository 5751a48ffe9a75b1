"""The load benchmark's users (locust; run by scripts/load-benchmark, decision 0018).

Three kinds of people, each waiting 1 to 3 seconds between requests as a person or the
trainer app would:

- public visitors (half): the home page, the backpack, a module page;
- signed-in group managers (a quarter): a module page and their group's page;
- the trainer app (a quarter), with the trainer's token: the sync download, and an upload
  of one new session (a new UUID each time, with attendance: a real write, not a replay).

Request names start with their group ("public", "signed-in", "sync API"); at the end the
figures of each group are written as JSON to BENCH_RESULTS. The benchmark script passes
what it found on the stack in BENCH_* variables.
"""

import datetime
import json
import os
import random
import uuid

from locust import HttpUser, between, events, task
from locust.stats import StatsEntry
from production_stack import DEMO_PASSWORD, SECURE_PROXY

GROUPS = ("public", "signed-in", "sync API")


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers.update(SECURE_PROXY)
        self.client.headers["Referer"] = f"https://{self.host.split('://', 1)[1]}/"

    def secure_cookies(self):
        """The site's cookies are Secure; this hop stands for HTTPS, so send them anyway."""
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.client.cookies)
        self.client.headers["Cookie"] = cookies


class PublicVisitor(Person):
    weight = 2

    @task(2)
    def home(self):
        self.client.get("/", name="public: home")

    @task(2)
    def backpack(self):
        self.client.get("/backpack/", name="public: backpack")

    @task(3)
    def module(self):
        self.client.get(os.environ["BENCH_MODULE_URL"], name="public: module page")


class GroupManager(Person):
    weight = 1

    def on_start(self):
        super().on_start()
        self.client.get("/accounts/login/", name="setup: sign in form")
        self.secure_cookies()
        self.client.post(
            "/accounts/login/",
            data={
                "username": "manager",
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="setup: sign in",
        )
        self.secure_cookies()

    @task
    def module(self):
        self.client.get(os.environ["BENCH_MODULE_URL"], name="signed-in: module page")

    @task
    def group(self):
        self.client.get(f"/groups/{os.environ['BENCH_GROUP']}/", name="signed-in: group page")


class TrainerApp(Person):
    weight = 1

    def on_start(self):
        super().on_start()
        self.client.headers["Authorization"] = f"Token {os.environ['BENCH_TOKEN']}"
        self.codes = os.environ["BENCH_MEMBER_CODES"].split(",")

    @task(2)
    def download(self):
        self.client.get("/api/v1/sync/", name="sync API: download")

    @task(1)
    def upload(self):
        attendees = random.sample(self.codes, k=min(len(self.codes), random.randint(3, 8)))
        session = {
            "uuid": str(uuid.uuid4()),
            "group": int(os.environ["BENCH_GROUP"]),
            "date": datetime.date.today().isoformat(),
            "starts_at": "09:00",
            "ends_at": "11:00",
            "method": "farmer-field-school",
            "language": "en",
            "modules": [{"id": int(os.environ["BENCH_MODULE_ID"])}],
            "attendance": [
                {"member_code": code, "pre_score": 40, "post_score": 70} for code in attendees
            ],
        }
        with self.client.post(
            "/api/v1/sessions/",
            json={"sessions": [session]},
            name="sync API: upload",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and response.json().get("accepted") != 1:
                response.failure(f"session not accepted: {response.text[:300]}")


@events.test_stop.add_listener
def write_results(environment, **kwargs):
    stats = environment.stats
    groups = {}
    for name in GROUPS:
        combined = StatsEntry(stats, name, "")
        for entry in stats.entries.values():
            if entry.name.startswith(f"{name}:"):
                combined.extend(entry)
        groups[name] = _figures(combined)
    results = {
        "groups": groups,
        "total": _figures(stats.total),
        "errors": [
            {"name": error.name, "error": str(error.error), "count": error.occurrences}
            for error in stats.errors.values()
        ],
    }
    with open(os.environ["BENCH_RESULTS"], "w") as output:
        json.dump(results, output, indent=1)


def _figures(entry: StatsEntry) -> dict:
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "rps": entry.total_rps,
        "p50_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else None,
        "p99_ms": entry.get_response_time_percentile(0.99) if entry.num_requests else None,
    }

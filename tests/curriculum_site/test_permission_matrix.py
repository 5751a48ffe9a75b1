"""Every role of two countries against every URL of the site (issue 14, point 6).

The URLs come from the URL configuration itself (permission_matrix/urls.py), so a new
view cannot be forgotten: a pattern no rule classifies fails the first test, by name.
Every object that a URL can show is made in Ghana and in Vietnam (permission_matrix/
world.py), its identifying text marked with its country. Then each role requests every
address, filled with the objects of a country it does not belong to, and:

- no answer (page, JSON, spreadsheet, PDF, file, header) holds that country's markers;
- no answer holds a farmer's name or member code for someone who may not read rosters
  (the committee and monitoring viewers read figures, not names);
- a forged POST to each form or action of such an object changes nothing stored;
- no answer is a server error.

A superuser reads the same addresses, to show the markers are on the pages at all.

Marked `whole_site`: CI runs it once, in the PostgreSQL suite (the database production uses),
as it does the browser tests; `make test` alone runs it on SQLite too (decision 0024).
"""

import io
import uuid
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from content.services import site_structure_ensure
from tests.curriculum_site.permission_matrix import probe
from tests.curriculum_site.permission_matrix.urls import (
    LISTING,
    OBJECT,
    PUBLIC,
    SKIP,
    STATIC,
    Pattern,
    address,
    argument_values,
    misclassified,
    spec_for,
    url_patterns,
)
from tests.curriculum_site.permission_matrix.world import world_make

pytestmark = [pytest.mark.django_db, pytest.mark.whole_site]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The two-country world, made once for the whole module (it cost each of the eleven
    tests below several CPU-seconds of their own).

    Sharing it weakens nothing: it is made inside a transaction that stays open while the
    module runs and is rolled back after it, and each test runs in a savepoint of its own
    inside that one (pytest-django's per-test transaction, nested), which is rolled back
    after the test. So every test starts from exactly the world it made for itself before,
    and a forged POST that got through in one role's test cannot hide or cause a finding
    in another's. The objects are only read (their pks and markers), never changed."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = world_make(site_structure_ensure())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


OTHER = {"ghana": "vietnam", "vietnam": "ghana"}

# Role → (the countries whose objects it is tried against, whether it may read those
# countries' other data, whether it may read their farmers' names, forged POSTs).
ROLES = {
    "anonymous": {"targets": ["ghana"], "reads": [], "posts": True},
    "learner": {"targets": ["ghana"], "reads": [], "posts": True},
    # The committee reads every group but never a farmer's name; it is no country's.
    "committee": {"targets": ["ghana"], "reads": ["ghana", "vietnam"], "posts": False},
    "ghana_platform": {"targets": ["vietnam"], "reads": ["ghana"], "posts": True},
    "vietnam_platform": {"targets": ["ghana"], "reads": ["vietnam"], "posts": True},
    "ghana_manager": {"targets": ["vietnam"], "reads": ["ghana"], "posts": True},
    "ghana_trainer": {"targets": ["vietnam"], "reads": ["ghana"], "posts": True},
    "vietnam_trainer": {"targets": ["ghana"], "reads": ["vietnam"], "posts": True},
    # Granted Ghana only: Ghana's figures and groups, never a name; nothing of Vietnam.
    "ghana_viewer": {"targets": ["vietnam", "ghana"], "reads": ["ghana"], "posts": True},
}
# Who may read farmers' names in the countries they read.
ROSTER_READERS = {"ghana_platform", "vietnam_platform", "ghana_manager"} | {
    "ghana_trainer",
    "vietnam_trainer",
}

# A forged form: what the site's forms ask for, valid where it can be, so that a view
# which forgot to check who is asking would store it (the sanity test shows it does).
FORGED = {
    **{
        field: "Forged by another country"
        for field in (
            "name",
            "title",
            "description",
            "owner",
            "notes",
            "source",
            "what_worked",
            "what_to_change",
            "place",
            "review_notes",
            "next_title",
        )
    },
    "starts_on": "2027-01-01",
    "ends_on": "2027-12-31",
    "review_on": "2027-06-30",
    "next_review_on": "2027-12-31",
    "stage": "plan",
    "status": "to_do",
    "rating": "4",
    "delivered_on": "2026-10-14",
    "participants": "12",
}


def forbidden_markers(role, world) -> dict[str, str]:
    """Marker text → what it is, for everything `role` must never be shown."""
    found = {}
    reads = ROLES[role]["reads"]
    for slug, country in world.countries.items():
        if slug in reads and role in ROSTER_READERS:
            continue
        shown = country.farmer_markers() if slug in reads else country.all_markers()
        found.update(
            {text: f"{slug} {what}" for what, text in country.markers.items() if text in shown}
        )
    return found


def requests_for(world, targets, *, anonymous=False):
    """(pattern, spec, address, country slug) for every address the matrix requests."""
    for pattern in url_patterns():
        spec = spec_for(pattern.route)
        if spec is None or spec.kind == SKIP or (spec.kind == STATIC and not anonymous):
            continue
        if spec.kind == OBJECT:
            for slug in targets:
                values = argument_values(spec, world.countries[slug])
                yield pattern, spec, address(pattern, spec, values), slug
        else:
            yield pattern, spec, address(pattern, spec, {}), None
        for forged in spec.forged:
            for slug in targets:
                yield (
                    pattern,
                    spec,
                    forged_address(pattern, spec, forged, world.countries[slug]),
                    slug,
                )


def forged_address(pattern, spec, forged, country):
    """A forged query on the rule's address, or (starting with "/") a whole address, naming
    the objects of `country` by their world keys: {group}, {farmer}, {country}…"""
    values = {key: getattr(value, "pk", value) for key, value in country.objects.items()}
    values["country"] = country.country.pk
    forged = forged.format(**values)
    if forged.startswith("/"):
        return forged
    url = address(pattern, spec, argument_values(spec, country))
    return f"{url}{'&' if '?' in url else '?'}{forged}"


def classification_problems(patterns) -> list[str]:
    """What keeps `patterns` from being tried: no rule, or a rule that cannot be requested."""
    problems = []
    for pattern in patterns:
        spec = spec_for(pattern.route)
        if spec is None:
            problems.append(
                f"{pattern.route}  (name {pattern.name or '-'}, view {pattern.view}): "
                "no rule; add one to RULES in tests/curriculum_site/permission_matrix/urls.py"
            )
        elif problem := misclassified(pattern.route, spec):
            problems.append(f"{pattern.route}: {problem}")
    return problems


def test_every_url_pattern_is_classified():
    problems = classification_problems(url_patterns())

    assert not problems, "URL patterns the permission matrix cannot try:\n" + "\n".join(problems)


def test_a_new_view_fails_the_matrix_by_name():
    new = Pattern("groups/<int:group_id>/secrets/", "producer_groups:secrets", "views.secrets")

    assert classification_problems([new]) == [
        "groups/<int:group_id>/secrets/  (name producer_groups:secrets, view views.secrets): "
        "no rule; add one to RULES in tests/curriculum_site/permission_matrix/urls.py"
    ]


def _get(client, url, findings, label):
    try:
        return _messages_read(client, client.get(url))
    except Exception as error:
        findings.append(f"{label} GET {url}: raised {error!r}")
        return None


def _messages_read(client, response):
    """The messages an answer leaves for the next page (Wagtail's "You do not have
    permission to access the admin." after each refused admin address) kept with the
    answer, where `_leaks` reads them, and not carried to the next request: piled up over
    hundreds of refusals in the messages cookie (Django's default storage, the cookie
    first), then in the session, they made each request slower than the last (decision
    0024, eighth pass). Read at once, a message naming another country's object is found
    on the request that made it, whether or not a later page shows it."""
    storage = getattr(response.wsgi_request, "_messages", None)
    response.messages_left = [str(message) for message in getattr(storage, "_queued_messages", [])]
    client.cookies.pop(CookieStorage.cookie_name, None)
    return response


def _photo():
    image = io.BytesIO()
    Image.new("RGB", (2, 2)).save(image, "JPEG")
    return SimpleUploadedFile("forged.jpg", image.getvalue(), content_type="image/jpeg")


def _post(client, url, findings, label):
    data = {**FORGED, **dict(parse_qsl(urlsplit(url).query))}
    if "/photos/" in url:
        data = {"uuid": str(uuid.uuid4()), "file": _photo(), "caption": "Forged"}
    try:
        return _messages_read(client, client.post(url, data))
    except Exception as error:
        findings.append(f"{label} POST {url}: raised {error!r}")
        return None


def _leaks(response, forbidden):
    text = "\n".join([probe.readable_text(response), *getattr(response, "messages_left", [])])
    return sorted(what for marker, what in forbidden.items() if marker in text)


def _session_upload(target, world):
    """A valid upload of one session into `target`'s group, as its own trainer would send."""
    return {"sessions": [_session(target, world)]}


def _session(target, world):
    return {
        "uuid": str(uuid.uuid4()),
        "group": target["group"].pk,
        "date": "2026-10-15",
        "starts_at": "09:00",
        "ends_at": "11:00",
        "method": "farmer-field-school",
        "language": "en",
        "place": "Forged",
        "modules": [{"id": world.module.pk, "feedback_rating": 4, "feedback": ""}],
        "attendance": [{"member_code": target.markers["MEMBER"], "pre_score": 1, "post_score": 2}],
        "notes": "",
    }


@pytest.mark.parametrize("role", list(ROLES))
def test_no_role_sees_or_changes_another_countrys_objects(role, world):
    client = probe.client_for(world.users.get(role))
    forbidden = forbidden_markers(role, world)
    findings = []
    posts = []

    targets = ROLES[role]["targets"]
    for _pattern, spec, url, slug in requests_for(world, targets, anonymous=role == "anonymous"):
        label = f"[{role}]"
        response = _get(client, url, findings, label)
        if response is None:
            continue
        if response.status_code >= 500:
            findings.append(f"{label} GET {url}: {response.status_code}")
        leaked = _leaks(response, forbidden)
        if leaked:
            findings.append(f"{label} GET {url}: {response.status_code} shows {', '.join(leaked)}")
        if spec.post and slug is not None and ROLES[role]["posts"]:
            posts.append((url, slug))

    before = probe.snapshot()
    # The countries and groups a role may ask exports and reports of: a forged form
    # naming another country's must give the asker's own, or nothing.
    own = {world.countries[slug].country.pk for slug in ROLES[role]["reads"]}
    own_groups = {world.countries[slug]["group"].pk for slug in ROLES[role]["reads"]}

    def changed(what, watch):
        nonlocal before
        if not watch.may_have_changed:
            return  # no write to a guarded table: `before` still holds (probe.WriteWatch)
        after = probe.snapshot()
        findings.extend(
            f"[{role}] {what} changed {change}"
            for change in probe.changes(before, after, own_countries=own, own_groups=own_groups)
        )
        before = after

    if ROLES[role]["posts"]:
        for slug in ROLES[role]["targets"]:
            with probe.WriteWatch() as watch:
                upload = _messages_read(
                    client,
                    client.post(
                        "/api/v1/sessions/",
                        _session_upload(world.countries[slug], world),
                        content_type="application/json",
                    ),
                )
            if upload.status_code >= 500 or _leaks(upload, forbidden):
                findings.append(
                    f"[{role}] POST /api/v1/sessions/ into {slug}: {upload.status_code}"
                )
            changed(f"POST /api/v1/sessions/ into {slug}", watch)
    for url, _slug in posts:
        label = f"[{role}]"
        with probe.WriteWatch() as watch:
            response = _post(client, url, findings, label)
        if response is not None:
            if response.status_code >= 500:
                findings.append(f"{label} POST {url}: {response.status_code}")
            leaked = _leaks(response, forbidden)
            if leaked:
                findings.append(
                    f"{label} POST {url}: {response.status_code} shows {', '.join(leaked)}"
                )
        changed(f"POST {url}", watch)

    assert not findings, f"{len(findings)} leaks:\n" + "\n".join(findings)


# The addresses whose answer must show the object's marker to a superuser: the markers
# are on the pages, spreadsheets and files at all, so their absence above means something.
SANITY = {
    "groups/<int:group_id>/": "group",
    "groups/<int:group_id>/assessments/<int:assessment_id>/": "assessmentnotes",
    "groups/<int:group_id>/evidence/<slug:kind>/<int:evidence_id>/": "evidencebytes",
    "groups/<int:group_id>/training-plans/<int:plan_id>/": "plan",
    "groups/<int:group_id>/training-plans/<int:plan_id>/export.<file_format>": "plan",
    "admin/snippets/training_delivery/farmer/edit/<int:pk>/": "farmer",
    "admin/snippets/training_delivery/trainingsession/inspect/<int:pk>/": "place",
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": "MEMBER",
    "admin/pages/<int:page_id>/edit/": "draft",
    "admin/pages/<int:parent_page_id>/results/": "draft",
}


def test_the_markers_are_there_for_whoever_may_read_them(world):
    client = probe.client_for(world.users["superuser"])
    ghana = world.countries["ghana"]
    findings = []
    checked = set()

    for pattern, spec, url, slug in requests_for(world, ["ghana"]):
        response = _get(client, url, findings, "[superuser]")
        if response is None:
            continue
        if response.status_code >= 500:
            findings.append(f"[superuser] GET {url}: {response.status_code}")
        own_address = spec.kind != OBJECT or url == address(
            pattern, spec, argument_values(spec, ghana)
        )
        if pattern.route in SANITY and slug == "ghana" and own_address:
            checked.add(pattern.route)
            marker = ghana.markers[SANITY[pattern.route]]
            if marker not in probe.readable_text(response):
                findings.append(f"[superuser] GET {url}: {response.status_code} lacks {marker}")

    # Exports are personal: the one who asked for it reads it.
    platform = probe.client_for(world.users["ghana_platform"])
    download = platform.get(f"/dashboard/exports/{ghana['export'].pk}/download/")
    if ghana.markers["exportbytes"] not in probe.readable_text(download):
        findings.append("[ghana_platform] cannot read the export it asked for")

    # The forged forms and uploads are valid: from those who may, they are stored.
    trainer = probe.client_for(world.users["ghana_trainer"])
    upload = trainer.post(
        "/api/v1/sessions/", _session_upload(ghana, world), content_type="application/json"
    )
    if upload.status_code != 200 or upload.json()["accepted"] != 1:
        findings.append(
            f"[ghana_trainer] own session upload: {upload.status_code} {upload.content}"
        )
    group = ghana["group"].pk
    for url in (
        f"/groups/{group}/training-plans/new/",
        f"/groups/{group}/plan/items/new/",
        f"/feedback/adapted/{ghana['piloted'].pk}/",
    ):
        before = probe.snapshot()
        with probe.WriteWatch() as watch:
            platform.post(url, FORGED)
        if not probe.changes(before, probe.snapshot()):
            findings.append(f"[ghana_platform] POST {url} with the forged form stored nothing")
        # The role tests skip the comparison when the watch saw no write: it must see these.
        if not watch.may_have_changed:
            findings.append(f"[ghana_platform] POST {url} stored rows the write watch missed")

    assert checked == set(SANITY), f"not requested: {set(SANITY) - checked}"
    assert not findings, "\n".join(findings)


def test_the_matrix_requests_every_kind_of_address():
    kinds = {spec_for(pattern.route).kind for pattern in url_patterns() if spec_for(pattern.route)}

    assert {PUBLIC, STATIC, LISTING, OBJECT, SKIP} <= kinds

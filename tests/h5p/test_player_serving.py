"""The player frame and its files: who gets a token, what a token opens, and how the
files are served (issue 3, point 3; decision 0014)."""

import base64
import hashlib
import json
import re
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core import signing
from django.core.files.base import ContentFile
from wagtail.models import PageViewRestriction

from content.factories import UserFactory
from curriculum_site.storage import private_storage
from h5p import serving
from h5p.models import H5PActivity
from reference import roles
from tests.h5p.player_helpers import (
    knowledge_check_activity,
    module_with_activities,
    stored_path,
)

pytestmark = pytest.mark.django_db

PLAYER_URL = re.compile(r'data-player-url="(/h5p/play/([^/"]+)/)"')


@pytest.fixture
def activity(db):
    return knowledge_check_activity()


@pytest.fixture
def module(backpack, activity):
    return module_with_activities(parent=backpack, activities=[activity], code="PO-07")


def player_token(client, page):
    """The token the module page hands its reader, or None if it hands none."""
    response = client.get(page.url)
    assert response.status_code == 200
    found = PLAYER_URL.search(response.content.decode())
    return found.group(2) if found else None


def files_url(token, path):
    return f"/h5p/play/{token}/files/{path}"


# --- Who is given a token ------------------------------------------------------------


def test_a_signed_in_reader_of_a_live_module_gets_a_token_for_themselves(client, module, learner):
    client.force_login(learner)
    token = player_token(client, module)

    grant = serving.h5p_player_token_read(token=token, max_age=60)
    assert grant == serving.PlayerGrant(
        user_id=learner.pk, activity_id=module.body[-1].value["activity"].pk, page_id=module.pk
    )


def test_an_anonymous_visitor_may_play_a_public_module_untracked(client, module):
    token = player_token(client, module)

    assert serving.h5p_player_token_read(token=token, max_age=60).user_id is None
    html = client.get(module.url).content.decode()
    assert "Sign in to save your progress" in html
    assert 'data-tracked="false"' in html


def test_a_private_module_gives_no_token_to_those_it_keeps_out(client, module, learner):
    restriction = PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=roles.TRAINERS)])
    trainer = UserFactory(groups=[roles.TRAINERS])

    client.force_login(learner)
    assert client.get(module.url).status_code == 302  # Wagtail sends them to sign in
    assert not serving.page_shows_activities_to(request=_request(learner), page=module)
    client.force_login(trainer)
    assert player_token(client, module) is not None


def test_an_unpublished_module_s_activity_is_for_its_editors_only(
    client, backpack, activity, learner, committee_member
):
    draft = module_with_activities(parent=backpack, activities=[activity], publish=False)

    assert not serving.page_shows_activities_to(request=_request(learner), page=draft)
    assert serving.page_shows_activities_to(request=_request(committee_member), page=draft)
    assert (
        serving.h5p_player_token_issue(
            request=_request(committee_member), page=draft, activity=activity
        )
        is not None
    )


def test_no_token_for_an_activity_the_page_does_not_hold(module, learner):
    other = knowledge_check_activity(title="Another check")

    assert (
        serving.h5p_player_token_issue(request=_request(learner), page=module, activity=other)
        is None
    )


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


# --- What a token opens ----------------------------------------------------------------


def test_the_player_page_runs_h5p_standalone_under_a_strict_policy(client, module, learner):
    client.force_login(learner)
    token = player_token(client, module)
    client.logout()  # the sandboxed frame sends no cookie: the token alone must do

    response = client.get(f"/h5p/play/{token}/")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["sandbox"] == "allow-scripts"  # no allow-same-origin
    assert directives["default-src"] == "'none'"
    # This package's own files (behind the token) and its libraries' stable address only.
    libraries = re.search(r'"librariesUrl": "([^"]+)"', response.content.decode()).group(1)
    assert libraries.startswith("http://testserver/h5p/libraries/")
    assert directives["connect-src"] == (f"http://testserver/h5p/play/{token}/files/ {libraries}/")
    assert "'unsafe-inline'" not in directives["script-src"]
    # Hub content types compile templates at run time (EmbeddedJS): eval, inside the
    # sandbox only, where it can do nothing the package's own scripts cannot (0013).
    assert "'unsafe-eval'" in directives["script-src"]
    assert directives["frame-ancestors"] == "'self'"
    assert directives["form-action"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert "vendor/h5p-standalone/main.bundle.js" in html
    # The bridge, and before it what it shares with the offline player: both named by the policy.
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[-2:] == [
        "http://testserver/static/js/h5p-common.js",
        "http://testserver/static/js/h5p-frame.js",
    ]
    assert set(scripts[-2:]) <= set(directives["script-src"].split())
    config = json.loads(re.search(r'id="h5p-player-config"[^>]*>(.*?)</script>', html).group(1))
    assert config["filesUrl"] == f"http://testserver/h5p/play/{token}/files"
    assert token not in config["objectIri"]
    # No script in the page itself: everything it runs is a file the policy names.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html) == []


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("h5p.json", "application/json"),
        ("content/content.json", "application/json"),
        ("H5P.BackpackKnowledgeCheck-1.0/library.json", "application/json"),
        ("H5P.BackpackKnowledgeCheck-1.0/knowledge-check.js", "text/javascript; charset=utf-8"),
        ("H5P.BackpackKnowledgeCheck-1.0/knowledge-check.css", "text/css; charset=utf-8"),
    ],
)
def test_package_files_are_served_with_their_type_and_the_policy(
    client, module, learner, path, content_type
):
    client.force_login(learner)
    token = player_token(client, module)

    response = client.get(files_url(token, path))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox allow-scripts;")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert b"".join(response.streaming_content)


def test_the_package_files_are_the_extracted_ones(client, module, learner, activity):
    client.force_login(learner)
    token = player_token(client, module)

    h5p_json = json.loads(b"".join(client.get(files_url(token, "h5p.json")).streaming_content))

    assert h5p_json["mainLibrary"] == "H5P.BackpackKnowledgeCheck"
    assert h5p_json == H5PActivity.objects.get(pk=activity.pk).h5p_json


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("H5P.BackpackKnowledgeCheck-1.0/README.md", "text/plain; charset=utf-8"),
        ("H5P.BackpackKnowledgeCheck-1.0/apply-when-upgrading.diff", "text/plain; charset=utf-8"),
        ("content/scan.tif", "image/tiff"),
        ("content/model.glb", "model/gltf-binary"),
        (
            "content/handout.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_every_kind_the_policy_keeps_is_served_with_a_type(
    client, module, learner, activity, path, content_type
):
    private_storage().save(stored_path(activity, path), ContentFile(b"x"))
    client.force_login(learner)
    token = player_token(client, module)

    response = client.get(files_url(token, path))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_cross_origin_request_for_a_file_is_answered_without_cookies(client, module, learner):
    # Sound players ask with an XMLHttpRequest that adds a header: the browser asks first.
    client.force_login(learner)
    token = player_token(client, module)
    client.logout()

    response = client.options(
        files_url(token, "content/content.json"),
        HTTP_ORIGIN="null",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-requested-with",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Content-Security-Policy"].startswith("sandbox allow-scripts;")


def test_a_forged_token_gets_no_answer_to_a_cross_origin_request(client):
    response = client.options(files_url("forged", "content/content.json"), HTTP_ORIGIN="null")

    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response


def test_files_are_only_read_never_written(client, module, learner):
    client.force_login(learner)
    token = player_token(client, module)

    assert client.post(files_url(token, "content/content.json")).status_code == 405
    assert client.put(files_url(token, "content/content.json")).status_code == 405


@pytest.mark.parametrize(
    "name", ["content/images/café au lait.png", "content/images/ảnh cà phê.png", "content/ภาพ.png"]
)
def test_files_named_in_the_authors_language_are_served(client, module, learner, activity, name):
    # Authors in Côte d'Ivoire, Vietnam or Thailand name their images in their language;
    # the package policy accepts such names, so the player must find them.
    private_storage().save(stored_path(activity, name), ContentFile(b"\x89PNG\r\n"))
    client.force_login(learner)
    token = player_token(client, module)

    response = client.get(files_url(token, quote(name)))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "path",
    [
        "../h5p.json",
        "content/../../h5p.json",
        "content//content.json",
        "./h5p.json",
        ".hidden.json",
        "content\\content.json",
        "content/missing.json",
        "content/content.json.php",
        "content/page.html",
        "downloadify-1.0/resources/downloadify.swf",
    ],
)
def test_paths_outside_the_package_or_of_unknown_types_are_not_found(client, module, learner, path):
    client.force_login(learner)
    token = player_token(client, module)

    assert client.get(files_url(token, path)).status_code == 404


def test_a_forged_or_altered_token_opens_nothing(client, module, learner, activity):
    client.force_login(learner)
    token = player_token(client, module)
    payload, timestamp, signature = token.split(":")
    # The same signature on a payload naming another activity.
    other_payload = signing.b64_encode(
        json.dumps({"u": learner.pk, "a": activity.pk + 1}, separators=(",", ":")).encode()
    ).decode()
    other_activity = f"{other_payload}:{timestamp}:{signature}"
    altered_signature = (
        f"{payload}:{timestamp}:{signature[:-1]}{'B' if signature[-1] == 'A' else 'A'}"
    )

    for bad in (other_activity, altered_signature, token[:-2], "nothing"):
        assert client.get(f"/h5p/play/{bad}/").status_code == 403
        assert client.get(files_url(bad, "h5p.json")).status_code == 403
    # A token signed for another purpose (salt) is not a player token.
    wrong_salt = signing.dumps({"u": learner.pk, "a": activity.pk}, salt="something.else")
    assert client.get(f"/h5p/play/{wrong_salt}/").status_code == 403


def test_an_expired_token_opens_nothing(client, activity, learner):
    with mock.patch("time.time", return_value=time.time() - serving.PLAYER_TOKEN_MAX_AGE - 60):
        old = serving.h5p_player_token_make(user=learner, activity=activity)

    response = client.get(f"/h5p/play/{old}/")

    assert response.status_code == 403
    assert "expired" in response.content.decode()
    assert client.get(files_url(old, "h5p.json")).status_code == 403


def test_a_token_of_a_deactivated_learner_opens_no_player(client, activity, learner):
    token = serving.h5p_player_token_make(user=learner, activity=activity)
    learner.is_active = False
    learner.save()

    assert client.get(f"/h5p/play/{token}/").status_code == 403


def test_a_deleted_activity_is_gone(client, activity, learner):
    token = serving.h5p_player_token_make(user=learner, activity=activity)
    H5PActivity.objects.filter(pk=activity.pk).delete()

    assert client.get(f"/h5p/play/{token}/").status_code == 404
    assert client.get(files_url(token, "h5p.json")).status_code == 404


# --- Libraries at a stable address (issue 19, point 5; decision 0025) ---------------------


def player_config(client, token):
    html = client.get(f"/h5p/play/{token}/").content.decode()
    return html, json.loads(re.search(r'id="h5p-player-config"[^>]*>(.*?)</script>', html).group(1))


def test_libraries_have_one_address_per_package_version_cached_for_a_year(
    client, module, learner, activity
):
    client.force_login(learner)
    first_token = player_token(client, module)
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 60):
        second_token = player_token(client, module)  # a token made a minute later
    assert first_token != second_token
    client.logout()  # the frame sends no cookie, and libraries need no token

    _, first = player_config(client, first_token)
    _, second = player_config(client, second_token)
    assert first["librariesUrl"] == second["librariesUrl"]  # the browser's cache serves it
    assert first_token not in first["librariesUrl"]

    response = client.get(
        first["librariesUrl"].removeprefix("http://testserver")
        + "/H5P.BackpackKnowledgeCheck-1.0/knowledge-check.js"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    # Opened on its own, a library file is an inert document in a sandbox.
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response
    assert b"".join(response.streaming_content)


def test_the_player_page_carries_the_json_and_preloads_one_bundle_of_each_kind(
    client, module, learner
):
    """The player starts one round trip after its page (issue 19; decision 0025): the
    JSON it would fetch one file after another is in the page, the libraries' scripts and
    styles are one file each, preloaded with H5P's own."""
    client.force_login(learner)
    token = player_token(client, module)

    html, config = player_config(client, token)

    inline = json.loads(re.search(r'id="h5p-player-files"[^>]*>(.*?)</script>', html).group(1))
    library = f"{config['librariesUrl']}/H5P.BackpackKnowledgeCheck-1.0"
    assert inline[f"{config['filesUrl']}/h5p.json"]["mainLibrary"] == "H5P.BackpackKnowledgeCheck"
    assert f"{config['filesUrl']}/content/content.json" in inline
    # Nothing left for the player to load file by file: the bundles hold it.
    assert inline[f"{library}/library.json"]["preloadedJs"] == []
    assert inline[f"{library}/library.json"]["preloadedCss"] == []
    bundle_js = f"{config['librariesUrl']}/_bundle.js"
    bundle_css = f"{config['librariesUrl']}/_bundle.css"
    assert config["customJs"] == [bundle_js]
    assert config["customCss"] == [bundle_css]
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="(\w+)"', html)
    assert (bundle_js, "script") in preloads
    assert (bundle_css, "style") in preloads
    assert (config["frameJs"], "script") in preloads

    script = client.get(bundle_js.removeprefix("http://testserver"))
    assert script.status_code == 200
    assert script["Content-Type"] == "text/javascript; charset=utf-8"
    assert script["Cache-Control"] == "public, max-age=31536000, immutable"
    assert script["Access-Control-Allow-Origin"] == "*"
    assert b"H5P.BackpackKnowledgeCheck-1.0/knowledge-check.js" in script.content
    style = client.get(bundle_css.removeprefix("http://testserver"))
    assert style.status_code == 200
    assert b"H5P.BackpackKnowledgeCheck-1.0/knowledge-check.css" in style.content


def test_a_style_sheet_s_relative_addresses_stay_right_in_the_bundle():
    from h5p.library_store import _absolute_css_urls

    css = 'a{background:url("../img/x.png")} b{src:url(fonts/f.woff)} c{x:url(data:,1)}'
    base = "http://h/h5p/libraries/1-k/H5P.A-1.0/css/a.css"

    assert _absolute_css_urls(css, base) == (
        'a{background:url("http://h/h5p/libraries/1-k/H5P.A-1.0/img/x.png")} '
        "b{src:url(http://h/h5p/libraries/1-k/H5P.A-1.0/css/fonts/f.woff)} c{x:url(data:,1)}"
    )


@pytest.mark.parametrize(
    "path",
    [
        "H5P.Other-1.0/library.json",  # a folder the activity does not play
        "content/content.json",  # the activity's content stays behind the token
        "h5p.json",
        "H5P.BackpackKnowledgeCheck-1.0/../../../settings.py",
        "H5P.BackpackKnowledgeCheck-1.0/page.html",  # a type the policy does not keep
    ],
)
def test_a_library_address_serves_only_the_activity_s_libraries(client, module, learner, path):
    client.force_login(learner)
    _, config = player_config(client, player_token(client, module))
    base = config["librariesUrl"].removeprefix("http://testserver")

    assert client.get(f"{base}/{path}").status_code == 404


def test_a_library_address_of_another_package_version_serves_nothing(client, module, learner):
    client.force_login(learner)
    _, config = player_config(client, player_token(client, module))
    old = config["librariesUrl"].removeprefix("http://testserver")
    activity_id, key = old.rsplit("/", 1)[-1].split("-", 1)

    assert (
        client.get(
            f"/h5p/libraries/{activity_id}-{'0' * len(key)}/"
            "H5P.BackpackKnowledgeCheck-1.0/library.json"
        ).status_code
        == 404
    )
    assert client.get(f"{old}/H5P.BackpackKnowledgeCheck-1.0/library.json").status_code == 200


def test_a_player_whose_files_the_page_holds_allows_exactly_those_by_hash(client, module, learner):
    """The module page fetched h5p-standalone, H5P core and the bundles at idle and hands
    them over (decision 0037): the player fetches none of them, and its policy allows
    those scripts by the hash of their text, no other inline script, never more."""
    client.force_login(learner)
    page = client.get(module.url).content.decode()
    named = json.loads(
        re.search(r'data-player-files="([^"]+)"', page).group(1).replace("&quot;", '"')
    )
    token = player_token(client, module)
    client.logout()

    plain = client.get(f"/h5p/play/{token}/")
    response = client.get(f"/h5p/play/{token}/?held=1")

    html = response.content.decode()
    config = json.loads(re.search(r'id="h5p-player-config"[^>]*>(.*?)</script>', html).group(1))
    assert list(config["held"]) == named  # what the page fetches, in the frame's order
    assert named[3:] == config["customJs"] + config["customCss"]
    for url, digest in config["held"].items():
        address = url.removeprefix("http://testserver")
        if address.startswith("/static/"):  # served by the static files' finders
            body = Path(finders.find(address.removeprefix("/static/"))).read_bytes()
        else:
            body = client.get(address).content
        expected = base64.b64encode(hashlib.sha256(body).digest()).decode()
        assert digest == f"sha256-{expected}", url
        # Held: neither preloaded nor loaded by the page itself.
        assert f'href="{url}"' not in html and f'src="{url}"' not in html
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    plain_directives = dict(
        part.strip().split(" ", 1) for part in plain["Content-Security-Policy"].split(";")
    )
    # The frame's own scripts are in the page, by the hashes of their texts: the only
    # inline scripts.
    inline = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert inline == [
        Path(finders.find(path)).read_text() for path in ("js/h5p-common.js", "js/h5p-frame.js")
    ]
    own = [base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() for text in inline]
    scripts = [config["held"][url] for url in named if not url.endswith(".css")]
    assert directives["script-src"] == plain_directives["script-src"].replace(
        " 'unsafe-eval'",
        "".join(f" '{digest}'" for digest in [*scripts, *(f"sha256-{d}" for d in own)])
        + " 'unsafe-eval'",
    )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert {k: v for k, v in directives.items() if k != "script-src"} == {
        k: v for k, v in plain_directives.items() if k != "script-src"
    }
    # Without the page's word, the player is as before: nothing held, no hash.
    assert "sha256-" not in plain["Content-Security-Policy"]
    assert '"held": {}' in plain.content.decode()

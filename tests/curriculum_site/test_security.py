"""Headers and sign-in throttling on every page (issue 14)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from content.factories import UserFactory
from curriculum_site.security import client_address
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from training_delivery.models import DeviceToken

pytestmark = pytest.mark.django_db

PASSWORD = "backpack-2026"


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


# --- Content-Security-Policy and Permissions-Policy ---------------------------------------


def test_public_pages_run_only_the_sites_own_scripts(client, home):
    response = client.get("/")
    directives = policy(response)

    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    assert "payment=()" in response.headers["Permissions-Policy"]


def test_the_admin_has_its_own_policy_with_everything_but_inline_scripts_shut(
    client, committee_member
):
    client.force_login(committee_member)
    response = client.get(reverse("wagtailadmin_home"))
    directives = policy(response)

    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["connect-src"] == ["'self'"]
    assert "Permissions-Policy" in response.headers


def test_a_view_that_sets_its_own_policy_keeps_it(client, committee_member):
    from django.http import HttpResponse

    from curriculum_site.security import ContentSecurityPolicyMiddleware

    own = HttpResponse()
    own["Content-Security-Policy"] = "default-src 'none'; sandbox"
    request = RequestFactory().get("/h5p/play/x/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: own)

    assert middleware(request)["Content-Security-Policy"] == "default-src 'none'; sandbox"


# --- Private pages are never stored -------------------------------------------------------


@pytest.fixture
def manager(db):
    group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    person = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    group.managers.add(person)
    group.save()
    return person, group


def test_group_pages_and_the_dashboard_are_never_stored(client, manager):
    person, group = manager
    client.force_login(person)

    for address in (f"/groups/{group.pk}/", "/groups/", "/dashboard/"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "no-store" in response.headers["Cache-Control"], address
        assert "private" in response.headers["Cache-Control"], address


def test_the_sync_api_is_never_stored(trainer):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {DeviceToken.issue(user=trainer)[1]}")

    response = api.get("/api/v1/sync/")

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_a_public_page_for_a_visitor_is_not_marked_private(client, home):
    assert "private" not in client.get("/").headers.get("Cache-Control", "")


# --- Sign-in throttling (django-axes) ---------------------------------------------------


def wrong_passwords(client, address, username, times, **extra):
    for _attempt in range(times):
        client.post(address, {"username": username, "password": "wrong"}, **extra)


@pytest.mark.parametrize("address", ["/accounts/login/", "/admin/login/"])
def test_after_ten_wrong_passwords_the_right_one_is_refused_for_a_while(client, address):
    UserFactory(username="kofi", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    wrong_passwords(client, address, "kofi", 10)

    response = client.post(address, {"username": "kofi", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_speaks_the_visitors_language(client):
    UserFactory(username="kofi", password=PASSWORD)
    wrong_passwords(client, "/fr/accounts/login/", "kofi", 10)

    response = client.post("/fr/accounts/login/", {"username": "kofi", "password": PASSWORD})

    assert response.status_code == 429
    assert "Trop" in response.content.decode() or "trop" in response.content.decode()


def test_a_right_password_before_the_limit_signs_in_and_starts_the_count_again(client):
    UserFactory(username="kofi", password=PASSWORD)
    wrong_passwords(client, "/accounts/login/", "kofi", 9)

    response = client.post("/accounts/login/", {"username": "kofi", "password": PASSWORD})

    assert response.status_code == 302
    client.logout()
    wrong_passwords(client, "/accounts/login/", "kofi", 9)
    assert (
        client.post("/accounts/login/", {"username": "kofi", "password": PASSWORD}).status_code
        == 302
    )


def test_the_trainer_apps_token_request_is_locked_out_too(db, monkeypatch):
    # The API's own throttle (ten a minute per address) would answer first; the lockout
    # is what stops guesses spread over minutes and addresses.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"token": "100/minute"})
    UserFactory(username="amina", password=PASSWORD, groups=[roles.TRAINERS])
    api = APIClient()
    for _attempt in range(10):
        api.post("/api/v1/token/", {"username": "amina", "password": "wrong"}, format="json")

    response = api.post(
        "/api/v1/token/", {"username": "amina", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.json()["detail"]


def test_guesses_spread_over_addresses_still_lock_the_name(client, settings):
    """A rotating X-Forwarded-For must not buy more guesses (issue 14)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    UserFactory(username="kofi", password=PASSWORD)
    for number in range(10):
        client.post(
            "/accounts/login/",
            {"username": "kofi", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )

    response = client.post(
        "/accounts/login/",
        {"username": "kofi", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )

    assert response.status_code == 429


def test_guesses_at_many_names_from_one_address_lock_the_address(client):
    UserFactory(username="kofi", password=PASSWORD)
    for number in range(10):
        client.post("/accounts/login/", {"username": f"user{number}", "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "kofi", "password": PASSWORD})

    assert response.status_code == 429


def test_the_client_address_is_the_one_the_proxies_appended(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 41.0.0.7"
    )

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert client_address(request) == "10.1.1.1"  # no proxy: the header is the client's word
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert client_address(request) == "41.0.0.7"  # what our one proxy saw

"""Forgot your password? (issue 23, point 8): Django's reset flow by e-mail, linked from
the sign-in page, in the visitor's language, rate-limited."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from content.factories import UserFactory
from curriculum_site.password_reset import RESET_PER_ADDRESS, RESET_PER_EMAIL

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_links_the_reset_and_the_link_sets_a_new_password(client):
    user = UserFactory(username="ama", email="ama@example.org", password="old-password-1")

    login = client.get(reverse("login")).content.decode()
    client.post(reverse("password_reset"), {"email": "ama@example.org"})

    assert f'href="{reverse("password_reset")}"' in login
    [message] = mail.outbox
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "cocoa-season-2026", "new_password2": "cocoa-season-2026"},
    )
    user.refresh_from_db()
    assert user.check_password("cocoa-season-2026")


def test_the_reset_speaks_the_visitors_language(client):
    UserFactory(username="ama", email="ama@example.org")

    page = client.get("/fr/accounts/password/reset/")
    client.post("/fr/accounts/password/reset/", {"email": "ama@example.org"})

    # In French: the page, and the link in the e-mail (its words come with the catalogue).
    assert page.status_code == 200 and 'lang="fr"' in page.content.decode()
    assert "/fr/accounts/password/reset/" in mail.outbox[0].body


def test_requests_are_capped_per_email_and_per_address(client):
    UserFactory(username="ama", email="ama@example.org")
    url = reverse("password_reset")

    for _ in range(RESET_PER_EMAIL + 1):
        client.post(url, {"email": "ama@example.org"})
    assert len(mail.outbox) == RESET_PER_EMAIL  # nothing more, and the page says the same
    for _ in range(RESET_PER_ADDRESS - RESET_PER_EMAIL - 1):
        client.post(url, {"email": "someone@example.org"})
    refused = client.post(url, {"email": "someone@example.org"})

    assert "Too many password reset requests from here" in refused.content.decode()

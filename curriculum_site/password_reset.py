"""Forgotten passwords (issue 23, point 8): Django's own reset flow by e-mail, in the
visitor's language, with a cap on how often it can be asked for.

Per address (the machine asking), at most RESET_PER_ADDRESS requests an hour: beyond it
the form says to wait. Per e-mail, at most RESET_PER_EMAIL messages an hour: beyond it
nothing more is sent, and the page reads as usual, so it never tells whether an address
has an account.
"""

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from curriculum_site.security import client_address

RESET_PER_ADDRESS = 5
RESET_PER_EMAIL = 3
WINDOW_SECONDS = 3600


def _over(key: str, limit: int) -> bool:
    """Count one more request under `key`; True when it is beyond `limit` this hour."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > limit


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if _over(f"password-reset:address:{client_address(self.request)}", RESET_PER_ADDRESS):
            form.add_error(
                None, _("Too many password reset requests from here. Try again in an hour.")
            )
            return self.form_invalid(form)
        email = form.cleaned_data["email"].strip().lower()
        if _over(f"password-reset:email:{email}", RESET_PER_EMAIL):
            return super(auth_views.PasswordResetView, self).form_valid(form)  # sends nothing
        return super().form_valid(form)


password_reset_urls = [
    ("accounts/password/reset/", RateLimitedPasswordResetView.as_view(), "password_reset"),
    (
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        "password_reset_done",
    ),
    (
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        "password_reset_confirm",
    ),
    (
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        "password_reset_complete",
    ),
]

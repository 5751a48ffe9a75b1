"""Response headers and sign-in throttling that protect every page (issue 14).

- Content-Security-Policy (django-csp): public pages run only the site's own scripts
  (the trainer app's one inline line carries a nonce); the Wagtail admin, whose
  templates still hold inline scripts, gets a policy of its own that allows those but
  keeps everything else (plugins, framing, form targets, where data may be sent) shut.
  A response that sets its own policy keeps it (the H5P player, evidence files).
- Permissions-Policy: the browser features the site uses (the camera and microphone for
  H5P recorders and photos, location for walking a plot) on its own origin, no others.
- Cache-Control: a response made for a signed-in person (a session or an API token)
  is never stored by a browser, proxy or CDN, unless its view said otherwise: group
  pages, dashboards and the sync API carry farmers' names.
- The client address, as the proxies in front of the site set it, for the sign-in
  lockout (django-axes) and the API's throttle alike.
"""

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

PERMISSIONS_POLICY = ", ".join(
    [
        "camera=(self)",
        "microphone=(self)",
        "geolocation=(self)",
        "fullscreen=(self)",
        "autoplay=(self)",
        "accelerometer=()",
        "gyroscope=()",
        "magnetometer=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "midi=()",
        "display-capture=()",
        "browsing-topics=()",
    ]
)


def client_address(request) -> str:
    """The address of the person at the other end, as the `NUM_PROXIES` proxies in front
    of the site saw it. X-Forwarded-For is the client's own word until a proxy appends
    to it: each trusted proxy adds one address, so the one we believe is that many from
    the end (DRF's throttles read NUM_PROXIES the same way)."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin's address."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _is_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def _is_admin(request) -> bool:
    return request.path_info.startswith("/admin/")


class PrivateResponsesMiddleware:
    """Permissions-Policy on every response; private caching rules for signed-in ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _for_someone(request) and "Cache-Control" not in response.headers:
            patch_cache_control(response, private=True, no_store=True)
        return response


def _for_someone(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or request.headers.get("Authorization")
        # The API authenticates tokens in the view, after the middleware has run.
        or request.path_info.startswith("/api/")
    )


def sign_in_lockout(request, credentials, *args, **kwargs):
    """What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): the form's
    page in the person's language, or JSON for the trainer app's token request."""
    from django.http import JsonResponse
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins. For your safety, signing in is paused for %(minutes)s minutes."
    ) % {"minutes": minutes}
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come from someone: a form or the API.

    Axes refuses an `authenticate()` without a request; the code's own calls (a
    management command, a test) have no client to lock out, so they pass to the next
    backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

"""Device tokens (issue 18, point 5; decision 0023): sign-in per phone, last sync, revocation
and expiry. The authentication class replaces Django REST framework's one-token-per-user."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from training_delivery.models import DeviceToken
from training_delivery.models.devices import token_digest

# Writing the last use at every call would make each request a write: once a minute is
# enough for "last sync" and for the expiry, counted in days.
TOUCH_EVERY = datetime.timedelta(minutes=1)
REVOKED = "device_revoked"
EXPIRED = "device_expired"


def idle_limit() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "BACKPACK_DEVICE_TOKEN_IDLE_DAYS", 60))


def device_is_expired(device: DeviceToken, now=None) -> bool:
    now = now or timezone.now()
    return (device.last_used_at or device.created_at) < now - idle_limit()


class DeviceTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`, the key of one phone's token."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        device = DeviceToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if device is None or not device.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if device.revoked_at:
            # The code travels in the body: the app deletes what it keeps on reading it.
            raise exceptions.AuthenticationFailed(
                {
                    "detail": _(
                        "This phone's sign-in was revoked. What it kept is deleted from it."
                    ),
                    "code": REVOKED,
                }
            )
        if device_is_expired(device, now):
            raise exceptions.AuthenticationFailed(
                {
                    "detail": _(
                        "This phone's sign-in expired after a long time unused. Sign in again."
                    ),
                    "code": EXPIRED,
                }
            )
        if not device.last_used_at or device.last_used_at < now - TOUCH_EVERY:
            DeviceToken.objects.filter(pk=device.pk).update(last_used_at=now)
            device.last_used_at = now
        request.device = device
        return device.user, device

    def authenticate_header(self, request):
        return self.keyword


def device_revoke(*, device: DeviceToken, by) -> None:
    if device.revoked_at is None:
        device.revoked_at, device.revoked_by = timezone.now(), by
        device.save(update_fields=["revoked_at", "revoked_by"])


def device_name_from(request) -> str:
    """The name the app gives the phone, else its browser's description."""
    given = request.data.get("device") if hasattr(request, "data") else None
    if isinstance(given, str) and given.strip():
        return given.strip()[:120]
    return request.META.get("HTTP_USER_AGENT", "")[:120]


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """How the API schema describes the device token."""

    target_class = "training_delivery.devices.DeviceTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }

"""Each phone its own token (issue 18, point 5; decision 0023).

Signing in on the trainer app makes a `DeviceToken` for that phone. The key is shown to
the phone once and kept here only as its SHA-256, so a copy of the database signs in
nowhere. A token is revoked by its owner or their platform (a lost phone): the next call
from that phone is refused with `device_revoked`, and the app deletes what it keeps. A
token unused for `BACKPACK_DEVICE_TOKEN_IDLE_DAYS` days expires.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class DeviceTokenQuerySet(models.QuerySet):
    def of_platform(self, user):
        """Tokens of the people who train (or keep) the groups of the user's platform."""
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            models.Q(
                user__assigned_producer_groups__country__national_platform_group__in=user.groups.all()
            )
            | models.Q(user=user)
        ).distinct()


class DeviceToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="device_tokens",
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("device"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DeviceTokenQuerySet.as_manager()

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self):
        return f"{self.user} · {self.name or self.pk}"

    @classmethod
    def issue(cls, *, user, name: str = "") -> tuple["DeviceToken", str]:
        """A new token for one phone: the row, and the key the phone keeps (shown once)."""
        key = secrets.token_hex(20)
        return cls.objects.create(user=user, digest=token_digest(key), name=name[:120]), key

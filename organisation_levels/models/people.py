"""Who works in which country: trainers and group managers registered by its platform.

A trainer or group manager is named on a country's groups and training plans, so the
pickers must offer that country's people only (issue 14: they offered, and accepted,
every country's). One person may work in several countries (a regional trainer on
GPSNR's international calls); each country's platform registers them for its own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CountryPersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A platform sees the people of its countries; superusers everyone."""
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(country__national_platform_group__in=user.groups.all())


class CountryPerson(models.Model):
    """A person working for a country's producer groups, registered by its platform."""

    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="work_countries",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = CountryPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person working in a country")
        verbose_name_plural = _("people working in a country")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "person"], name="one_registration_per_country"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.country})"

"""Farmers' consent (issue 18, point 6; decision 0023): which text, which version, when, by whom.

A consent text is the sentence a trainer reads to a farmer, per country and language,
versioned: a change of wording is a new version, and each consent names the version the
farmer agreed to. `Farmer.consent_given` stays the farmer's current state (what the
roster, the sync API and the exports read); `FarmerConsent` rows are its history, a
withdrawal included.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentText(models.Model):
    """The wording of the consent a farmer gives, in one language, in one version."""

    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="consent_texts",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.CharField(
        _("version"), max_length=20, help_text=_("Such as 2026-1: a new wording is a new version.")
    )
    text = models.TextField(_("text read to the farmer"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["country", "-created_at"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "language", "version"], name="unique_consent_text_version"
            )
        ]

    def __str__(self):
        return f"{self.country} · {self.language} · {self.version}"


class FarmerConsent(models.Model):
    """One consent of one farmer: given on a day, to a text, recorded by someone; and
    perhaps withdrawn later (the row stays, with when and by whom)."""

    farmer = models.ForeignKey(
        "training_delivery.Farmer",
        verbose_name=_("farmer"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    # PROTECT: a text farmers agreed to cannot be deleted from under their consent.
    text = models.ForeignKey(
        ConsentText,
        verbose_name=_("consent text"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text=_("Empty for consents recorded before consent texts were kept."),
    )
    given_on = models.DateField(_("consent given on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["farmer", "-recorded_at"]
        verbose_name = _("farmer's consent")
        verbose_name_plural = _("farmers' consents")

    def __str__(self):
        return f"{self.farmer_id} · {self.given_on}"

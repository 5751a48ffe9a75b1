"""Producer groups, and who may see or change each one."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from organisation_levels.admin_forms import ProducerGroupForm
from reference import roles
from reference.localized import originals_only
from reference.selectors import is_committee_member


class ProducerGroupQuerySet(models.QuerySet):
    """The one place that says who may see or change which producer groups.

    A national platform sees and changes its own country's groups; a producer-group
    manager sees and changes the groups they manage; a trainer reads the groups they
    are assigned to (and records their sessions); the technical committee reads
    every group; a monitoring viewer reads the groups of the countries they were
    granted; superusers do everything. Admin lists, public pages and edit views all
    use these filters, so a list can never show what an object view would refuse.
    """

    def visible_to(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser or is_committee_member(user):
            return self
        rule = (
            Q(country__national_platform_group__in=user.groups.all())
            | Q(managers=user)
            | Q(trainers=user)
        )
        if user.groups.filter(name=roles.MONITORING_VIEWERS).exists():
            # A grant counts only while the person holds the role: leaving it ends the access.
            rule |= Q(country__monitoring_viewers=user)
        return self.filter(rule).distinct()

    def changeable_by(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(country__national_platform_group__in=user.groups.all()) | Q(managers=user)
        ).distinct()

    def removable_by(self, user):
        """Only the country's platform (or a superuser) removes a group, never its manager."""
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(country__national_platform_group__in=user.groups.all())


class ProducerGroup(ClusterableModel):
    """A farmers' organisation: cooperative, association or informal group."""

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="producer_groups",
    )
    region = models.CharField(_("region or district"), max_length=120, blank=True)
    commodities = ParentalManyToManyField(
        "reference.Commodity",
        verbose_name=_("commodities"),
        related_name="producer_groups",
        limit_choices_to=originals_only,
    )
    members_women = models.PositiveIntegerField(_("women members"), default=0)
    members_men = models.PositiveIntegerField(_("men members"), default=0)
    year_formed = models.PositiveSmallIntegerField(
        _("year formed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900)],
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    managers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("group managers"),
        blank=True,
        related_name="managed_producer_groups",
        help_text=_("People who keep this group's assessments and improvement plan."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="assigned_producer_groups",
        help_text=_(
            "Trainers who deliver training to this group. They see its roster in the trainer "
            "app and may record its sessions."
        ),
    )

    objects = ProducerGroupQuerySet.as_manager()
    base_form_class = ProducerGroupForm

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
        FieldPanel("commodities", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel(
            [FieldPanel("members_women"), FieldPanel("members_men"), FieldPanel("year_formed")]
        ),
        InlinePanel("certifications", heading=_("Certifications held"), label=_("Certification")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
                FieldPanel("contact_email"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Contact and location"),
        ),
        FieldPanel("managers"),
        FieldPanel("trainers"),
    ]

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("producer group")
        verbose_name_plural = _("producer groups")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_group_name_in_country")
        ]

    def __str__(self):
        return self.name

    @property
    def members_total(self):
        return self.members_women + self.members_men

    def clean(self):
        if self.year_formed and self.year_formed > timezone.now().year:
            raise ValidationError({"year_formed": _("The year formed cannot be in the future.")})


class GroupCertification(Orderable):
    """A certificate the group holds: which standard, from which certification body."""

    group = ParentalKey(ProducerGroup, on_delete=models.CASCADE, related_name="certifications")
    standard = models.ForeignKey(
        "reference.Standard",
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        limit_choices_to=originals_only,
    )
    certifier = models.CharField(_("certification body"), max_length=150)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    panels = [FieldPanel("standard"), FieldPanel("certifier"), FieldPanel("valid_until")]

    class Meta(Orderable.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

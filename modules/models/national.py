"""National adaptation (seed 002, 4.2 to 4.4): each country's curriculum and its adapted modules.

A national platform adapts generic modules "to the local context": market
potential per product, local ecosystem and geography, national political and
market context, the standards that matter in the region, and the certification
bodies present. Each adapted module remembers the generic revision it was adapted
from, so the platform sees when the generic module moved on.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from modules.blocks import AdaptedModuleBodyBlock

CONTEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class NationalCurriculumIndexPage(Page):
    """ "Country curricula": one page per country below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # One address in every language; the prefix says which (decision 0010).
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["modules.NationalCurriculumPage"]
    max_count_per_parent = 1
    template = "modules/national_curriculum_index_page.html"

    class Meta:
        verbose_name = _("country curricula")
        verbose_name_plural = _("country curricula")

    def get_context(self, request, *args, **kwargs):
        from modules.national_selectors import national_curricula_listed

        context = super().get_context(request, *args, **kwargs)
        context["curricula"] = national_curricula_listed(index=self)
        return context


class MarketPotentialBlock(blocks.StructBlock):
    """How promising one product's market is in the country."""

    commodity = blocks.CharBlock(label=_("Product"), max_length=80)
    potential = blocks.TextBlock(label=_("Market potential"))

    class Meta:
        icon = "pick"
        label = _("Market potential of a product")


class CertificationBodyBlock(blocks.StructBlock):
    """A certification body active in the country, and how it works there."""

    name = blocks.CharBlock(label=_("Name"), max_length=150)
    standards = blocks.CharBlock(label=_("Standards it certifies"), required=False, max_length=200)
    protocol = blocks.TextBlock(label=_("Protocol and contact"), required=False)

    class Meta:
        icon = "tick-inverse"
        label = _("Certification body")


class NationalCurriculumPage(RoutablePageMixin, Page):
    """A country's curriculum: its context, its adapted modules, and a path per level."""

    # One per country in each language: translations of the curriculum are pages too.
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="curriculum_pages",
    )
    market_potential = StreamField(
        [("product", MarketPotentialBlock())],
        verbose_name=_("market potential per product"),
        blank=True,
    )
    ecosystem = RichTextField(
        _("local ecosystem and geography"), blank=True, features=CONTEXT_FEATURES
    )
    political_context = RichTextField(
        _("national political and market context"), blank=True, features=CONTEXT_FEATURES
    )
    standards = ParentalManyToManyField(
        "reference.Standard",
        verbose_name=_("relevant standards"),
        blank=True,
        related_name="+",
        help_text=_("Standards whose requirements matter for producers in this country."),
    )
    certification_bodies = StreamField(
        [("body", CertificationBodyBlock())],
        verbose_name=_("certification bodies present"),
        blank=True,
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("ecosystem"),
        index.SearchField("political_context"),
    ]
    content_panels = [
        *Page.content_panels,
        # Set when the curriculum is made for its country; never moved to another.
        FieldPanel("country", read_only=True),
        FieldPanel("market_potential"),
        FieldPanel("ecosystem"),
        FieldPanel("political_context"),
        FieldPanel("standards", widget=forms.CheckboxSelectMultiple),
        FieldPanel("certification_bodies"),
    ]
    # One address in every language; the prefix says which (decision 0010).
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["modules.NationalCurriculumIndexPage"]
    subpage_types = ["modules.AdaptedModulePage"]
    template = "modules/national_curriculum_page.html"

    class Meta:
        verbose_name = _("national curriculum")
        verbose_name_plural = _("national curricula")

    def clean(self):
        # One curriculum per country; its translations (same translation key) are its own.
        # (A database constraint cannot span `locale`, which lives on Wagtail's page table.)
        super().clean()
        others = NationalCurriculumPage.objects.filter(country_id=self.country_id).exclude(
            translation_key=self.translation_key
        )
        if self.country_id and others.exists():
            raise ValidationError({"country": _("This country already has its curriculum page.")})

    def get_context(self, request, *args, **kwargs):
        from modules.national_selectors import curriculum_adapted_modules
        from reference.models import OrganisationLevel

        context = super().get_context(request, *args, **kwargs)
        context["levels"] = OrganisationLevel.objects.order_by("rank")
        # The sub-page of each level's path, after the page's address in the visitor's language.
        context["level_paths"] = [
            (level, self.reverse_subpage("level_path", args=[level.slug]))
            for level in context["levels"]
        ]
        context["standards"] = list(self.standards.all())
        context["curriculum_languages"] = list(self.country.languages.all())
        context["adapted_modules"] = curriculum_adapted_modules(curriculum=self)
        return context

    @path("path/<slug:level_slug>/")
    def level_path(self, request, level_slug):
        from django.http import Http404

        from modules.national_selectors import country_level_path
        from reference.models import OrganisationLevel

        level = OrganisationLevel.objects.filter(slug=level_slug).first()
        if level is None:
            raise Http404
        return self.render(
            request,
            template="modules/level_path_page.html",
            context_overrides={
                "level": level,
                "steps": country_level_path(curriculum=self, level=level),
            },
        )


class AdaptedModulePage(Page):
    """A generic module adapted by a national platform for its country."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PILOTING = "piloting", _("Piloting")
        APPROVED = "approved", _("Approved")

    source = models.ForeignKey(
        "modules.TrainingModulePage",
        verbose_name=_("generic module"),
        on_delete=models.PROTECT,
        related_name="adaptations",
    )
    source_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("adapted from revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The published version of the generic module this adaptation follows."),
    )
    code = models.CharField(_("module code"), max_length=20)
    summary = models.TextField(_("summary"))
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), default=60)
    body = StreamField(AdaptedModuleBodyBlock(), verbose_name=_("content"))
    adaptation_status = models.CharField(
        _("adaptation status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "Draft while writing; piloting while trainers test it in the field; approved "
            "once revised after the pilot. Level paths offer approved adaptations."
        ),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("code", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        HelpPanel(template="modules/admin/adaptation_slots_panel.html", heading=_("Slots")),
        MultiFieldPanel(
            [FieldPanel("code", read_only=True), FieldPanel("adaptation_status")],
            heading=_("Adaptation"),
        ),
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    # The code and the address are the generic module's in every language (decision 0010).
    override_translatable_fields = [SynchronizedField("code"), SynchronizedField("slug")]
    # Made only by "Adapt for your country", which links the generic source.
    is_creatable = False
    parent_page_types = ["modules.NationalCurriculumPage"]
    subpage_types = []
    template = "modules/adapted_module_page.html"

    class Meta:
        verbose_name = _("adapted module")
        verbose_name_plural = _("adapted modules")

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def get_context(self, request, *args, **kwargs):
        from modules.selectors import reader_can_see_facilitator_notes

        context = super().get_context(request, *args, **kwargs)
        from modules.feedback_selectors import pilot_feedback_allowed

        context["levels"] = list(self.source.levels.all())
        context["may_give_feedback"] = (
            self.adaptation_status != self.Status.DRAFT
            and pilot_feedback_allowed(user=request.user, adaptation=self)
        )
        context["show_facilitator_notes"] = (
            reader_can_see_facilitator_notes(user=request.user, module=self.source)
            or self.permissions_for_user(request.user).can_edit()
        )
        return context

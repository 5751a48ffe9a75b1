"""National adaptation (seed 002, 4.2 to 4.4): each country's curriculum and its adapted modules.

A national platform adapts generic modules "to the local context": market
potential per product, local ecosystem and geography, national political and
market context, the standards that matter in the region, and the certification
bodies present. Each adapted module remembers the generic revision it was adapted
from, so the platform sees when the generic module moved on.

These pages were made in the `modules` app and moved here keeping their tables
(decision 0017).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from adaptation.blocks import AdaptedModuleBodyBlock, CertificationBodyBlock, MarketPotentialBlock
from curriculum_site.page_hooks import context_from_hooks
from modules.models import TrainingModulePage
from modules.selectors import reader_can_see_facilitator_notes
from reference.localized import originals_only
from reference.models import OrganisationLevel
from reference.search_text import SEARCH_TEXT_FIELDS, SearchTextMixin

CONTEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]

# What the apps above add to an adapted module's page (curriculum_site.page_hooks): each
# function registered under this name is called with `page` and `request`.
ADAPTED_MODULE_PAGE_CONTEXT = "adapted_module_page_context"


class NationalCurriculumIndexPage(Page):
    """ "Country curricula": one page per country below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # One address in every language; the prefix says which (decision 0010).
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["adaptation.NationalCurriculumPage"]
    max_count_per_parent = 1
    template = "adaptation/national_curriculum_index_page.html"

    class Meta:
        verbose_name = _("country curricula")
        verbose_name_plural = _("country curricula")
        db_table = "modules_nationalcurriculumindexpage"

    def get_context(self, request, *args, **kwargs):
        # The selectors query this module's pages: imported once both are loaded.
        from adaptation.selectors import curricula_search, national_curricula_listed

        context = super().get_context(request, *args, **kwargs)
        context["curricula"] = national_curricula_listed(index=self)
        context.update(curricula_search(index=self, params=request.GET))
        return context


class NationalCurriculumPage(SearchTextMixin, RoutablePageMixin, Page):
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
        limit_choices_to=originals_only,
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
        index.SearchField("market_potential"),
        index.SearchField("ecosystem"),
        index.SearchField("political_context"),
        index.SearchField("certification_bodies"),
        # The same text as words in every script, for the public search (decision 0020).
        *SEARCH_TEXT_FIELDS,
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
    parent_page_types = ["adaptation.NationalCurriculumIndexPage"]
    subpage_types = ["adaptation.AdaptedModulePage"]
    template = "adaptation/national_curriculum_page.html"

    class Meta:
        verbose_name = _("national curriculum")
        verbose_name_plural = _("national curricula")
        db_table = "modules_nationalcurriculumpage"

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
        # The selectors query this module's pages: imported once both are loaded.
        from adaptation.selectors import curriculum_adapted_modules

        context = super().get_context(request, *args, **kwargs)
        context["levels"] = OrganisationLevel.objects.originals().order_by("rank")
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
        # The selectors query this module's pages: imported once both are loaded.
        from adaptation.selectors import country_level_path

        level = OrganisationLevel.objects.originals().filter(slug=level_slug).first()
        if level is None:
            raise Http404
        return self.render(
            request,
            template="adaptation/level_path_page.html",
            context_overrides={
                "level": level,
                "steps": country_level_path(curriculum=self, level=level),
            },
        )


class AdaptedModulePage(SearchTextMixin, Page):
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
    # Set when the module is adapted: the country of the curriculum the page sits under.
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="adaptations",
        editable=False,
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
        # The same text as words in every script, for the public search (decision 0020).
        *SEARCH_TEXT_FIELDS,
    ]
    content_panels = [
        *Page.content_panels,
        HelpPanel(template="adaptation/admin/adaptation_slots_panel.html", heading=_("Slots")),
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
    parent_page_types = ["adaptation.NationalCurriculumPage"]
    subpage_types = []
    template = "adaptation/adapted_module_page.html"

    class Meta:
        verbose_name = _("adapted module")
        verbose_name_plural = _("adapted modules")
        db_table = "modules_adaptedmodulepage"

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    # "4 h", as on the generic module's page, never "240 min".
    duration_display = TrainingModulePage.duration_display

    def with_content_json(self, content):
        # The country is where the page sits, like its place in the tree: no revision
        # changes it, and revisions saved before it was recorded do not hold it.
        page = super().with_content_json(content)
        page.country_id = self.country_id
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["levels"] = list(self.source.levels.all())
        context["show_facilitator_notes"] = (
            reader_can_see_facilitator_notes(user=request.user, module=self.source)
            or self.permissions_for_user(request.user).can_edit()
        )
        context.update(context_from_hooks(ADAPTED_MODULE_PAGE_CONTEXT, page=self, request=request))
        return context

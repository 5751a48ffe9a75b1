"""The generic backpack and its training modules."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from curriculum_site.page_hooks import context_from_hooks
from modules.admin_forms import TrainingModulePageForm
from modules.blocks import ModuleBodyBlock
from reference.localized import originals_only
from reference.search_text import SEARCH_TEXT_FIELDS, SearchTextMixin

# What the apps above add to a training module's page (curriculum_site.page_hooks): each
# function registered under this name is called with `page` and `request`.
TRAINING_MODULE_PAGE_CONTEXT = "training_module_page_context"


class BackpackPage(Page):
    """The public backpack: every published generic module, searchable and filterable."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A few sentences shown above the list of modules."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # One address in every language; the prefix says which (decision 0010).
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["modules.TrainingModulePage"]
    max_count_per_parent = 1
    template = "modules/backpack_page.html"

    class Meta:
        verbose_name = _("backpack")
        verbose_name_plural = _("backpacks")

    def get_context(self, request, *args, **kwargs):
        # The selectors query this module's pages: imported once both are loaded.
        from modules.selectors import backpack_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(backpack_listing(backpack=self, params=request.GET))
        return context


class TrainingModulePage(SearchTextMixin, Page):
    """A generic training module, written by the technical committee."""

    code = models.CharField(
        _("module code"),
        max_length=20,
        help_text=_("Short, stable reference such as 'QM-01'. Unique within the backpack."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two plain sentences: what the group can do after this module."),
    )
    objectives = StreamField(
        [
            (
                "objective",
                blocks.CharBlock(
                    label=_("Objective"),
                    max_length=300,
                    help_text=_("A full sentence starting with a verb, e.g. 'Explain why…'."),
                ),
            )
        ],
        verbose_name=_("learning objectives"),
        # A new module opens with one empty objective to fill, not with "The minimum
        # number of items is 1" before anything is typed.
        default=[("objective", "")],
        min_num=1,
        max_num=8,
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        help_text=_("Total contact time with the group, e.g. 180 for three hours."),
    )
    levels = ParentalManyToManyField(
        "reference.OrganisationLevel",
        verbose_name=_("organisation levels"),
        related_name="modules",
        limit_choices_to=originals_only,
        help_text=_("The producer-group levels this module is written for."),
    )
    themes = ParentalManyToManyField(
        "reference.Theme",
        verbose_name=_("themes"),
        related_name="modules",
        limit_choices_to=originals_only,
    )
    need_areas = ParentalManyToManyField(
        "reference.NeedArea",
        verbose_name=_("need and risk areas"),
        related_name="modules",
        limit_choices_to=originals_only,
        blank=True,
        help_text=_("RSS core risk issues and support areas this module helps to address."),
    )
    standards = ParentalManyToManyField(
        "reference.Standard",
        verbose_name=_("standards"),
        related_name="modules",
        limit_choices_to=originals_only,
        blank=True,
        help_text=_("Leave empty when the module is useful whatever standard a group follows."),
    )
    commodities = ParentalManyToManyField(
        "reference.Commodity",
        verbose_name=_("commodities"),
        related_name="modules",
        limit_choices_to=originals_only,
        blank=True,
        help_text=_("Leave empty when the module applies to every commodity."),
    )
    delivery_methods = ParentalManyToManyField(
        "reference.DeliveryMethod",
        verbose_name=_("suitable delivery methods"),
        related_name="modules",
        limit_choices_to=originals_only,
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("body"))

    search_fields = [
        *Page.search_fields,
        index.SearchField("code", boost=3),
        index.AutocompleteField("code"),
        index.SearchField("summary", boost=2),
        index.SearchField("objectives"),
        index.SearchField("body"),
        # The same text as words in every script, for the public search (decision 0020).
        *SEARCH_TEXT_FIELDS,
    ]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("duration_minutes")]),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("body"),
    ]
    tagging_panels = [
        FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("need_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("delivery_methods", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("commodities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("standards", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Commodities and standards"),
        ),
        MultipleChooserPanel(
            "prerequisite_links",
            chooser_field_name="prerequisite",
            heading=_("Prerequisites"),
            label=_("Prerequisite module"),
            help_text=_("Modules a group should have completed before this one."),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(tagging_panels, heading=_("Who and what it is for")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    # The code is the module's reference in every language (plans, paths, reports), and
    # the address (the code, printed on handouts) is the same too: only the prefix says
    # the language. Neither is offered to translators (decision 0010).
    override_translatable_fields = [SynchronizedField("code"), SynchronizedField("slug")]

    parent_page_types = ["modules.BackpackPage"]
    subpage_types = []
    template = "modules/training_module_page.html"
    base_form_class = TrainingModulePageForm

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        permissions = [
            ("view_facilitator_notes", _("Can see facilitator notes in training modules")),
        ]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def duration_display(self):
        hours, minutes = divmod(self.duration_minutes or 0, 60)
        if hours and minutes:
            return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
        if hours:
            return _("%(hours)s h") % {"hours": hours}
        return _("%(minutes)s min") % {"minutes": minutes}

    def get_context(self, request, *args, **kwargs):
        # The selectors query this module's pages: imported once both are loaded.
        from modules.selectors import module_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(module_detail(module=self, user=request.user))
        context.update(context_from_hooks(TRAINING_MODULE_PAGE_CONTEXT, page=self, request=request))
        return context


class ModulePrerequisite(Orderable):
    """One module that should be completed before another."""

    module = ParentalKey(
        TrainingModulePage, on_delete=models.CASCADE, related_name="prerequisite_links"
    )
    prerequisite = models.ForeignKey(
        TrainingModulePage,
        on_delete=models.CASCADE,
        related_name="required_by_links",
        verbose_name=_("prerequisite module"),
    )

    panels = [FieldPanel("prerequisite")]

    class Meta(Orderable.Meta):
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "prerequisite"], name="unique_module_prerequisite"
            ),
            models.CheckConstraint(
                condition=~models.Q(module=models.F("prerequisite")),
                name="module_not_own_prerequisite",
            ),
        ]

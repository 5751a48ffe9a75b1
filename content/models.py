from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from content.selectors import home_page_overview
from modules.blocks import TextBlock


class HomePage(Page):
    """The site's front page: what Backpack is, the four levels, the way into the backpack."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("The welcome text at the top of the home page."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # One address in every language; the prefix says which (decision 0010).
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "modules.BackpackPage",
        "adaptation.NationalCurriculumIndexPage",
        "content.StandardPage",
    ]
    max_count_per_parent = 1
    template = "content/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_overview(home=self))
        return context


class StandardPage(Page):
    """A plain page of text, e.g. 'About Backpack' or 'How to use the modules'."""

    body = StreamField([("text", TextBlock())], verbose_name=_("body"))

    search_fields = [*Page.search_fields, index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("body")]
    # One address in every language; the prefix says which (decision 0010).
    override_translatable_fields = [SynchronizedField("slug")]
    parent_page_types = ["content.HomePage", "content.StandardPage"]
    template = "content/standard_page.html"

    class Meta:
        verbose_name = _("standard page")

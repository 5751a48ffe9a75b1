"""Blocks of national adaptation: the body of an adapted module, whose slots take the
country's own text, and the parts of a country's curriculum page."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from modules.blocks import RICH_TEXT_FEATURES, AdaptationSlotBlock, ModuleBodyBlock


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


def has_country_text(national_text) -> bool:
    """Whether a slot's country text says anything (empty paragraphs do not count).

    Takes the stored HTML or a RichText value; one rule for the page, the edit
    screen's list of empty slots and the upstream merge.
    """
    source = getattr(national_text, "source", national_text) or ""
    return bool(strip_tags(str(source)).strip())


class AdaptedSlotBlock(AdaptationSlotBlock):
    """An adaptation slot in a country's version: the generic text, and the country's own."""

    national_text = blocks.RichTextBlock(
        label=_("Your country's text"),
        features=RICH_TEXT_FEATURES,
        required=False,
        help_text=_("Write it for your country. Until you do, the generic text is shown."),
    )

    class Meta:
        icon = "site"
        template = "adaptation/blocks/adapted_slot_block.html"
        description = _("A part your country rewrites: fill “Your country's text”.")

    def get_searchable_content(self, value):
        text = value.get("national_text")
        if has_country_text(text):
            return self.child_blocks["national_text"].get_searchable_content(text)
        return super().get_searchable_content(value)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["has_country_text"] = has_country_text(value.get("national_text"))
        return context


class AdaptedModuleBodyBlock(ModuleBodyBlock):
    """The body of an adapted module: the generic blocks, slots with the country's text,
    and any local block the platform adds (they have no counterpart in the generic module)."""

    adaptation_slot = AdaptedSlotBlock(label=_("Adaptation slot"))

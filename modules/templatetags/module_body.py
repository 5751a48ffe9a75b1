"""A module's body, its blocks rendered once per content version (issue 19, decision 0037).

Rendering the StreamField's blocks was a large part of a module page's CPU, and what most
blocks show depends only on the published page, the language and whether the reader sees
facilitator notes. Those blocks' HTML is kept per content version, page, revision, host,
language and that one fact about the reader. Blocks that show something of the reader
(an H5P activity or a SCORM course: tokens, a CSRF token, the learner's key) are
rendered on every request, as is everything in a preview.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from curriculum_site.content_version import cached_for_content

register = template.Library()

# Blocks whose HTML is the same for every reader who sees (or does not see) facilitator
# notes: their templates read `value`, their own get_context and `show_facilitator_notes`,
# nothing else of the request. A new block type is rendered per request until added here.
SHARED_BLOCKS = frozenset(
    {
        "text",
        "image",
        "video",
        "document",
        "knowledge_check",
        "field_exercise",
        "facilitator_note",
        "discussion_questions",
        "adaptation_slot",
    }
)


@register.simple_tag(takes_context=True)
def module_body(context, page):
    request = context.get("request")
    blocks = list(page.body)
    if (
        request is None
        or getattr(request, "is_preview", False)
        or not page.pk
        or not page.live
        or not any(block.block_type in SHARED_BLOCKS for block in blocks)
    ):
        return mark_safe("".join(_render(block, context) for block in blocks))
    notes = bool(context.get("show_facilitator_notes"))
    shared = cached_for_content(
        (
            "module-body",
            page.pk,
            page.live_revision_id,
            request.get_host(),
            get_language(),
            notes,
        ),
        lambda: {
            index: str(_render(block, context))
            for index, block in enumerate(blocks)
            if block.block_type in SHARED_BLOCKS
        },
    )
    return mark_safe(
        "".join(
            shared[index] if index in shared else str(_render(block, context))
            for index, block in enumerate(blocks)
        )
    )


def _render(block, context):
    # As `{% include_block block %}` in a template does: the block's own template, with the
    # page's context flattened (Wagtail's IncludeBlockNode), escaped unless already safe.
    return conditional_escape(block.render_as_block(context=context.flatten()))

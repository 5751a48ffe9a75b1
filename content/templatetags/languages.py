from django import template
from wagtail.models import Page

from reference.languages import page_languages as page_languages_read
from reference.languages import url_in_language

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """`{% page_languages as languages %}`: the switcher's links, the notice, hreflang."""
    request = context.get("request")
    if request is None:
        return None
    page = context.get("page")
    # Some views call their paginator's page "page"; only a Wagtail page has translations.
    return page_languages_read(request=request, page=page if isinstance(page, Page) else None)


@register.simple_tag(takes_context=True)
def localized_url(context, target):
    """`{% localized_url page %}`, or an address of the default language: the address in
    the visitor's language, so following a link does not drop them back into English."""
    request = context.get("request")
    if request is None or not target:
        return target.url if isinstance(target, Page) else (target or "")
    return url_in_language(request=request, target=target)

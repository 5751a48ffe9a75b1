"""Which pages a person may see in the admin's explorer and page chooser.

Wagtail's page chooser lists every page of the tree, drafts included, to anyone with
admin access, and its explorer opens any page below the person's "explorable root".
A national platform holding permissions in two language trees (its curriculum and its
French translation) has the whole tree as that root, so both showed another country's
unpublished adaptations (issue 14). Here:

- the explorer opens only pages the person may explore (pages they hold a permission
  on, their descendants and ancestors: Wagtail's own `explorable_instances`);
- the chooser offers those and live pages, which anyone can read on the site anyway.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def explorable_pages(user) -> QuerySet[Page]:
    return PagePermissionPolicy().explorable_instances(user)


def choosable_pages_filter(user) -> Q:
    """Pages the chooser may list for `user`: live ones, and those they may explore."""
    if user.is_superuser:
        return Q()
    return Q(live=True) | Q(pk__in=explorable_pages(user).values("pk"))


def _check_page(request, page_id, rule) -> None:
    if request.user.is_superuser:
        return
    if not Page.objects.filter(rule(request.user), pk=page_id).exists():
        raise Http404


def explorer_guard(view):
    """Wagtail's explorer view, refusing pages outside what the person may explore."""

    def guarded(request, *args, parent_page_id, **kwargs):
        _check_page(request, parent_page_id, lambda u: Q(pk__in=explorable_pages(u).values("pk")))
        return view(request, *args, parent_page_id=parent_page_id, **kwargs)

    return guarded


def chooser_guard(view):
    """Wagtail's page chooser view, browsing only pages the person may choose."""

    def guarded(request, *args, parent_page_id, **kwargs):
        _check_page(request, parent_page_id, choosable_pages_filter)
        return view(request, *args, parent_page_id=parent_page_id, **kwargs)

    return guarded


def chosen_guard(view):
    """The chooser's "chosen" answer, for chosen pages the person may choose only."""

    def guarded(request, *args, **kwargs):
        if not request.user.is_superuser:
            ids = request.GET.getlist("id")
            try:
                allowed = Page.objects.filter(choosable_pages_filter(request.user), pk__in=ids)
                if allowed.count() != len(set(ids)):
                    raise Http404
            except ValueError:
                raise Http404 from None  # a forged, non-numeric id
        return view(request, *args, **kwargs)

    return guarded

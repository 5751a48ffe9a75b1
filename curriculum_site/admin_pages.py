"""Which pages a person may see in the admin's explorer and page chooser.

Wagtail's page chooser lists every page of the tree, drafts included, to anyone with
admin access, and its explorer opens any page below the person's "explorable root".
A national platform holding permissions in two language trees (its curriculum and its
French translation) has the whole tree as that root, so both showed another country's
unpublished adaptations (issue 14). Here:

- the explorer opens only pages the person may explore (pages they hold a permission
  on, their descendants and ancestors: Wagtail's own `explorable_instances`);
- the chooser offers those and live pages, which anyone can read on the site anyway.

The permission matrix (tests/curriculum_site/test_permission_matrix.py) found three
more Wagtail screens naming other countries' drafts to a platform:

- the move confirmation, which Wagtail shows to anyone for any page and destination
  (it checks only when the move is posted): now only for a move the person may make;
- the page-types report, whose "last edited" column named the latest draft of every
  type: now the latest of the pages the person may choose;
- wagtail-localize's translations report, which listed every translation with its
  source's title: now those of pages the person may choose.
"""

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.views.report import TranslationsReportView


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


def move_confirm_guard(view):
    """Wagtail's move confirmation, for a move the person may make only (else "not found")."""

    def guarded(request, *args, page_to_move_id, destination_id, **kwargs):
        if not request.user.is_superuser:
            page = get_object_or_404(Page, pk=page_to_move_id)
            destination = get_object_or_404(Page, pk=destination_id)
            if not page.permissions_for_user(request.user).can_move_to(destination):
                raise Http404
        return view(
            request,
            *args,
            page_to_move_id=page_to_move_id,
            destination_id=destination_id,
            **kwargs,
        )

    return guarded


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's page-types report, its "last edited" page one the person may choose."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        if user.is_superuser:
            return page_types
        cleaned = self.filters.form.cleaned_data if self.filters else {}
        pages = Page.objects.filter(choosable_pages_filter(user))
        if cleaned.get("page_locale"):
            pages = pages.filter(locale__language_code=cleaned["page_locale"])
        if cleaned.get("site"):
            pages = pages.filter(path__startswith=cleaned["site"])
        for item in page_types:
            item.last_edited_page = (
                pages.filter(content_type=item)
                .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
                .specific()
                .first()
            )
        return page_types


class ScopedTranslationsReportView(TranslationsReportView):
    """wagtail-localize's translations report, of pages the person may choose only.

    Only pages are translatable here; a translation of anything else is left to superusers.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_superuser:
            return queryset
        keys = Page.objects.filter(choosable_pages_filter(user)).values("translation_key")
        return queryset.filter(source__object_id__in=keys)

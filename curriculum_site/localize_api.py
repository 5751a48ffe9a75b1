"""wagtail-localize's snippet API, answering only with what the asker may see.

The translation editor asks `/admin/localize/api/snippets/<app>/<model>/<pk>/` for the
title of a snippet a translated block points at (an H5P activity, say). As shipped,
that view answers any admin user with every row of any snippet model: every country's
producer groups, sessions and farmers (issue 14). Here each model lists only the rows
its permission policy lets the asker view or change, as the snippet's own admin
listing does; anything else is "not found".

Each row's edit link is the model's own snippet admin address: wagtail-localize
guessed it from the app label, which failed (a server error) for a model whose admin
lives under another name, such as countries (found by the permission matrix).
"""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail_localize.views import snippets_api


class ScopedSnippetSerializer(snippets_api.BaseSnippetSerializer):
    def get_edit_url(self, instance):
        viewset = type(instance).snippet_viewset
        return reverse(viewset.get_url_name("edit"), args=[quote(instance.pk)])


class ScopedSnippetApiViewSet(snippets_api.SnippetViewSet):
    def get_queryset(self):
        model = self.get_model()
        policy = model.snippet_viewset.permission_policy
        return policy.instances_user_has_any_permission_for(
            self.request.user, ["view", "change"]
        ).order_by("pk")

    def get_serializer_class(self):
        model = self.get_model()
        meta = type("Meta", (), {"model": model, "fields": ["id", "title", "edit_url"]})
        return type(f"{model.__name__}Serializer", (ScopedSnippetSerializer,), {"Meta": meta})

"""Snippet admin addresses that outlive a move of their model to another app.

Wagtail builds a snippet's admin addresses from its model's app label
(/admin/snippets/<app>/<model>/ and the URL names wagtailsnippets_<app>_<model>).
Models that moved to another app (decision 0017) keep the addresses they had, so
bookmarks, links in e-mails and every `reverse()` keep working.
"""

from django.urls import include, path
from django.utils.functional import cached_property
from wagtail import hooks


class AddressesKeptFrom:
    """Mix into a SnippetViewSet and set `addresses_app_label` to the app the model left."""

    addresses_app_label: str

    @cached_property
    def url_prefix(self):
        return f"snippets/{self.addresses_app_label}/{self.model_name}"

    @cached_property
    def url_namespace(self):
        return f"wagtailsnippets_{self.addresses_app_label}_{self.model_name}"

    def get_chooser_admin_url_namespace(self):
        return f"wagtailsnippetchoosers_{self.addresses_app_label}_{self.model_name}"

    def get_chooser_admin_base_path(self):
        return f"snippets/choose/{self.addresses_app_label}/{self.model_name}"

    def on_register(self):
        super().on_register()
        # wagtail-localize names a snippet's screens after its model's own app label
        # (wagtailsnippets_reference_theme:edit, decision 0020): the same screens answer
        # under that name and address too.
        app_label, model_name = self.model._meta.app_label, self.model._meta.model_name
        if app_label == self.addresses_app_label:
            return
        namespace = f"wagtailsnippets_{app_label}_{model_name}"

        def urls():
            return [
                path(
                    f"snippets/{app_label}/{model_name}/",
                    include((self.get_urlpatterns(), namespace), namespace=namespace),
                )
            ]

        hooks.register("register_admin_urls", urls)

"""The admin form of requirement catalogues: numbered on creation, frozen once active."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from internal_control.services import catalogue_require_draft, next_version


class RequirementCatalogueForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                catalogue_require_draft(self.instance)
            except ValidationError as error:
                raise ValidationError(error.messages[0]) from None
            if cleaned.get("standard") and cleaned["standard"] != self.instance.standard:
                self.add_error(
                    "standard",
                    ValidationError(
                        _(
                            "A catalogue stays with its standard; make a new catalogue for "
                            "another one."
                        )
                    ),
                )
        return cleaned

    def save(self, commit=True):
        if not self.instance.pk:
            self.instance.version = next_version(self.cleaned_data["standard"])
        return super().save(commit=commit)

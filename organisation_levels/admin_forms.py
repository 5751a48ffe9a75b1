from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class RubricForm(WagtailAdminModelForm):
    """A rubric version is edited only while it is a draft; new versions start as drafts."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            stored = type(self.instance).objects.get(pk=self.instance.pk)
            if stored.status != stored.Status.DRAFT:
                in_use = {stored.Status.ACTIVE: _("active"), stored.Status.RETIRED: _("retired")}
                raise ValidationError(
                    _(
                        "Version %(version)s is %(status)s, so it cannot be changed: past "
                        "assessments were made with it. Copy it to make a new version."
                    )
                    % {"version": stored.version, "status": in_use[stored.status]}
                )
        return cleaned_data

    def save(self, commit=True):
        from organisation_levels.services import rubric_next_version

        if not self.instance.pk:
            self.instance.version = rubric_next_version()
        return super().save(commit=commit)

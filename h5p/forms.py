"""The admin form for H5P activities: upload a package, or replace it, and name it.

The package is checked in `clean_package`, so every problem is shown on the form
before anything is stored; `save` then hands the upload to the services, which
check it again (they never trust a caller) and extract it. What the check left out of
an accepted package (`package_notices`) is told to the author once it is saved.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from h5p.package_policy import CONTENT_EXTENSIONS, H5PPackageRejected, package_check, package_limits
from h5p.services import h5p_activity_create, h5p_activity_replace, h5p_activity_update


class PackageFileInput(forms.ClearableFileInput):
    """A file input that shows a refused package's problems as a numbered list.

    Wagtail calls `render_with_errors` when a widget has it, instead of running all
    of a field's errors together in one paragraph.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": ".h5p", **(attrs or {})})

    def render_with_errors(self, name, value, attrs=None, errors=None, renderer=None):
        return render_to_string(
            "h5p/package_problems.html",
            {"problems": list(errors or []), "input": self.render(name, value, attrs, renderer)},
        )


class H5PActivityForm(WagtailAdminModelForm):
    package = forms.FileField(
        label=_("H5P package"),
        required=False,
        widget=PackageFileInput,
        help_text=_(
            "The .h5p file exported from H5P, with its libraries. Files in content/ may only "
            "be images, audio, video, documents or data (%(extensions)s); scripts and styles "
            "only in library folders. Up to %(files)s files, %(size)s MB unpacked."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.package_notices: tuple[str, ...] = ()
        limits = package_limits()
        package = self.fields["package"]
        package.help_text = package.help_text % {
            "extensions": ", ".join(sorted(CONTENT_EXTENSIONS)),
            "files": limits.max_files,
            "size": limits.max_total_size // (1024 * 1024),
        }
        if self.is_translation:
            # A translation words its original's package; the package is replaced there.
            del self.fields["package"]
        elif self.creating:
            package.required = True
            # Empty means "the title in the package".
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leave empty to use the title given in the package.")
        else:
            package.label = _("Replace the package")
            package.help_text = _(
                "Optional. Choose a new .h5p file to replace this activity's package; "
                "modules that use the activity play the new one. "
            ) + str(package.help_text)

    @property
    def creating(self) -> bool:
        return self.instance.pk is None

    @property
    def is_translation(self) -> bool:
        return not self.creating and self.instance.locale_id != Locale.get_default().pk

    def clean_package(self):
        upload = self.cleaned_data.get("package")
        if not upload:
            return None
        if not upload.name.lower().endswith(".h5p"):
            raise ValidationError(
                _("“%(name)s” is not an .h5p file. Export the activity from H5P as .h5p."),
                params={"name": upload.name},
            )
        try:
            self.package_notices = package_check(upload=upload).notices
        except H5PPackageRejected as rejected:
            # One error per problem; no params, so a "%" in a file name stays as it is.
            raise ValidationError(
                [ValidationError(problem) for problem in rejected.problems]
            ) from None
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("package")
        title = self.cleaned_data.get("title") or ""
        description = self.cleaned_data.get("description") or ""
        if self.creating:
            self.instance = h5p_activity_create(
                upload=upload, uploaded_by=self.for_user, title=title, description=description
            )
            return self.instance
        activity = self.instance
        if upload:
            activity = h5p_activity_replace(activity=activity, upload=upload, user=self.for_user)
        self.instance = h5p_activity_update(activity=activity, title=title, description=description)
        return self.instance

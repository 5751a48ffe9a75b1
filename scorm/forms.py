"""The admin form for SCORM packages: upload a course, or replace it, and name it.

The package is checked in `clean_package`, so every problem shows on the form before
anything is stored; `save` then hands the upload to the services, which check it again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from h5p.forms import PackageFileInput
from scorm.package_policy import ScormPackageRejected, package_check, package_limits
from scorm.services import (
    scorm_package_create,
    scorm_package_replace,
    scorm_package_update,
)


class ScormPackageForm(WagtailAdminModelForm):
    package = forms.FileField(
        label=_("SCORM package"),
        required=False,
        widget=PackageFileInput(attrs={"accept": ".zip"}),
        help_text=_(
            "The .zip exported as SCORM 1.2 or SCORM 2004 (Articulate, iSpring, Adapt and "
            "others), with imsmanifest.xml at its top level. Only web content (pages, scripts, "
            "styles, images, fonts, sound, video, documents). Up to %(files)s files, "
            "%(size)s MB unpacked."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = package_limits()
        package = self.fields["package"]
        package.help_text = package.help_text % {
            "files": limits.max_files,
            "size": limits.max_total_size // (1024 * 1024),
        }
        if self.creating:
            package.required = True
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leave empty to use the title in the manifest.")
        else:
            package.label = _("Replace the package")
            package.help_text = _(
                "Optional. Choose a new SCORM .zip to replace this course; learners keep their "
                "progress in the parts the new manifest keeps. "
            ) + str(package.help_text)

    @property
    def creating(self) -> bool:
        return self.instance.pk is None

    def clean_package(self):
        upload = self.cleaned_data.get("package")
        if not upload:
            return None
        if not upload.name.lower().endswith(".zip"):
            raise ValidationError(
                _("“%(name)s” is not a .zip file. Export the course as a SCORM package (.zip)."),
                params={"name": upload.name},
            )
        try:
            package_check(upload=upload)
        except ScormPackageRejected as rejected:
            raise ValidationError(
                [ValidationError(problem) for problem in rejected.problems]
            ) from None
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("package")
        title = self.cleaned_data.get("title") or ""
        description = self.cleaned_data.get("description") or ""
        if self.creating:
            self.instance = scorm_package_create(
                upload=upload, uploaded_by=self.for_user, title=title, description=description
            )
            return self.instance
        package = self.instance
        if upload:
            package = scorm_package_replace(package=package, upload=upload, user=self.for_user)
        self.instance = scorm_package_update(package=package, title=title, description=description)
        return self.instance

"""Admin forms. Kept apart from models' imports so page classes can use them."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class TrainingModulePageForm(WagtailAdminPageForm):
    """Checks an author can get wrong: a unique code, and prerequisites without loops."""

    def clean(self):
        # The selectors query the module pages, which name this form: imported once both
        # are loaded.
        from modules.selectors import module_code_taken, prerequisite_cycle

        # A new module's address is its code, as the seed's are (/backpack/tr-01/), not its
        # title as the editor proposes while the title is typed (decision 0022).
        new_code = (self.cleaned_data.get("code") or "").strip()
        if new_code and not self.instance.pk:
            self.cleaned_data["slug"] = slugify(new_code)
        cleaned_data = super().clean()
        code = (cleaned_data.get("code") or "").strip().upper()
        if code:
            cleaned_data["code"] = code
            if module_code_taken(code=code, locale=self.instance.locale, exclude=self.instance):
                self.add_error("code", _("Another module already uses the code %s.") % code)

        formset = self.formsets.get("prerequisite_links")
        if formset is not None and formset.is_valid():
            chosen = [
                form.cleaned_data["prerequisite"]
                for form in formset.forms
                if form.cleaned_data
                and form.cleaned_data.get("prerequisite")
                and not form.cleaned_data.get("DELETE")
            ]
            self._check_prerequisites(chosen, prerequisite_cycle)
        return cleaned_data

    def _check_prerequisites(self, chosen, prerequisite_cycle):
        if self.instance.pk and any(module.pk == self.instance.pk for module in chosen):
            self.add_error(None, _("A module cannot be its own prerequisite."))
            return
        if len({module.pk for module in chosen}) != len(chosen):
            self.add_error(None, _("The same prerequisite module is chosen twice."))
            return
        if self.instance.pk:
            cycle = prerequisite_cycle(module=self.instance, prerequisites=chosen)
            if cycle:
                self.add_error(
                    None,
                    _("These prerequisites make a loop: %(loop)s. Remove one of them.")
                    % {"loop": " → ".join(str(module) for module in cycle)},
                )

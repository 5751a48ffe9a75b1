from django import forms
from django.utils.translation import gettext_lazy as _


class CurriculaSearchForm(forms.Form):
    """The search box of the country curricula page. Read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)

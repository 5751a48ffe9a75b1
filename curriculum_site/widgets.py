"""Form widgets shared by the site's own (non-admin) pages."""

from django import forms


class PhoneDateInput(forms.DateInput):
    """The phone's own date picker. It reads and writes ISO dates whatever the language,
    so the value must be rendered as YYYY-MM-DD or the picker shows (and sends) nothing."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

"""Month names in the site's catalogues (decision 0020).

Django formats dates with its own catalogue's month names, and its Burmese catalogue has
none: a Burmese page read "6 October 2026". Naming them here puts them in ours (which
Django reads first); the other languages give Django's own names again.
"""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)

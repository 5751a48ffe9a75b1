"""A file to download, one way for the whole site (admin imports' templates, exports)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content, content_type: str, filename: str) -> HttpResponse:
    """A file to download (a template, an export), named `filename`. Django writes the
    header: `filename="…"` for a plain ASCII name, as before, and `filename*=utf-8''…` for
    any other (a Thai or Vietnamese group's name), which a bare header cannot carry."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

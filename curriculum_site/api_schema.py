"""Hooks for the OpenAPI schema of Backpack's own API (drf-spectacular)."""


def only_backpack_api(endpoints, **kwargs):
    """Keep the endpoints under /api/; Wagtail and wagtail-localize bring DRF views of
    their own (the admin's internal API) that are not ours to document."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]

from django.utils.functional import SimpleLazyObject

from modules.selectors import backpack_url_for_request


def backpack(request):
    """The address of the public backpack, for the site navigation. Looked up only if used."""
    return {"backpack_url": SimpleLazyObject(lambda: backpack_url_for_request(request=request))}

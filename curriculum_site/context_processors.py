from django.utils.functional import SimpleLazyObject

from curriculum_site.content_version import cached_for_person


def admin_link(request):
    """Whether the navigation links to the admin. Kept per person until people or roles
    change (decision 0025): `perms.wagtailadmin.access_admin` in the template read every
    permission of the person and their groups (two queries) on every page."""

    def shown():
        user = request.user
        return user.is_authenticated and cached_for_person(
            user, "admin", lambda: user.has_perm("wagtailadmin.access_admin")
        )

    return {"show_admin_link": SimpleLazyObject(shown)}

from wagtail.snippets.models import register_snippet

from reference.viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)

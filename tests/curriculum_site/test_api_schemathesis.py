"""The API answers what its schema says (schemathesis, property-based; decision 0018).

Requests generated from the OpenAPI schema, valid ones and invalid ones, go to the
application in process (its WSGI entry point), signed in as a trainer with a token.
Each answer must not be a server error, must have a status the schema documents for the
operation, and must have the content type and shape the schema gives that status. The
examples are bounded (and the random seed fixed) so the run is short and repeatable.

Marked `whole_site`, as the permission matrix is: a sweep of every operation of the API.
CI runs it once, in the PostgreSQL suite (the database production uses, and the stricter of
the two about odd input); each endpoint is tested on both databases by its own tests, and
`make test` alone runs it on SQLite too (decision 0024, fifteenth pass).
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ProducerGroupFactory
from training_delivery.factories import FarmerFactory
from training_delivery.models import DeviceToken

pytestmark = pytest.mark.whole_site

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Made from the running application, as a client would read it; the schema view reads no
# data, so this needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _test_connection_kept_open(test_connection_kept_open):
    """Schemathesis calls the WSGI application directly, not through Django's test client:
    the test's connection is kept open by hand (tests/conftest.py)."""


@pytest.fixture
def trainer_headers(trainer, backpack):
    """A trainer assigned to a group with a roster, and a published module to deliver."""
    group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    group.trainers.add(trainer)
    group.save()
    FarmerFactory(group=group, member_code="M-1")
    TrainingModulePageFactory(parent=backpack, code="PO-01").save_revision().publish()
    # Answers uncompressed: the site gzips GETs for browsers that ask (decision 0025), and the
    # WSGI transport schemathesis uses here would hand it the compressed bytes to read.
    return {
        "Authorization": f"Token {DeviceToken.issue(user=trainer)[1]}",
        "Accept-Encoding": "identity",
    }


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_the_api_answers_as_its_schema_says(case, trainer_headers):
    case.call_and_validate(headers=trainer_headers, checks=CHECKS)

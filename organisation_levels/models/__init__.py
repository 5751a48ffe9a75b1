from organisation_levels.models.levels import OrganisationLevel
from organisation_levels.models.rubric import Rubric

__all__ = ["OrganisationLevel", "Rubric"]

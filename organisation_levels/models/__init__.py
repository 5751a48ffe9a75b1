from organisation_levels.models.assessments import LevelAssessment
from organisation_levels.models.groups import GroupCertification, ProducerGroup
from organisation_levels.models.levels import OrganisationLevel
from organisation_levels.models.rubric import Rubric

__all__ = ["GroupCertification", "LevelAssessment", "OrganisationLevel", "ProducerGroup", "Rubric"]

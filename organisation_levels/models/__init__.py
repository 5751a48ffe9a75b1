from organisation_levels.models.assessments import LevelAssessment
from organisation_levels.models.evidence import AssessmentEvidence, ImprovementItemEvidence
from organisation_levels.models.groups import GroupCertification, ProducerGroup
from organisation_levels.models.improvement import (
    ImprovementCycle,
    ImprovementItem,
    ImprovementItemUpdate,
)
from organisation_levels.models.people import CountryPerson
from organisation_levels.models.rubric import Rubric

__all__ = [
    "AssessmentEvidence",
    "CountryPerson",
    "GroupCertification",
    "ImprovementCycle",
    "ImprovementItem",
    "ImprovementItemEvidence",
    "ImprovementItemUpdate",
    "LevelAssessment",
    "ProducerGroup",
    "Rubric",
]

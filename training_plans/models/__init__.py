from training_plans.models.assessments import (
    NeedRating,
    NeedsAssessment,
    RiskAssessment,
    RiskRating,
)
from training_plans.models.plans import TrainingPlan, TrainingPlanItem

__all__ = [
    "NeedRating",
    "NeedsAssessment",
    "RiskAssessment",
    "RiskRating",
    "TrainingPlan",
    "TrainingPlanItem",
]

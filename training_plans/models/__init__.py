from training_plans.models.actions import ActionReview, PlanAction, PlanReview
from training_plans.models.assessments import (
    NeedRating,
    NeedsAssessment,
    RiskAssessment,
    RiskEvidence,
    RiskRating,
)
from training_plans.models.plans import TrainingPlan, TrainingPlanItem

__all__ = [
    "ActionReview",
    "NeedRating",
    "NeedsAssessment",
    "PlanAction",
    "PlanReview",
    "RiskAssessment",
    "RiskEvidence",
    "RiskRating",
    "TrainingPlan",
    "TrainingPlanItem",
]

from h5p.models import H5PActivity, H5PProgress, H5PStatement
from modules.models.pages import BackpackPage, ModulePrerequisite, TrainingModulePage
from modules.models.workflow import CommitteeReviewTask
from pilot_feedback.models import PilotFeedback

__all__ = [
    "BackpackPage",
    "CommitteeReviewTask",
    "H5PActivity",
    "H5PProgress",
    "H5PStatement",
    "ModulePrerequisite",
    "PilotFeedback",
    "TrainingModulePage",
]

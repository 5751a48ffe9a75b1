from modules.models.feedback import PilotFeedback
from modules.models.h5p import H5PActivity
from modules.models.h5p_progress import H5PProgress, H5PStatement
from modules.models.national import (
    AdaptedModulePage,
    NationalCurriculumIndexPage,
    NationalCurriculumPage,
)
from modules.models.pages import BackpackPage, ModulePrerequisite, TrainingModulePage
from modules.models.workflow import CommitteeReviewTask

__all__ = [
    "AdaptedModulePage",
    "BackpackPage",
    "CommitteeReviewTask",
    "H5PActivity",
    "H5PProgress",
    "H5PStatement",
    "ModulePrerequisite",
    "NationalCurriculumIndexPage",
    "NationalCurriculumPage",
    "PilotFeedback",
    "TrainingModulePage",
]

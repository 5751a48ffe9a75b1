from modules.models.pages import BackpackPage, ModulePrerequisite, TrainingModulePage
from modules.models.workflow import CommitteeReviewTask

__all__ = [
    "BackpackPage",
    "CommitteeReviewTask",
    "ModulePrerequisite",
    "TrainingModulePage",
]

from modules.models.pages import BackpackPage, ModulePrerequisite, TrainingModulePage
from modules.models.taxonomy import Commodity, Country, DeliveryMethod, NeedArea, Standard, Theme
from modules.models.workflow import CommitteeReviewTask

__all__ = [
    "BackpackPage",
    "CommitteeReviewTask",
    "Commodity",
    "Country",
    "DeliveryMethod",
    "ModulePrerequisite",
    "NeedArea",
    "Standard",
    "Theme",
    "TrainingModulePage",
]

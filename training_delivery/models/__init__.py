from training_delivery.models.roster import Farmer, Gender
from training_delivery.models.sessions import (
    Attendance,
    SessionMethod,
    SessionModule,
    SessionPhoto,
    SessionSource,
    SessionTrainer,
    TrainingSession,
)

__all__ = [
    "Attendance",
    "Farmer",
    "Gender",
    "SessionMethod",
    "SessionModule",
    "SessionPhoto",
    "SessionSource",
    "SessionTrainer",
    "TrainingSession",
]

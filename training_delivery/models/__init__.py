from training_delivery.models.consent import ConsentText, FarmerConsent
from training_delivery.models.devices import DeviceToken
from training_delivery.models.roster import AGE_BANDS, UNKNOWN_AGE, Farmer, Gender, age_band
from training_delivery.models.sessions import (
    Attendance,
    SessionMethod,
    SessionModule,
    SessionPhoto,
    SessionSource,
    SessionTrainer,
    TrainingSession,
)
from training_delivery.models.walk_ins import WalkIn, WalkInStatus

__all__ = [
    "AGE_BANDS",
    "UNKNOWN_AGE",
    "Attendance",
    "ConsentText",
    "DeviceToken",
    "Farmer",
    "FarmerConsent",
    "Gender",
    "SessionMethod",
    "SessionModule",
    "SessionPhoto",
    "SessionSource",
    "SessionTrainer",
    "TrainingSession",
    "WalkIn",
    "WalkInStatus",
    "age_band",
]

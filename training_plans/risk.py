"""The documented rule that turns a risk's likelihood and severity into high, medium or low.

RSS step 2.a asks to weigh "the likelihood that a risk will occur" and "the
severity of the impact if it does occur". Both are rated 1 to 5; their product
(1 to 25) is the risk score, read on the usual five-by-five matrix:

    score  1 to 6   low      (e.g. likely but minor: 3 x 2)
    score  8 to 12  medium   (e.g. possible and serious: 3 x 4)
    score 15 to 25  high     (e.g. likely and severe: 3 x 5, or almost certain: 5 x 3)

No product of two numbers from 1 to 5 falls on 7, 13 or 14, so the bands leave
no score unplaced.

The seed's words: a high risk needs action before sourcing goes on as it is, a medium
risk needs an action plan and monitoring, a low risk needs monitoring. The level rated
first is the inherent one (without mitigation). Where mitigation is in place, and a
field visit verified it, the assessor rates a residual likelihood and severity, read on
the same bands; training plans, coverage and dashboards then use that residual level
(`RiskRating.effective_level`; decision 0030-rss-actions).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

LOWEST_MEDIUM_SCORE = 8
LOWEST_HIGH_SCORE = 15


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


# How much a risk level weighs against a need rated 1 to 5 when modules are ranked.
RISK_PRIORITY = {RiskLevel.HIGH: 5, RiskLevel.MEDIUM: 3, RiskLevel.LOW: 1}


def risk_level(*, likelihood: int, severity: int) -> RiskLevel:
    for value in (likelihood, severity):
        if not 1 <= value <= 5:
            raise ValueError(f"Likelihood and severity are rated 1 to 5, not {value}.")
    score = likelihood * severity
    if score >= LOWEST_HIGH_SCORE:
        return RiskLevel.HIGH
    if score >= LOWEST_MEDIUM_SCORE:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW

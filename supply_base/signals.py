"""Changes made outside the supply base's own services that move the group's risk
evidence (decision 0029): a plot edited or deleted in the admin (its tenure), a
forest-loss layer deleted (its flags go with it), a new risk assessment (it starts with
the evidence the plots give today). Each refreshes once the change commits."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete

from supply_base.models import DeforestationFlag, ForestLossLayer, Plot
from supply_base.risk_evidence import risk_evidence_refresh_on_commit
from training_plans.models import RiskAssessment


def _plot_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata: no farmer to read yet
    try:
        group_id = instance.farmer.group_id
    except ObjectDoesNotExist:
        return  # deleted with its farmer, whose group refreshes nothing of it
    risk_evidence_refresh_on_commit([group_id])


def _layer_deleting(sender, instance, **kwargs):
    # Before the flags are gone: the groups they name.
    risk_evidence_refresh_on_commit(
        DeforestationFlag.objects.filter(layer=instance)
        .values_list("plot__farmer__group_id", flat=True)
        .distinct()
    )


def _assessment_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.group_id:
        risk_evidence_refresh_on_commit([instance.group_id])


def connect():
    post_save.connect(_plot_changed, sender=Plot, dispatch_uid="supply_base_plot_saved")
    post_delete.connect(_plot_changed, sender=Plot, dispatch_uid="supply_base_plot_deleted")
    pre_delete.connect(
        _layer_deleting, sender=ForestLossLayer, dispatch_uid="supply_base_layer_deleting"
    )
    post_save.connect(
        _assessment_saved, sender=RiskAssessment, dispatch_uid="supply_base_assessment_saved"
    )

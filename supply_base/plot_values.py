"""What a plot says besides its geometry (crop, tenure, declared area), checked the same
way whether it comes from a file, the admin or a phone."""

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from curriculum_site.spreadsheets import choices_in_every_language, folded
from reference.models import Commodity
from supply_base.models import Tenure, TenureDocument

# How forms in the field say it, besides the choices' labels in every site language.
TENURE_WORDS = {
    Tenure.DOCUMENTED: "documented yes y oui sim ya ใช่ co documente documentado",
    Tenure.UNDOCUMENTED: "undocumented not_documented no n non nao tidak ไม่ khong",
    Tenure.UNKNOWN: "unknown inconnu desconhecido tidak_diketahui",
}
PROPERTY_ALIASES = {
    # A .dbf cuts field names at ten letters: "member_cod" is a shapefile's member_code.
    "member_code": (
        "member_code",
        "member_cod",
        "member",
        "membercode",
        "farmer_code",
        "farmer",
        "code",
    ),
    "name": ("name", "plot_name", "plot", "title"),
    "commodity": ("commodity", "crop", "culture", "cultura", "komoditas"),
    "tenure": ("tenure", "land_tenure", "documented"),
    "tenure_document": ("tenure_document", "document", "tenure_doc"),
    "area_ha": ("area_ha", "area", "hectares", "ha"),
}


def property_values(properties: dict) -> dict[str, str]:
    """A feature's properties under this module's keys, whatever their case or spelling."""
    by_key = {
        re.sub(r"[\s\-.]+", "_", folded(str(key))): value for key, value in properties.items()
    }
    values = {}
    for key, aliases in PROPERTY_ALIASES.items():
        for alias in aliases:
            value = by_key.get(alias)
            if value not in (None, ""):
                values[key] = str(value).strip()
                break
    return values


class PlotVocabulary:
    """The words a plot's fields accept, read once per import."""

    def __init__(self):
        self.commodities = {}
        for commodity in Commodity.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
            self.commodities[folded(commodity.name)] = commodity
            self.commodities[folded(commodity.slug)] = commodity
        self.tenures = choices_in_every_language(Tenure.choices)
        for tenure, words in TENURE_WORDS.items():
            self.tenures.update({folded(word.replace("_", " ")): tenure for word in words.split()})
        self.documents = choices_in_every_language(TenureDocument.choices)

    def check(self, values: dict[str, str]) -> tuple[dict, dict[str, str]]:
        """(plot fields, {field: problem}) for the values of one plot."""
        fields, errors = {"name": values.get("name", "")[:120]}, {}
        commodity_text = values.get("commodity", "")
        fields["commodity"] = None
        if commodity_text:
            fields["commodity"] = self.commodities.get(folded(commodity_text))
            if fields["commodity"] is None:
                errors["commodity"] = _("“%(value)s” is not a commodity we know.") % {
                    "value": commodity_text
                }
        tenure_text = values.get("tenure", "")
        fields["tenure"] = self.tenures.get(folded(tenure_text)) if tenure_text else Tenure.UNKNOWN
        if fields["tenure"] is None:
            errors["tenure"] = _(
                "“%(value)s” is not a tenure: write documented, not documented or unknown."
            ) % {"value": tenure_text}
        document_text = values.get("tenure_document", "")
        fields["tenure_document"] = ""
        if document_text:
            document = self.documents.get(folded(document_text))
            if document is None:
                # A document the list does not name is still a document: kept as a note.
                fields["tenure_document"] = TenureDocument.OTHER
                fields["tenure_notes"] = document_text[:500]
            else:
                fields["tenure_document"] = document
            if fields["tenure"] == Tenure.UNKNOWN:
                fields["tenure"] = Tenure.DOCUMENTED
            elif fields["tenure"] == Tenure.UNDOCUMENTED:
                errors["tenure_document"] = _(
                    "A document is named but the tenure is “not documented”."
                )
        area_text = values.get("area_ha", "").replace(",", ".")
        fields["declared_area"] = None
        if area_text:
            try:
                fields["declared_area"] = Decimal(area_text)
            except InvalidOperation:
                errors["area_ha"] = _("The area must be a number of hectares, such as 1.5.")
            else:
                if not fields["declared_area"].is_finite() or fields["declared_area"] <= 0:
                    errors["area_ha"] = _("The area must be a number of hectares, such as 1.5.")
        return fields, errors

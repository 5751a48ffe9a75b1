"""The starting vocabularies, from SCAN (seed 002), RSS (seed 000) and GPSNR (seed 001).

The technical committee edits them afterwards as snippets; this runs once.
"""

from django.db import migrations

THEMES = [
    ("producer-organisation", "Producer organisation and governance"),
    ("quality-management", "Quality management and internal control"),
    ("good-agricultural-practices", "Good agricultural practices"),
    ("post-harvest-quality", "Post-harvest quality"),
    ("marketing-risk-management", "Marketing and risk management"),
    ("traceability-food-safety", "Traceability and food safety"),
    ("environment", "Environment"),
    ("social-labour", "Social and labour"),
    ("livelihoods-food-security", "Livelihoods and food security"),
    ("certification-requirements", "Certification requirements"),
]

NEED_AREAS = [
    ("land-rights", "Land rights and conflicts", "core_risk"),
    ("deforestation", "Expansion and deforestation", "core_risk"),
    ("labour-rights", "Labour rights and working conditions", "core_risk"),
    ("yields-food-security", "Better yields and food security", "support_area"),
    ("livelihoods-institutions", "Improved livelihoods and institutions", "support_area"),
    ("agricultural-practices", "Better agricultural practices", "support_area"),
]

STANDARDS = [
    ("fairtrade", "Fairtrade", "https://www.fairtrade.net/"),
    ("rainforest-alliance", "Rainforest Alliance", "https://www.rainforest-alliance.org/"),
    ("organic", "Organic", ""),
    ("4c", "4C", "https://www.4c-services.org/"),
    ("globalgap", "GLOBALG.A.P.", "https://www.globalgap.org/"),
    ("rspo", "RSPO (Roundtable on Sustainable Palm Oil)", "https://rspo.org/"),
    ("fsc", "FSC (Forest Stewardship Council)", "https://fsc.org/"),
    ("iso-9001", "ISO 9001 quality management", "https://www.iso.org/standard/62085.html"),
    ("iso-22000", "ISO 22000 food safety management", "https://www.iso.org/standard/65464.html"),
]

COMMODITIES = [
    ("coffee", "Coffee"),
    ("cocoa", "Cocoa"),
    ("natural-rubber", "Natural rubber"),
    ("palm-oil", "Palm oil"),
    ("tea", "Tea"),
]

DELIVERY_METHODS = [
    (
        "farmer-field-school",
        "Farmer field school",
        "Season-long learning by doing in a group plot.",
    ),
    ("workshop", "Workshop", "A day or half day with a group, indoors or under a tree."),
    ("one-to-one", "One-to-one visit", "A trainer visits one farmer or the group's leaders."),
    ("call", "Call", "A national or international phone or video call."),
]

# name, slug, ISO code, languages (the first is the country's main language)
COUNTRIES = [
    ("Brazil", "brazil", "BR", ["pt"]),
    ("Côte d'Ivoire", "cote-divoire", "CI", ["fr"]),
    ("Ghana", "ghana", "GH", ["en"]),
    ("Indonesia", "indonesia", "ID", ["id"]),
    ("Myanmar", "myanmar", "MM", ["my", "en"]),
    ("Thailand", "thailand", "TH", ["th"]),
    ("Vietnam", "vietnam", "VN", ["vi"]),
]

LANGUAGES = ["en", "fr", "pt", "id", "th", "vi", "my"]


def seed(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)

    Theme = apps.get_model("modules", "Theme")
    for slug, name in THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"name": name})

    NeedArea = apps.get_model("modules", "NeedArea")
    for slug, name, kind in NEED_AREAS:
        NeedArea.objects.update_or_create(slug=slug, defaults={"name": name, "kind": kind})

    Standard = apps.get_model("modules", "Standard")
    for slug, name, website in STANDARDS:
        Standard.objects.update_or_create(slug=slug, defaults={"name": name, "website": website})

    Commodity = apps.get_model("modules", "Commodity")
    for slug, name in COMMODITIES:
        Commodity.objects.update_or_create(slug=slug, defaults={"name": name})

    DeliveryMethod = apps.get_model("modules", "DeliveryMethod")
    for slug, name, description in DELIVERY_METHODS:
        DeliveryMethod.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )

    Country = apps.get_model("modules", "Country")
    for name, slug, iso_code, languages in COUNTRIES:
        country, _ = Country.objects.update_or_create(
            slug=slug, defaults={"name": name, "iso_code": iso_code}
        )
        country.languages.set(Locale.objects.filter(language_code__in=languages))


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0002_committee_review_task"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

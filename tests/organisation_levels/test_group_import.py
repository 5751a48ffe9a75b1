"""Platform staff import producer groups from a CSV or Excel file (issue 5, point 1)."""

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.group_import import COLUMNS, ImportRow, groups_import
from organisation_levels.models import ProducerGroup
from reference.models import Standard
from tests.dates import YearFromToday, on_the_day

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("organisation_levels_group_import")
HEADER = [str(column.label) for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]
LABEL = {column.key: str(column.label) for column in COLUMNS}
GOOD = {
    "name": "Kumasi cocoa farmers",
    "country": "Ghana",
    "region": "Ashanti",
    "commodities": "Cocoa; coffee",
    "members_women": "12",
    "members_men": "18",
    "year_formed": "2012",
    "contact_name": "Ama Mensah",
    "contact_phone": "+233 20 123 4567",
    "contact_email": "ama@example.org",
    "latitude": "6.6885",
    "longitude": "-1.6244",
    "certifications": "Fairtrade | FLOCERT | 2026-06-30; organic | Ecocert",
}


def group_row(**values):
    return [{**GOOD, **values}[key] for key in KEYS]


def csv_upload(rows, header=HEADER, name="groups.csv", encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), "text/csv")


def xlsx_upload(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("groups.xlsx", buffer.getvalue())


def template_url(file_format):
    return reverse("organisation_levels_group_import_template", args=[file_format])


def import_file(client, user, upload):
    client.force_login(user)
    return client.post(IMPORT_URL, {"file": upload})


def file_error(response):
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["file"])


def flashed(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def problems(response):
    assert response.status_code == 200, "the import should have been refused"
    return [(p.row, p.column, p.message) for p in response.context["problems"]]


@pytest.mark.parametrize(
    "file_format, read", [("xlsx", pd.read_excel), ("csv", pd.read_csv)], ids=["xlsx", "csv"]
)
def test_both_templates_have_the_documented_header(
    client, ghana_platform_member, file_format, read
):
    client.force_login(ghana_platform_member)

    response = client.get(template_url(file_format))

    assert response.status_code == 200
    assert f"producer-groups-template.{file_format}" in response["Content-Disposition"]
    table = read(io.BytesIO(response.content), dtype=str, keep_default_na=False)
    assert list(table.columns) == HEADER
    assert table.empty


def test_the_excel_template_explains_each_column_and_lists_valid_names(
    client, ghana_platform_member
):
    client.force_login(ghana_platform_member)

    content = client.get(template_url("xlsx")).content

    guide = pd.read_excel(io.BytesIO(content), sheet_name="How to fill", header=None, dtype=str)
    text = " ".join(guide.fillna("").to_numpy().ravel())
    assert all(label in text for label in HEADER)
    assert "Ghana" in text and "Vietnam" not in text  # only the countries they may import
    assert "Cocoa" in text and "Fairtrade" in text


def test_a_good_csv_is_imported_with_its_commodities_and_certifications(
    client, ghana_platform_member
):
    response = import_file(client, ghana_platform_member, csv_upload([group_row()]))

    assert response.status_code == 302
    assert response.url == reverse(ProducerGroup.snippet_viewset.get_url_name("list"))
    assert flashed(response) == ["1 producer group imported."]
    group = ProducerGroup.objects.get()
    assert (group.name, group.country.slug, group.region) == (GOOD["name"], "ghana", "Ashanti")
    assert (group.members_women, group.members_men, group.year_formed) == (12, 18, 2012)
    assert (group.contact_name, group.contact_email) == ("Ama Mensah", "ama@example.org")
    assert (str(group.latitude), str(group.longitude)) == ("6.688500", "-1.624400")
    assert {commodity.slug for commodity in group.commodities.all()} == {"cocoa", "coffee"}
    assert [(c.standard.slug, c.certifier, c.valid_until) for c in group.certifications.all()] == [
        ("fairtrade", "FLOCERT", date(2026, 6, 30)),
        ("organic", "Ecocert", None),
    ]
    assert ModelLogEntry.objects.filter(
        object_id=str(group.pk), action="wagtail.create", user=ghana_platform_member
    ).exists()


def test_a_good_xlsx_is_imported_whatever_the_header_case_and_cell_types(client, superuser):
    header = ["NAME", " country ", "Women_members", "contact email", "Latitude", "commodities"]
    rows = [
        ["Dak Lak coffee group", "vn", 25, "lan@example.org", 12.68, "Coffee"],
        ["Tamale shea women", "gh", 40.0, "", None, "cocoa"],
    ]

    response = import_file(client, superuser, xlsx_upload(rows, header=header))

    assert response.status_code == 302
    assert flashed(response) == ["2 producer groups imported."]
    daklak = ProducerGroup.objects.get(name="Dak Lak coffee group")
    assert (daklak.country.slug, daklak.members_women, str(daklak.latitude)) == (
        "vietnam",
        25,
        "12.680000",
    )
    tamale = ProducerGroup.objects.get(name="Tamale shea women")
    assert (tamale.members_women, tamale.members_men, tamale.latitude) == (40, 0, None)


def test_a_csv_saved_by_excel_in_french_is_understood(client, ghana_platform_member):
    """Semicolons between cells, a comma before the decimals, a byte-order mark."""
    upload = csv_upload(
        [group_row(name="Côte farmers", latitude="6,6885", country="GHANA")],
        encoding="utf-8-sig",
        delimiter=";",
    )

    response = import_file(client, ghana_platform_member, upload)

    assert response.status_code == 302
    assert str(ProducerGroup.objects.get(name="Côte farmers").latitude) == "6.688500"


def test_a_file_of_another_type_is_refused(client, ghana_platform_member):
    upload = SimpleUploadedFile("groups.txt", b"Name,Country\nA,Ghana\n")

    response = import_file(client, ghana_platform_member, upload)

    assert "Only .xlsx (Excel) and .csv files" in file_error(response)


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 not really a zip archive", b"\xd0\xcf\x11\xe0 an old .xls"],
    ids=["corrupt", "old-xls"],
)
def test_an_unreadable_workbook_is_refused(client, ghana_platform_member, content):
    upload = SimpleUploadedFile("groups.xlsx", content)

    response = import_file(client, ghana_platform_member, upload)

    assert "cannot be read as an Excel workbook" in file_error(response)


def test_a_workbook_that_unpacks_to_far_too_much_is_refused_unread(client, ghana_platform_member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * (60 * 1024 * 1024))
    upload = SimpleUploadedFile("groups.xlsx", buffer.getvalue())
    assert upload.size < 1024 * 1024

    response = import_file(client, ghana_platform_member, upload)

    assert "far more data than 5,000 groups need" in file_error(response)


def test_a_csv_not_in_utf8_is_refused_naming_the_expected_encoding(client, ghana_platform_member):
    upload = csv_upload([group_row(name="Coopérative de Soubré")], encoding="latin-1")

    response = import_file(client, ghana_platform_member, upload)

    assert "not in UTF-8 encoding" in file_error(response)


@pytest.mark.parametrize(
    "content, message",
    [
        (b" \r\n", "The file is empty."),
        (",".join(HEADER).encode() + b"\r\n,,\r\n", "a header row but no producer groups"),
    ],
    ids=["blank", "header-only"],
)
def test_an_empty_file_is_refused(client, ghana_platform_member, content, message):
    response = import_file(client, ghana_platform_member, SimpleUploadedFile("g.csv", content))

    assert message in file_error(response)


def test_missing_required_columns_are_named(client, ghana_platform_member):
    upload = csv_upload([["Kumasi", "Ashanti"]], header=["Name", "Region or district"])

    response = import_file(client, ghana_platform_member, upload)

    assert "Required columns are missing: Country, Commodities." in file_error(response)


def test_unknown_columns_are_named(client, ghana_platform_member):
    upload = csv_upload([["Kumasi", "Ghana", "12 ha"]], header=["Name", "Country", "Farm size"])

    response = import_file(client, ghana_platform_member, upload)

    assert "Unknown columns: “Farm size”." in file_error(response)


def test_more_than_5000_rows_are_refused(client, ghana_platform_member):
    rows = [[f"Group {n}", "Ghana", "Cocoa"] for n in range(5001)]

    response = import_file(
        client, ghana_platform_member, csv_upload(rows, header=["Name", "Country", "Commodities"])
    )

    assert "more than 5,000 rows" in file_error(response)
    assert not ProducerGroup.objects.exists()


def test_a_file_over_5_mb_is_refused(client, ghana_platform_member):
    padding = "x" * (5 * 1024 * 1024)
    upload = csv_upload([["Kumasi", "Ghana", padding]], header=["Name", "Country", "Region"])

    response = import_file(client, ghana_platform_member, upload)

    assert "larger than 5 MB" in file_error(response)


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("name", "", "The name is required."),
        ("country", "", "The country is required. Use one of: Ghana (GH)."),
        ("country", "Atlantis", "Unknown country “Atlantis”. Use one of: Ghana (GH)."),
        ("commodities", "Cocoa; Bananas", "Unknown commodities: “Bananas”. Known commodities:"),
        ("commodities", " ; ", "At least one commodity is required. Known commodities:"),
        ("members_women", "twelve", "“twelve” is not a whole number."),
        ("members_women", "2.5", "“2.5” is not a whole number."),
        # A huge exponent is refused at once instead of being expanded into digits.
        ("members_women", "1e999999999", "“1e999999999” is not a whole number."),
        ("members_men", "-3", "Ensure this value is greater than or equal to 0."),
        ("year_formed", "1850", "Ensure this value is greater than or equal to 1900."),
        ("year_formed", YearFromToday(1), "The year formed cannot be in the future."),
        ("year_formed", "soon", "“soon” is not a whole number."),
        ("contact_email", "ama@", "Enter a valid email address."),
        ("latitude", "95", "Ensure this value is less than or equal to 90."),
        ("longitude", "-181", "Ensure this value is greater than or equal to -180."),
        ("latitude", "6°41'N", "“6°41'N” is not a number of degrees"),
        ("certifications", "Fairtrade FLOCERT", "“Fairtrade FLOCERT” is not written as"),
        ("certifications", "Fair trade | FLOCERT", "Unknown standard “Fair trade”"),
        ("certifications", "Fairtrade |  | 2026-06-30", "The certification body is missing"),
        ("certifications", "Fairtrade | FLOCERT | 30/06/2026", "“30/06/2026” in “Fairtrade"),
        ("certifications", "Fairtrade | FLOCERT | 2026-02-30", "not a date written as YYYY-MM-DD"),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_and_column(
    client, ghana_platform_member, column, value, message
):
    rows = [group_row(name="Good group"), ["", "", ""], group_row(**{column: on_the_day(value)})]

    response = import_file(client, ghana_platform_member, csv_upload(rows))

    # The header is row 1 and the blank row 3 still counts, as in Excel.
    [(row, reported_column, reported)] = problems(response)
    assert (row, reported_column) == (4, LABEL[column])
    assert message in reported
    assert not ProducerGroup.objects.exists()


def test_every_problem_of_a_row_is_reported(client, ghana_platform_member):
    row = group_row(members_women="many", contact_email="nobody", commodities="Rice")

    response = import_file(client, ghana_platform_member, xlsx_upload([row]))

    assert {(row, column) for row, column, _message in problems(response)} == {
        (2, "Women members"),
        (2, "Contact e-mail"),
        (2, "Commodities"),
    }


def test_one_bad_row_imports_nothing_and_leaves_existing_groups_unchanged(
    client, ghana_platform_member
):
    existing = ProducerGroupFactory(name="Ashanti cocoa farmers", members_women=7)
    rows = [
        group_row(name="First"),
        group_row(name="Second"),
        group_row(name="Third", year_formed="last year"),
        group_row(name="Fourth"),
    ]

    response = import_file(client, ghana_platform_member, csv_upload(rows))

    assert [(row, column) for row, column, _message in problems(response)] == [(4, "Year formed")]
    assert list(ProducerGroup.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.members_women == 7
    page = response.content.decode()
    assert "Nothing was imported: the file has 1 problem." in page
    assert "“last year” is not a whole number." in page


def test_a_group_twice_in_the_file_is_refused_naming_the_first_row(client, superuser):
    rows = [
        group_row(name="Kumasi cocoa farmers"),
        group_row(name="Kumasi cocoa farmers", country="Vietnam"),  # another country: fine
        group_row(name="kumasi  Cocoa farmers"),
    ]

    response = import_file(client, superuser, csv_upload(rows))

    assert problems(response) == [
        (4, "Name", "“kumasi Cocoa farmers” in Ghana is also in row 2 of this file.")
    ]


def test_a_group_already_registered_in_its_country_is_refused(client, ghana_platform_member):
    ProducerGroupFactory(name="Kumasi cocoa farmers")

    response = import_file(client, ghana_platform_member, csv_upload([group_row()]))

    assert problems(response) == [
        (2, "Name", "“Kumasi cocoa farmers” is already registered in Ghana.")
    ]
    assert ProducerGroup.objects.count() == 1


def test_a_platform_cannot_import_a_group_of_another_country(client, ghana_platform_member):
    rows = [group_row(name="Kumasi"), group_row(name="Dak Lak", country="Vietnam")]

    response = import_file(client, ghana_platform_member, csv_upload(rows))

    assert problems(response) == [
        (3, "Country", "You may not import groups of Vietnam, only of: Ghana (GH).")
    ]
    assert not ProducerGroup.objects.exists()


def test_checking_a_large_file_costs_a_fixed_number_of_queries(
    client, ghana_platform_member, django_assert_max_num_queries
):
    def bad_rows(count):
        return csv_upload([group_row(name=f"Group {n}", members_men="-1") for n in range(count)])

    client.force_login(ghana_platform_member)
    client.get(IMPORT_URL)  # session and permission look-ups, cached from here on
    with django_assert_max_num_queries(50) as one_row:
        client.post(IMPORT_URL, {"file": bad_rows(1)})

    # The admin's own menu and chrome cost the same whatever the file; the rows cost nothing.
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = client.post(IMPORT_URL, {"file": bad_rows(200)})

    assert len(problems(response)) == 200


def test_storing_a_large_file_costs_a_fixed_number_of_queries(
    ghana_platform_member, django_assert_max_num_queries
):
    """Saved one by one, 5,000 groups took ~49 s and the server cut the request (issue 14)."""

    def rows(start, count):
        return [
            ImportRow(n + 2, {**GOOD, "name": f"Group {n}"}) for n in range(start, start + count)
        ]

    with django_assert_max_num_queries(40) as one_row:
        groups_import(rows=rows(0, 1), user=ghana_platform_member)
    # Inserts go 500 rows at a time: 300 groups with two commodities and two
    # certifications each make a second INSERT for those two tables, nothing per row.
    with django_assert_max_num_queries(len(one_row.captured_queries) + 2):
        report = groups_import(rows=rows(1, 300), user=ghana_platform_member)

    assert len(report.created) == 300
    assert ProducerGroup.objects.count() == 301
    assert ModelLogEntry.objects.filter(action="wagtail.create").count() == 301


def test_the_admin_counts_imported_groups_where_a_standard_is_used(
    client, ghana_platform_member, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client, ghana_platform_member, csv_upload([group_row()]))
    group = ProducerGroup.objects.get()
    fairtrade = Standard.objects.get(slug="fairtrade")

    client.force_login(superuser)
    usage = client.get(reverse(Standard.snippet_viewset.get_url_name("usage"), args=[fairtrade.pk]))

    assert usage.status_code == 200
    assert group.name in usage.content.decode()


@pytest.mark.parametrize(
    "who, sent_to",
    [("committee_member", "wagtailadmin_home"), ("learner", "wagtailadmin_login")],
)
def test_someone_who_may_not_add_groups_cannot_import_them(client, request, who, sent_to):
    user = request.getfixturevalue(who)

    response = import_file(client, user, csv_upload([group_row()]))

    assert response.status_code == 302
    assert response.url.startswith(reverse(sent_to))
    assert client.get(IMPORT_URL).status_code == 302
    assert client.get(template_url("xlsx")).status_code == 302
    assert not ProducerGroup.objects.exists()


def test_a_forged_post_without_a_file_stores_nothing(client, ghana_platform_member):
    client.force_login(ghana_platform_member)

    response = client.post(IMPORT_URL, {"name": "Kumasi", "country": "Ghana"})

    assert file_error(response) == "This field is required."
    assert not ProducerGroup.objects.exists()


def test_the_listing_offers_the_import_only_to_those_who_may_add(
    client, ghana_platform_member, committee_member
):
    listing = reverse(ProducerGroup.snippet_viewset.get_url_name("list"))

    client.force_login(ghana_platform_member)
    assert IMPORT_URL in client.get(listing).content.decode()
    client.force_login(committee_member)
    assert IMPORT_URL not in client.get(listing).content.decode()


def test_the_import_page_offers_both_templates(client, ghana_platform_member):
    client.force_login(ghana_platform_member)

    page = client.get(IMPORT_URL).content.decode()

    assert template_url("xlsx") in page and template_url("csv") in page


def test_the_service_itself_refuses_someone_who_may_not_add_groups(committee_member):
    rows = [ImportRow(number=2, values={"name": "Kumasi", "country": "Ghana"})]

    with pytest.raises(PermissionDenied):
        groups_import(rows=rows, user=committee_member)


def test_a_long_report_shows_the_first_problems_and_counts_the_rest(client, ghana_platform_member):
    rows = [group_row(name=f"Group {n}", members_women="many") for n in range(250)]

    response = import_file(client, ghana_platform_member, csv_upload(rows))

    html = response.content.decode()
    assert len(response.context["problems"]) == 250
    assert html.count("is not a whole number") == 200
    assert "and 50 more problems" in html
    assert not ProducerGroup.objects.exists()


def test_a_formula_cell_with_no_stored_result_is_named(client, ghana_platform_member):
    upload = xlsx_upload([group_row(members_women="=SUM(1,2)")])

    response = import_file(client, ghana_platform_member, upload)

    assert "E2" in file_error(response)
    assert not ProducerGroup.objects.exists()

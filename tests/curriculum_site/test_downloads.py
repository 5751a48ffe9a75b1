"""The one way the site names a file to download (curriculum_site.downloads.attachment)."""

from urllib.parse import unquote

import pytest

from curriculum_site.downloads import attachment


def test_a_plain_name_keeps_the_header_it_always_had():
    response = attachment(b"x", "text/csv", "backpack-sessions-2027-01-01-2027-03-31.csv")

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        'attachment; filename="backpack-sessions-2027-01-01-2027-03-31.csv"'
    )


@pytest.mark.parametrize(
    "name",
    ["กลุ่มเกษตรกรโกโก้-eudr.geojson", "Hợp tác xã cà phê Đắk Lắk.xlsx", 'a "quoted" name.pdf'],
)
def test_any_name_arrives_whole_in_a_header_http_can_carry(name):
    header = attachment(b"x", "application/pdf", name)["Content-Disposition"]

    header.encode("latin-1")  # what an HTTP header may hold: no raw Thai or Vietnamese
    assert header.startswith("attachment; filename")
    if name.isascii():
        assert header == 'attachment; filename="a \\"quoted\\" name.pdf"'
    else:
        assert header.startswith("attachment; filename*=utf-8''")
        assert unquote(header.split("''", 1)[1]) == name

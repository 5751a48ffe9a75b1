"""Evidence files: what is accepted, and who gets them back (issue 5, points 3 and 4)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisation_levels import evidence
from organisation_levels.evidence import evidence_uploads_check
from organisation_levels.models import AssessmentEvidence
from organisation_levels.services import assessment_submit
from tests.organisation_levels.conftest import all_answers

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n"


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content",
    [
        ("register.png", PNG),
        ("field.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("Register.JPG", b"\xff\xd8\xff\xe0rest"),
        ("procedure.pdf", PDF),
        ("members.xlsx", b"PK\x03\x04rest"),
        ("members.csv", "name,village\nAma,Kumasi\nNgọc,Đắk Lắk\n".encode()),
        # A sample cut in the middle of a Burmese character is still text.
        ("minutes.txt", "ကျေးဇူး".encode() * 300),
    ],
)
def test_accepted_files(name, content):
    [checked] = evidence_uploads_check([upload(name, content)])

    assert (checked.name, checked.size) == (name, len(content))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("page.html", b"<html>", "“page.html”: this type of file is not accepted."),
        ("logo.svg", b"<svg>", "“logo.svg”: this type of file is not accepted."),
        ("tool.exe", b"MZ", "“tool.exe”: this type of file is not accepted."),
        ("no-extension", b"data", "“no-extension”: this type of file is not accepted."),
        ("photo.png", b"<script>", "“photo.png” is not really a .png file, or it is damaged."),
        ("scan.pdf", PNG, "“scan.pdf” is not really a .pdf file, or it is damaged."),
        ("list.csv", b"a,b\x00c", "“list.csv” is not really a .csv file, or it is damaged."),
        ("empty.pdf", b"", "“empty.pdf” is empty."),
        ("song.webp", b"RIFF\x24\x00\x00\x00WAVEfmt ", "“song.webp” is not really a .webp file"),
    ],
)
def test_refused_files_are_named(name, content, message):
    with pytest.raises(ValidationError) as refusal:
        evidence_uploads_check([upload(name, content)])

    assert refusal.value.messages[0].startswith(message)


def test_a_long_name_is_shortened_but_keeps_its_checked_extension():
    [checked] = evidence_uploads_check([upload("a" * 300 + ".html.pdf", PDF)])

    assert len(checked.name) == 200 and checked.name.endswith("aaa.pdf")


def test_size_and_count_limits(monkeypatch):
    monkeypatch.setattr(evidence, "MAX_FILE_BYTES", 1024)

    with pytest.raises(ValidationError) as refusal:
        evidence_uploads_check([upload(f"p{n}.pdf", PDF + b" " * 2000) for n in range(6)])

    assert refusal.value.messages[0] == "Attach at most 5 files at a time."
    assert "“p0.pdf” is larger than 0 MB." in refusal.value.messages


@pytest.mark.django_db
def test_evidence_is_served_only_to_people_who_see_the_group(
    client, group, manager, ghana_viewer, vietnam_group, learner
):
    assessment = assessment_submit(
        group=group,
        answers=all_answers(1),
        submitted_by=manager,
        evidence=evidence_uploads_check(
            [upload("procedure.pdf", PDF), upload("register.png", PNG)]
        ),
    )
    pdf, png = AssessmentEvidence.objects.order_by("original_name")
    assert pdf.assessment == assessment

    def fetch(user, file, group_id=group.pk, kind="assessment"):
        client.force_login(user)
        return client.get(reverse("producer_groups:evidence", args=[group_id, kind, file.pk]))

    download = fetch(ghana_viewer, pdf)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith('attachment; filename="procedure.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert fetch(manager, png)["Content-Disposition"].startswith("inline")

    assert fetch(learner, pdf).status_code == 404
    # Through a group the reader can see, a file of another group is still not found.
    vietnam_group.managers.add(learner)
    vietnam_group.save()
    assert fetch(learner, pdf, group_id=vietnam_group.pk).status_code == 404
    assert fetch(manager, pdf, kind="item").status_code == 404
    assert fetch(manager, pdf, kind="nonsense").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deleting_evidence_removes_its_file(group, manager):
    assessment_submit(
        group=group,
        answers=all_answers(1),
        submitted_by=manager,
        evidence=evidence_uploads_check([upload("procedure.pdf", PDF)]),
    )
    stored = AssessmentEvidence.objects.get()
    name, storage = stored.file.name, stored.file.storage
    assert name.startswith("evidence/") and storage.exists(name)

    group.delete()

    assert not storage.exists(name)

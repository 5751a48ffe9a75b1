"""Image, video and document blocks render light, phone-friendly markup."""

import io
import re

import pytest
import wagtail_factories
from wagtail.documents.models import Document
from wagtail.embeds.models import Embed

from modules.factories import TrainingModulePageFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=abc123"


@pytest.fixture
def stored_embed(monkeypatch):
    """The oEmbed answer for the video, as if fetched before (tests have no network)."""
    embed = Embed(
        url=VIDEO_URL,
        html='<iframe src="https://www.youtube.com/embed/abc123"></iframe>',
        type="video",
    )
    monkeypatch.setattr("wagtail.embeds.embeds.get_embed", lambda *args, **kwargs: embed)
    return embed


def test_image_video_and_document_blocks(client, backpack, stored_embed):
    image = wagtail_factories.ImageFactory(title="Drying cocoa beans on raised tables")
    handout = Document.objects.create(title="Farm diary page")
    handout.file.save("farm-diary.pdf", io.BytesIO(b"%PDF-1.4 diary"))
    module = TrainingModulePageFactory(
        parent=backpack,
        body=[
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": image.pk,
                        "alt_text": "Beans on a raised table",
                        "decorative": False,
                    },
                    "caption": "Raised tables keep beans clean.",
                },
            },
            {
                "type": "video",
                "value": {"video": VIDEO_URL, "title": "How to prune", "caption": ""},
            },
            {"type": "document", "value": {"document": handout.pk, "description": "Photocopy it"}},
        ],
    )

    html = client.get(module.url).content.decode()

    assert 'alt="Beans on a raised table"' in html
    assert 'loading="lazy"' in html and "srcset=" in html
    assert "Raised tables keep beans clean." in html
    # The player waits in a <template> until tapped; the page itself loads no iframe.
    assert '<a class="block-video__link" href="https://www.youtube.com/watch?v=abc123"' in html
    template = re.search(r"<template data-video-embed>(.*?)</template>", html, re.S).group(1)
    assert '<iframe src="https://www.youtube.com/embed/abc123">' in template
    assert "<iframe" not in html.replace(template, "")
    assert "Farm diary page" in html and "PDF" in html and "Photocopy it" in html


def test_a_video_that_cannot_be_fetched_still_leaves_a_link(client, backpack, monkeypatch):
    from wagtail.embeds.exceptions import EmbedNotFoundException

    def not_found(*args, **kwargs):
        raise EmbedNotFoundException

    monkeypatch.setattr("wagtail.embeds.embeds.get_embed", not_found)
    module = TrainingModulePageFactory(
        parent=backpack,
        body=[
            {"type": "video", "value": {"video": VIDEO_URL, "title": "How to prune", "caption": ""}}
        ],
    )

    response = client.get(module.url)

    assert response.status_code == 200
    assert f'href="{VIDEO_URL}"' in response.content.decode()

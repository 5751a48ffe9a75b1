"""`manage.py check_translations` (run by `make check`) names a string the code has and the
catalogues lack, and never writes the catalogues: CI runs it beside the test suites, which
would otherwise meet catalogues rewritten for a moment (decision 0024, eighth pass)."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from django.test.utils import override_settings

from content.management.commands.check_translations import LANGUAGES

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext's xgettext is not installed"
)


def source_tree(root: Path, sentences: list[str], translated: list[str]) -> Path:
    """A project with one module saying `sentences`, and catalogues translating
    `translated`."""
    (root / "app").mkdir(parents=True)
    lines = ["from django.utils.translation import gettext as _", ""]
    lines += [f"{index} and _({sentence!r})" for index, sentence in enumerate(sentences)]
    (root / "app" / "words.py").write_text("\n".join(lines) + "\n")
    for language in LANGUAGES:
        folder = root / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalogue = polib.POFile()
        catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        for sentence in translated:
            catalogue.append(polib.POEntry(msgid=sentence, msgstr=f"{sentence} ({language})"))
        catalogue.save(str(folder / "django.po"))
    return root


def catalogues(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted((root / "locale").rglob("*.po"))
    }


def check(root: Path, monkeypatch, seen: list) -> None:
    """Runs the command on `root`, adding to `seen` the project's catalogues as they were
    the moment makemessages ended (when the command used to have them rewritten)."""
    extract = makemessages.Command.handle

    def handle(self, *args, **options):
        try:
            return extract(self, *args, **options)
        finally:
            seen.append(catalogues(root))

    monkeypatch.setattr(makemessages.Command, "handle", handle)
    # makemessages walks the current directory: were the command to run it in place again,
    # it would meet this project, not the repository's own catalogues.
    monkeypatch.chdir(root)
    with override_settings(BASE_DIR=root, LOCALE_PATHS=[root / "locale"]):
        call_command("check_translations")


def test_a_string_missing_from_the_catalogues_is_named_and_nothing_is_written(
    tmp_path, monkeypatch
):
    root = source_tree(
        tmp_path / "project", ["Known", "A sentence added without make messages"], ["Known"]
    )
    before = catalogues(root)

    seen = []
    with pytest.raises(CommandError) as refused:
        check(root, monkeypatch, seen)

    message = str(refused.value)
    for language in LANGUAGES:
        missing = f"locale/{language}/LC_MESSAGES/django.po: not in the catalogue: “A sentence"
        assert missing in message
    assert "“Known”" not in message
    assert seen == [before]  # makemessages ran, and wrote elsewhere
    assert catalogues(root) == before


def test_catalogues_holding_every_string_pass_untouched_even_while_extracting(
    tmp_path, monkeypatch
):
    sentences = ["Known", "A sentence added later"]
    root = source_tree(tmp_path / "project", sentences, sentences)
    before = catalogues(root)

    seen = []
    check(root, monkeypatch, seen)

    assert seen == [before]  # makemessages ran, and wrote elsewhere
    assert catalogues(root) == before
    french = root / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    assert "A sentence added later (fr)" in french.read_text()

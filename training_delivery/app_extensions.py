"""Screens that apps on the floors above add to the trainer app (issue 20, point 5).

The trainer app is this app's, but some records made in the field belong to apps above it
(a grievance belongs to `consultation`). Such an app registers here, from its
`AppConfig.ready`, the key its script reads its settings under, the template of its
screen (included in the app's shell), the label of the button that opens it, and a
function giving its settings (addresses, choices, sentences) in the active language.
This app imports none of them, so the layers hold (decision 0017).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AppExtension:
    key: str  # the screen's #fragment and the key of its settings: "grievance"
    template: str  # included in the shell: one <section id="screen-<key>" hidden>
    label: Callable[[], str]  # the home screen's button, in the active language
    config: Callable[[], dict]  # what the script needs, in the active language


_extensions: dict[str, AppExtension] = {}


def app_extension_register(extension: AppExtension) -> None:
    # By key: registering twice (tests reload apps) keeps one.
    _extensions[extension.key] = extension


def app_extensions() -> list[AppExtension]:
    return list(_extensions.values())

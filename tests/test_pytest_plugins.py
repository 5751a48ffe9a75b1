"""The pytest plugins a run loads are named in pyproject.toml's addopts, with autoload off
(decision 0024, eighth pass). A plugin installed later would otherwise be silently absent:
this test names every installed one as loaded or left out, and fails on a new one."""

import importlib.metadata

# Installed for something else, not used by the suite: their fixtures (`faker`, Locust's
# `session`, anyio's `anyio_backend`) and xdist's --looponfail appear in no test.
LEFT_OUT = {"faker", "locust", "anyio", "xdist.looponfail"}


def installed_plugins() -> dict[str, str]:
    """Entry-point name → the module it loads, for every installed pytest plugin."""
    return {
        entry_point.name: entry_point.value
        for distribution in importlib.metadata.distributions()
        for entry_point in distribution.entry_points
        if entry_point.group == "pytest11"
    }


def test_every_installed_plugin_is_loaded_or_left_out_on_purpose(pytestconfig):
    plugins = pytestconfig.pluginmanager
    assert pytestconfig.known_args_namespace.disable_plugin_autoload
    installed = installed_plugins()
    modules_loaded = {getattr(plugin, "__name__", None) for plugin in plugins.get_plugins()}
    # Loaded, or turned off for this run on the command line (`-p no:xdist`).
    named = {
        name
        for name, module in installed.items()
        if module in modules_loaded or plugins.is_blocked(name)
    }

    assert set(installed) - named == LEFT_OUT
    assert named == {"django", "xdist", "schemathesis", "hypothesispytest"}
    # xdist under its own name, which Schemathesis looks for (its xdist support) and
    # `-p no:xdist` refers to.
    assert plugins.has_plugin("xdist") or plugins.is_blocked("xdist")

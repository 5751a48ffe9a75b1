"""Modules imported on first use, not when the module naming them is imported.

A web worker imports every view module at its first request (the URL resolver). Some
libraries are large and only a few requests need them: shapely and pyproj (with numpy)
are ~25 MiB that each worker would carry for the supply base's geometry alone (issue 19:
a worker stays under 150 MiB; decision 0025). `lazy_module("shapely")` gives a module
object at once and runs the library's import on the first attribute read, so code keeps
writing `shapely.Point(…)` at module level without paying for it at start-up."""

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module

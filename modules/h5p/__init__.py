"""H5P packages (issue 3): what an uploaded `.h5p` must be, and how it is stored.

- `package_policy`: the checks an upload passes before anything of it is stored,
  each failure worded for the author (docs/decisions/0013-h5p-packages.md).
- `extraction`: streams a checked package into the private storage, counting bytes.
- `services`: create, replace and delete an `H5PActivity`.
- `forms`, `viewsets`: the admin screens of the technical committee.

This package is imported by `modules.models.h5p`, so it must not import models at
import time (services and the admin import them themselves).
"""

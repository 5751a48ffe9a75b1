"""H5P activities (issues 3 and 5): uploaded packages, the sandboxed player, learner tracking.

- `package_policy`: the checks an upload passes before anything of it is stored,
  each failure worded for the author (docs/decisions/0013-h5p-packages.md).
- `extraction`: streams a checked package into the private storage, counting bytes.
- `services`: create, replace and delete an `H5PActivity`.
- `serving`, `views`, `api`: the player frame, its files and the tracking endpoints
  (docs/decisions/0014-h5p-player-and-tracking.md).
- `forms`, `viewsets`, `reports`: the admin screens of the technical committee.
"""

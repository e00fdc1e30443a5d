"""Hypothesis profile of tgpl's own suite (the tests under ``tests/`` and ``plugins/``).

The pytest plugin only loads a tgpl profile when ``HYPOTHESIS_PROFILE`` names one; this
repository's suite always wants one, so it loads ``tgpl-dev`` by default. The short names
``ci``, ``dev`` and ``thorough`` are accepted here for the ``tgpl-`` profiles.
"""

from __future__ import annotations

import os

from hypothesis import settings

import tgpl.testing.pytest_plugin as _profiles

_name = os.environ.get("HYPOTHESIS_PROFILE") or "tgpl-dev"
if f"tgpl-{_name}" in _profiles.PROFILES:
    _name = f"tgpl-{_name}"
settings.load_profile(_name)

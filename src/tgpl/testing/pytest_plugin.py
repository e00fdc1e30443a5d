"""pytest plugin registered through the ``pytest11`` entry point.

Registers the Hypothesis profiles tgpl's own suite and province plugin suites share:

* ``ci`` — 200 examples, no deadline, derandomised so CI is reproducible;
* ``dev`` — 50 examples, random, for quick local runs;
* ``thorough`` — 1,000 examples, for occasional deep runs.

Select one with ``HYPOTHESIS_PROFILE`` (``make test`` sets ``ci``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

"""pytest plugin registered through the ``pytest11`` entry point.

It registers the Hypothesis profiles that tgpl's own suite and province plugin suites
share, and loads one **only when asked**:

* ``tgpl-ci`` — 200 examples, no deadline, derandomised so CI is reproducible;
* ``tgpl-dev`` — 50 examples, random, for quick local runs;
* ``tgpl-thorough`` — 1,000 examples, for occasional deep runs.

Ask with ``HYPOTHESIS_PROFILE=tgpl-ci`` in the environment or with Hypothesis's own
``pytest --hypothesis-profile tgpl-ci``. Anything else (no variable, or a profile of your
own) leaves your Hypothesis settings untouched: installing tgpl never changes how another
project's tests run.

Without Hypothesis installed (tgpl without the ``testing`` extra) the plugin does
nothing at all, so a project that has tgpl and pytest but not Hypothesis runs its tests
as before.
"""

from __future__ import annotations

import os
from typing import Final

#: The profiles this plugin registers (all prefixed, so none shadows a profile of yours).
PROFILES: Final = ("tgpl-ci", "tgpl-dev", "tgpl-thorough")


def _register() -> bool:
    """Register the profiles; ``False`` when Hypothesis is not installed."""
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:
        return False
    settings.register_profile(
        "tgpl-ci",
        max_examples=200,
        deadline=None,
        derandomize=True,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    settings.register_profile("tgpl-dev", max_examples=50, deadline=None)
    settings.register_profile("tgpl-thorough", max_examples=1000, deadline=None)
    return True


def _load_if_asked(environ: os._Environ[str] | dict[str, str] = os.environ) -> str | None:
    """Load the tgpl profile that ``HYPOTHESIS_PROFILE`` names; return its name, else ``None``."""
    name = environ.get("HYPOTHESIS_PROFILE")
    if name not in PROFILES:
        return None
    from hypothesis import settings

    settings.load_profile(name)
    return name


if _register():
    _load_if_asked()

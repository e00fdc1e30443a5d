"""The ``pytest11`` plugin: inert without Hypothesis, and it never loads a profile unasked.

Each case runs pytest in a fresh interpreter on a one-test project outside this
repository (so this repository's ``conftest.py`` plays no part), as a user's project would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# An environment without Hypothesis: an import finder that refuses it, as if not installed.
_NO_HYPOTHESIS = """
import sys
class NoHypothesis:
    def find_spec(self, name, path=None, target=None):
        if name == "hypothesis" or name.startswith("hypothesis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NoHypothesis())
import pytest
raise SystemExit(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest"]))
"""
_WITH_HYPOTHESIS = "import pytest; raise SystemExit(pytest.main(['-q', '-p', 'no:cacheprovider']))"


# Hypothesis switches its own default profile to "ci" (derandomized) when one of these is set;
# the user's project here runs outside CI, so that the cases test tgpl's plugin alone.
_CI_MARKERS = frozenset({"CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI", "JENKINS_URL",
                         "TRAVIS", "CODEBUILD_BUILD_ID"})


def _run(project: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE" and k not in _CI_MARKERS} | env
    return subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, env=environ, check=False,
        timeout=120,
    )


def _project(tmp_path: Path, body: str) -> Path:
    (tmp_path / "test_one.py").write_text(body, encoding="utf-8")
    return tmp_path


def test_a_project_without_hypothesis_passes_with_the_plugin_loaded(tmp_path: Path) -> None:
    project = _project(tmp_path, (
        "def test_one(pytestconfig):\n"
        "    assert pytestconfig.pluginmanager.has_plugin('tgpl')\n"
    ))
    out = _run(project, _NO_HYPOTHESIS)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "1 passed" in out.stdout


_PROFILE_TEST = (
    "from hypothesis import settings\n"
    "def test_profile():\n"
    "    current = settings.default\n"
    "    assert (current.max_examples, current.derandomize) == ({examples}, {derandomize})\n"
    "    assert set(settings._profiles) >= {{'tgpl-ci', 'tgpl-dev', 'tgpl-thorough'}}\n"
)


@pytest.mark.parametrize(
    ("env", "examples", "derandomize"),
    [
        ({}, 100, False),  # nothing asked: Hypothesis's own default profile
        ({"HYPOTHESIS_PROFILE": "ci"}, 100, False),  # a name that is not ours: untouched
        ({"HYPOTHESIS_PROFILE": "tgpl-ci"}, 200, True),
    ],
)
def test_a_profile_is_loaded_only_when_the_environment_names_one_of_ours(
    tmp_path: Path, env: dict[str, str], examples: int, derandomize: bool
) -> None:
    project = _project(tmp_path, _PROFILE_TEST.format(examples=examples, derandomize=derandomize))
    out = _run(project, _WITH_HYPOTHESIS, **env)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]


def test_hypothesis_own_option_selects_a_tgpl_profile(tmp_path: Path) -> None:
    project = _project(tmp_path, _PROFILE_TEST.format(examples=1000, derandomize=False))
    code = "import pytest; raise SystemExit(pytest.main(['-q', '-p', 'no:cacheprovider', '--hypothesis-profile', 'tgpl-thorough']))"
    out = _run(project, code)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]

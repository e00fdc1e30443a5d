"""``tgpl new-plugin``: the template writes a plugin project whose own tests, ruff and
``mypy --strict`` pass as written; bad names and occupied folders are one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tgpl.cli import EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, main
from tgpl.reporting.plugins import load_plugins
from tgpl.testing.template import write_plugin

BIN = Path(sys.executable).parent


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), plugins=load_plugins(load_entrypoints=False))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_plugin_writes_the_project_and_says_what_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "new-plugin", "bac-kan", "--unit", "2004:06")
    assert (code, err) == (EXIT_OK, "")
    root = tmp_path / "tgpl-bac-kan"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        "README.md", "pyproject.toml", "src/tgpl_bac_kan/__init__.py", "src/tgpl_bac_kan/py.typed",
        "tests/test_conformance.py", "tests/test_plugin.py",
    ]
    assert "cd tgpl-bac-kan && python -m pip install -e '.[testing]'" in out
    meta = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["name"] == "tgpl-bac-kan"
    assert meta["project"]["entry-points"]["tgpl"] == {"bac_kan": "tgpl_bac_kan"}
    assert meta["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/tgpl_bac_kan"]


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["new-plugin", "Bac_Kan"], EXIT_USAGE, "(invalid plugin name) 'Bac_Kan'"),
        (["new-plugin", "bac-kan", "--unit", "2025:99"], EXIT_USAGE, "'99'"),
    ],
)
def test_bad_name_or_unit_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    argv: list[str], code: int, says: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    got, _out, err = _run(capsys, *argv)
    assert got == code
    assert len(err.strip().splitlines()) == 1
    assert says in err
    assert list(tmp_path.iterdir()) == []


def test_an_occupied_folder_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    code, _, err = _run(capsys, "new-plugin", "bac-kan", "--out", str(tmp_path))
    assert code == EXIT_OUTPUT
    assert "not empty" in err
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.mark.slow
@pytest.mark.parametrize("unit", [None, "2025:24"])
def test_the_generated_project_passes_its_own_tests_ruff_and_mypy(tmp_path: Path, unit: str | None) -> None:
    root = tmp_path / "plugin"
    write_plugin("vi-du", root, unit_code=unit)
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"} | {
        "PYTHONPATH": str(root / "src"), "HYPOTHESIS_PROFILE": "tgpl-dev", "MYPYPATH": str(root / "src"),
    }
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=root, env=env,
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert "8 passed" in tests.stdout
    ruff = shutil.which("ruff", path=str(BIN))
    if ruff is not None:
        lint = subprocess.run([ruff, "check", "."], cwd=root, capture_output=True, text=True, check=False)
        assert lint.returncode == 0, lint.stdout
    if unit is not None and (BIN / "mypy").exists():
        types = subprocess.run(
            [str(BIN / "mypy"), "--strict", "--no-incremental", "src", "tests"], cwd=root, env=env,
            capture_output=True, text=True, check=False, timeout=300,
        )
        assert types.returncode == 0, types.stdout[-3000:]

"""The docs site configuration lists every page, and every page is in the site."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_docs_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = set(re.findall(r":\s*([\w./-]+\.md)\s*$", config, flags=re.MULTILINE))
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert nav - pages == set(), f"nav entries without a page: {sorted(nav - pages)}"
    assert pages - nav == set(), f"pages missing from mkdocs.yml nav: {sorted(pages - nav)}"


def test_relative_links_between_pages_resolve() -> None:
    for page in (ROOT / "docs").rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:\s]+\.(?:md|png|json))(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_site_builds_in_strict_mode(tmp_path: Path) -> None:
    """`mkdocs build --strict` succeeds: every nav entry, link and anchor resolves."""
    import shutil
    import subprocess
    import sys

    import pytest

    mkdocs = shutil.which("mkdocs") or str(Path(sys.executable).with_name("mkdocs"))
    if not Path(mkdocs).exists():
        pytest.skip("mkdocs is not installed (extra: tgpl[docs])")
    out = subprocess.run(
        [mkdocs, "build", "--strict", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert (tmp_path / "site" / "index.html").exists()

"""The dependency rule of the GUIDE: the core never imports Qt, the GUI or the CLI; CLI and GUI are independent."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_core_imports_no_qt_gui_or_cli() -> None:
    bad = []
    for path in (ROOT / "privatrack" / "core").rglob("*.py"):
        for mod in _imports(path):
            if mod.split(".")[0] in ("PySide6", "shiboken6") or mod.startswith(("privatrack.gui", "privatrack.cli")):
                bad.append(f"{path.relative_to(ROOT)}: {mod}")
    assert bad == []


def test_cli_and_gui_do_not_import_each_other() -> None:
    bad = []
    for pkg, other in (("cli", "privatrack.gui"), ("gui", "privatrack.cli")):
        for path in (ROOT / "privatrack" / pkg).rglob("*.py"):
            bad += [f"{path.relative_to(ROOT)}: {m}" for m in _imports(path) if m.startswith(other)]
    assert bad == []


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is part of the test extra"
    # --no-cache: a test run writes nothing into the checkout (it may be read-only for the user running it)
    proc = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr

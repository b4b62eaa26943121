"""P8: the app turns core dumps off at start-up, and SECURITY.md states what it cannot promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_entry_point_disables_core_dumps() -> None:
    script = """
import resource
from privatrack.core.hardening import is_dumpable
from privatrack.launcher import main
try:
    main(["--version"])
except SystemExit:
    pass
print(resource.getrlimit(resource.RLIMIT_CORE), is_dumpable())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip().splitlines()[-1] == "(0, 0) 0"


def test_security_doc_states_memory_limitation() -> None:
    text = (ROOT / "SECURITY.md").read_text("utf-8").lower()
    assert "core dump" in text
    assert "python strings" in text and "cannot" in text and "scrub" in text

"""The ``privatrack`` entry point: no command (or ``gui``) opens the desktop app, anything else is the CLI.

It lives outside ``cli`` and ``gui`` so that neither imports the other (import-linter contract).
"""

from __future__ import annotations

import sys
from pathlib import Path

from privatrack.core.hardening import disable_core_dumps


def _launch_gui(vault: Path | None) -> int:
    from privatrack.gui.app import main as gui_main

    return int(gui_main(vault) or 0)


def main(argv: list[str] | None = None) -> None:
    disable_core_dumps()
    from privatrack.cli import run

    run(argv if argv is not None else sys.argv[1:], launch_gui=_launch_gui)


if __name__ == "__main__":
    main()

"""Command-line interface (Click); imports the core only. Commands are split by area into sibling modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from privatrack.cli import (
    classify_commands,  # noqa: F401  (registers classify, reclassify, correct)
    imap_commands,  # noqa: F401  (registers import-imap)
    import_commands,  # noqa: F401  (registers import, messages)
    vault_commands,  # noqa: F401  (registers commands)
)
from privatrack.cli.app import cli


def run(argv: list[str], launch_gui: Callable[[Path | None], int] | None = None) -> None:
    """Run the CLI; ``launch_gui`` opens the desktop app for ``privatrack`` / ``privatrack gui``."""
    cli.main(args=argv, prog_name="privatrack", obj=launch_gui)


def main() -> None:
    run([], None)


__all__ = ["cli", "run"]

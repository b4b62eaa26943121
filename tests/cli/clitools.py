"""Helpers for CLI tests: invoke the real Click group in-process and read JSON Lines output."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from privatrack.cli import cli


def run(*args: str, input: str | None = None) -> Result:
    """Run ``privatrack ARGS``; exceptions that are not mapped to an exit code fail the test."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def jsonl(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]

"""The Click group, the shared context (vault path, unlock) and the error mapping; commands live beside it."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from privatrack.core.errors import Cancelled, PrivatrackError, UserFacingError, VaultLocked
from privatrack.core.paths import default_vault_path
from privatrack.core.secrets import keyring_status
from privatrack.core.store.vault import Vault

EXIT_ERROR = 1
EXIT_PARTIAL = 3  # import: some items rejected, the rest went in
F = TypeVar("F", bound=Callable[..., Any])


class AppContext:
    """What every command needs: the vault path and a lazily unlocked vault."""

    def __init__(self, vault_path: Path, launch_gui: Callable[[Path | None], int] | None) -> None:
        self.vault_path = vault_path
        self.launch_gui = launch_gui
        self._vault: Vault | None = None

    def passphrase(self, prompt: str = "Passphrase", confirm: bool = False, env: str = "PRIVATRACK_PASSPHRASE") -> str:
        value = os.environ.get(env)
        if value:
            return value
        if not sys.stdin or not sys.stdin.isatty():
            raise click.ClickException(f"no passphrase: set {env} or run in a terminal")
        return str(click.prompt(prompt, hide_input=True, confirmation_prompt=confirm))

    def vault(self) -> Vault:
        if self._vault is None:
            env_pw = os.environ.get("PRIVATRACK_PASSPHRASE")
            try:
                self._vault = Vault.open(self.vault_path, env_pw)
            except VaultLocked:
                self._vault = Vault.open(self.vault_path, self.passphrase(), use_keyring=False)
        return self._vault

    def close(self) -> None:
        if self._vault is not None:
            self._vault.lock()
            self._vault = None


def handle_errors(fn: F) -> F:
    """Map core errors to ``ClickException`` (stderr, non-zero exit); never print secrets."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Cancelled:
            raise click.exceptions.Exit(130) from None
        except (UserFacingError, PrivatrackError) as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            # what emit_json buffered goes out here, inside the command, where Click turns a reader that has gone
            # ("| head") into a quiet exit 1; at interpreter exit it would print a BrokenPipeError
            if sys.stdout is not None:
                sys.stdout.flush()

    return wrapper  # type: ignore[return-value]


pass_app = click.make_pass_decorator(AppContext)


_JSON = json.JSONEncoder(ensure_ascii=False)  # (json.dumps builds an encoder per call: twice the cost)
_JSON_ASCII = json.JSONEncoder()


def emit_json(obj: Any) -> None:
    """Print one JSON Lines record (buffered: ``click.echo`` flushes every line, a system call per message when
    ``classify --json`` writes 100,000 of them to a pipe or a file; ``handle_errors`` flushes).

    Text the output cannot encode (``PYTHONIOENCODING=ascii``, a lone surrogate from a broken SMS backup) is written
    as ``\\u`` escapes, which every JSON reader decodes the same."""
    try:
        sys.stdout.write(_JSON.encode(obj) + "\n")
    except UnicodeEncodeError:  # (nothing was written: the line is encoded whole first)
        sys.stdout.write(_JSON_ASCII.encode(obj) + "\n")


@contextmanager
def opened(app: AppContext) -> Iterator[Vault]:
    try:
        yield app.vault()
    finally:
        app.close()


def warn_keyring() -> str | None:
    """:return: the one-line reason when no keyring backend is usable."""
    return keyring_status()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", "vault_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Vault file (default: PRIVATRACK_VAULT or the per-user data directory).")
@click.version_option(package_name="privatrack")
@click.pass_context
def cli(ctx: click.Context, vault_path: Path | None) -> None:
    """PrivaTrack: where did my personal details go? Run without a command to open the desktop app."""
    launch = ctx.obj if callable(ctx.obj) else None
    ctx.obj = AppContext(vault_path or default_vault_path(), launch)
    if ctx.invoked_subcommand is None:
        ctx.exit(_gui(ctx.obj, explicit_vault=vault_path))


def _gui(app: AppContext, explicit_vault: Path | None) -> int:
    if app.launch_gui is None:
        raise click.ClickException("the desktop app is not available from this entry point")
    return app.launch_gui(app.vault_path if explicit_vault else None)


@cli.command("gui")
@click.pass_context
def gui_cmd(ctx: click.Context) -> None:
    """Open the desktop app."""
    app: AppContext = ctx.obj
    parent = ctx.parent
    explicit = parent.params.get("vault_path") if parent else None
    ctx.exit(_gui(app, explicit))

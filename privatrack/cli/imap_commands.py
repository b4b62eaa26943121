"""The ``import-imap`` command: import new mail from an IMAP account (read-only, incremental, resumable)."""

from __future__ import annotations

import os
import sys

import click

from privatrack.cli.app import AppContext, cli, handle_errors, opened, pass_app
from privatrack.cli.import_commands import finish_import, load_classifier, stale_hint
from privatrack.core.errors import KeyringUnavailable
from privatrack.core.importers import imap as imap_import
from privatrack.core.importers.imap import SECURITY_MODES, ImapAccount, import_imap, saved_password

PASSWORD_ENV = "PRIVATRACK_IMAP_PASSWORD"


def imap_password(account: ImapAccount) -> tuple[str, str]:
    """:return: (password, where it came from): the environment, else the OS keyring, else a prompt."""
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value, "env"
    stored = saved_password(account)
    if stored:
        return stored, "keyring"
    if not sys.stdin or not sys.stdin.isatty():
        raise click.ClickException(
            f"no IMAP password: set {PASSWORD_ENV}, store it with --save-password, or run in a terminal"
        )
    prompt = f"IMAP password (or authorisation code) for {account.user}@{account.host}"
    return str(click.prompt(prompt, hide_input=True)), "prompt"


@cli.command("import-imap")
@click.option("--host", required=True, help="IMAP server, e.g. imap.163.com.")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Default: 993 for tls, 143 for starttls/none.")
@click.option("--user", required=True, help="Login name, usually the e-mail address.")
@click.option("--security", type=click.Choice(SECURITY_MODES), default="tls", show_default=True,
              help="tls, starttls, or none (plain text; only to this computer).")
@click.option("--folder", "folders", multiple=True, metavar="F",
              help="Folder to import (repeatable). Default: INBOX, the Junk/Spam folder and a promotions folder.")
@click.option("--save-password", is_flag=True, help="Remember the password in the system keyring.")
@click.option("--no-classify", is_flag=True, help="Store the messages without classifying them.")
@click.option("--verbose", "-v", is_flag=True, help="Also print warnings.")
@pass_app
@handle_errors
def import_imap_cmd(app: AppContext, host: str, port: int | None, user: str, security: str,
                    folders: tuple[str, ...], save_password: bool, no_classify: bool, verbose: bool) -> None:
    """Import new mail from an IMAP account; nothing on the server is changed (read-only, nothing marked read).

    The password comes from PRIVATRACK_IMAP_PASSWORD, else the system keyring, else a prompt. Running it again
    imports only what is new; a run stopped by a dropped connection or Ctrl-C resumes where it stopped.
    """
    account = ImapAccount(host, port, user, security, tuple(folders))
    account.validate()  # refuse plain text to a remote host before asking for any password
    password, origin = imap_password(account)
    with opened(app) as v:
        classifier = None if no_classify else load_classifier(v.db)
        report = import_imap(v.db, account, password, classifier=classifier)
        stale_hint(v.db, classifier)
    if save_password and origin != "keyring":
        try:
            imap_import.save_password(account, password)
            click.echo(f"Password saved in the system keyring for {account.user}@{account.host}", err=True)
        except KeyringUnavailable as exc:
            click.echo(f"{exc}; the password was not saved", err=True)
    finish_import(report, verbose)

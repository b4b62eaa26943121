"""The ``import-imap`` contract against a real Dovecot: summary line, exit codes, password sources."""

from __future__ import annotations

import json
from typing import Any

import keyring.backend
import keyring.core
import pytest
from click.testing import CliRunner

from privatrack.cli import cli
from tests import dovecot as _dovecot
from tests.dovecot import JUNK, Mailstore, make_message
from tests.keyrings import MemoryKeyring

dovecot = _dovecot.dovecot  # fixtures: one Dovecot for this module, a fresh user per test
mailstore = _dovecot.mailstore

pytestmark = pytest.mark.imap




def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def vault_env(cli_env: dict[str, str]) -> dict[str, str]:
    assert run("init").exit_code == 0
    return cli_env


def imap_args(box: Mailstore, *extra: str) -> list[str]:
    return ["import-imap", "--host", box.host, "--port", str(box.port), "--user", box.user, "--security", "none",
            *extra]


def test_import_imap_prints_the_import_summary_and_reruns_add_nothing(
    vault_env: dict[str, str], mailstore: Mailstore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVATRACK_IMAP_PASSWORD", mailstore.password)
    for i in range(3):
        mailstore.deliver(make_message(i))
    mailstore.deliver(make_message(1, folder="junk"), JUNK)

    first = run(*imap_args(mailstore))
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0] == "Imported 4, already present 0, rejected 0"
    again = run(*imap_args(mailstore))
    assert again.exit_code == 0 and again.output.splitlines()[0] == "Imported 0, already present 0, rejected 0"

    listed = [json.loads(line) for line in run("messages", "--json").output.splitlines()]
    assert {m["message_id"] for m in listed} == {"<inbox-0@shop.example>", "<inbox-1@shop.example>",
                                                 "<inbox-2@shop.example>", "<junk-1@shop.example>"}


def test_missing_folder_is_a_rejected_item_with_exit_3(
    vault_env: dict[str, str], mailstore: Mailstore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVATRACK_IMAP_PASSWORD", mailstore.password)
    mailstore.deliver(make_message(1))
    r = run(*imap_args(mailstore, "--folder", "INBOX", "--folder", "Nope"))
    assert r.exit_code == 3, r.output
    lines = r.output.splitlines()
    assert lines[0] == "Imported 1, already present 0, rejected 1"
    assert lines[1].startswith(f"rejected: imap://{mailstore.user}@127.0.0.1/Nope [-]: cannot open this folder")


def test_plain_text_to_a_remote_host_is_refused_before_asking_for_a_password(vault_env: dict[str, str]) -> None:
    r = CliRunner().invoke(cli, ["import-imap", "--host", "imap.example.com", "--user", "u@example.com",
                                 "--security", "none"])
    assert r.exit_code == 1 and "plain text" in r.output and "PRIVATRACK_IMAP_PASSWORD" not in r.output


def test_no_password_anywhere_is_a_clear_error(vault_env: dict[str, str], mailstore: Mailstore) -> None:
    r = CliRunner().invoke(cli, imap_args(mailstore))
    assert r.exit_code == 1 and "PRIVATRACK_IMAP_PASSWORD" in r.output


def test_wrong_password_fails_without_echoing_it(
    vault_env: dict[str, str], mailstore: Mailstore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVATRACK_IMAP_PASSWORD", "Not-The-Pw-123")
    r = CliRunner().invoke(cli, imap_args(mailstore))
    assert r.exit_code == 1 and "refused the login" in r.output and "Not-The-Pw-123" not in r.output


def test_save_password_then_import_from_the_keyring(
    vault_env: dict[str, str], mailstore: Mailstore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", ring)
    mailstore.deliver(make_message(1))
    monkeypatch.setenv("PRIVATRACK_IMAP_PASSWORD", mailstore.password)
    r = run(*imap_args(mailstore, "--save-password"))
    assert r.exit_code == 0, r.output
    assert ring.store == {("privatrack", f"imap:{mailstore.user}@127.0.0.1"): mailstore.password}

    monkeypatch.delenv("PRIVATRACK_IMAP_PASSWORD")
    mailstore.deliver(make_message(2))
    r = run(*imap_args(mailstore))
    assert r.exit_code == 0 and r.output.splitlines()[0] == "Imported 1, already present 0, rejected 0"

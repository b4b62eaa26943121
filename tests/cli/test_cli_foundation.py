"""The CLI contract of issue 2: command names, options, JSON Lines fields, errors on stderr with non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from privatrack.cli import cli
from tests.cli.clitools import jsonl, run


@pytest.fixture
def household(cli_env):  # type: ignore[no-untyped-def]
    assert run("init").exit_code == 0
    assert run("person", "add", "Alice").exit_code == 0
    assert run("detail", "add", "--person", "Alice", "--kind", "phone", "13800138000").exit_code == 0
    assert run("detail", "add", "--person", "Alice", "--kind", "email", "alice+shop@example.com").exit_code == 0
    return cli_env


def test_init_refuses_existing_vault(household) -> None:  # type: ignore[no-untyped-def]
    r = CliRunner().invoke(cli, ["init"])
    assert r.exit_code != 0 and "already exists" in r.output


def test_person_and_detail_lists_json(household) -> None:  # type: ignore[no-untyped-def]
    people = jsonl(run("person", "list", "--json").output)
    assert people == [{"id": 1, "name": "Alice", "details": 3}]
    details = {d["value"]: d for d in jsonl(run("detail", "list", "--json").output)}
    assert set(details) == {"+8613800138000", "alice+shop@example.com", "alice@example.com"}
    assert details["alice+shop@example.com"]["base"] == "alice@example.com"
    assert details["+8613800138000"]["kind"] == "phone" and details["+8613800138000"]["person"] == "Alice"


def test_merchant_disclose_consent_and_show(household) -> None:  # type: ignore[no-untyped-def]
    r = run("merchant", "add", "Tuan Deals", "--alias", "团购网", "--domain", "tuandeals.example", "--sms-sender",
            "10690001", "--signature", "团购网", "--jurisdiction", "CN", "--privacy-email", "dpo@tuandeals.example",
            "--postal-address", "1 Road, Beijing")
    assert r.exit_code == 0, r.output
    assert run("disclose", "--merchant", "团购网", "--detail", "+86 138 0013 8000", "--date", "2024-03-01",
               "--context", "group-buying deal").exit_code == 0
    assert run("consent", "grant", "--merchant", "Tuan Deals", "--channel", "sms", "--kind", "default",
               "--date", "2024-03-01", "--evidence", "pre-ticked box").exit_code == 0
    assert run("consent", "withdraw", "--merchant", "Tuan Deals", "--channel", "sms", "--detail", "13800138000",
               "--date", "2024-05-01").exit_code == 0
    assert run("consent", "refuse", "--merchant", "Tuan Deals", "--channel", "email").exit_code == 0
    [rec] = jsonl(run("merchant", "show", "tuan deals", "--json").output)
    assert rec["name"] == "Tuan Deals" and rec["jurisdiction"] == "CN"
    assert rec["signatures"] == ["团购网"] and rec["sms_senders"] == ["10690001"]
    assert rec["disclosures"][0] == {"kind": "phone", "detail": "+8613800138000", "person": "Alice",
                                     "date": "2024-03-01", "context": "group-buying deal", "evidence": None}
    assert [c["action"] for c in rec["consents"]][:2] == ["grant", "withdraw"]
    assert rec["consent_state"]["sms:+8613800138000"] == "withdrawn"
    assert rec["consent_state"]["email"] == "refused"
    names = [m["name"] for m in jsonl(run("merchant", "list", "--json").output)]
    assert "Tuan Deals" in names and "京东" in names  # the built-in directory is listed too
    text = run("merchant", "show", "Tuan Deals").output
    assert "group-buying deal" in text and "withdraw" in text


def test_signature_with_or_without_brackets(household) -> None:  # type: ignore[no-untyped-def]
    run("merchant", "add", "Shop A", "--signature", "【甲店】")
    run("merchant", "add", "Shop A", "--signature", "甲店")
    [rec] = jsonl(run("merchant", "show", "Shop A", "--json").output)
    assert rec["signatures"] == ["甲店"]


def test_errors_go_to_stderr_with_nonzero_exit_and_write_nothing(household, vault_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, **household}
    proc = subprocess.run([sys.executable, "-m", "privatrack", "disclose", "--merchant", "Nowhere Inc",
                           "--detail", "13800138000"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1
    assert "Nowhere Inc" in proc.stderr and proc.stdout == ""
    proc = subprocess.run([sys.executable, "-m", "privatrack", "consent", "grant", "--merchant", "京东",
                           "--channel", "sms", "--date", "2024-13-45"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.returncode == 1 and "YYYY-MM-DD" in proc.stderr
    # Neither failed command left a merchant behind (the directory entry was not materialised).
    assert [m["name"] for m in jsonl(run("merchant", "list", "--json", "--mine").output)] == []


def test_wrong_passphrase_exit_code_and_message(household, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PRIVATRACK_PASSPHRASE", "wrong")
    r = CliRunner().invoke(cli, ["person", "list"])
    assert r.exit_code == 1 and "wrong passphrase" in r.output
    assert "wrong" not in r.output.replace("wrong passphrase", "")


def test_passwd_and_backup(household, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PRIVATRACK_NEW_PASSPHRASE", "the new one")
    assert run("passwd").exit_code == 0
    monkeypatch.setenv("PRIVATRACK_PASSPHRASE", "the new one")
    assert jsonl(run("person", "list", "--json").output)[0]["name"] == "Alice"
    r = run("backup", str(tmp_path / "copy.db"))
    assert r.exit_code == 0 and (tmp_path / "copy.db.keys").exists()
    assert run("--vault", str(tmp_path / "copy.db"), "check").output.strip() == "ok"
    assert jsonl(run("--vault", str(tmp_path / "copy.db"), "person", "list", "--json").output)[0]["name"] == "Alice"


def test_init_with_keyring_and_no_backend_explains_in_one_line(cli_env) -> None:  # type: ignore[no-untyped-def]
    r = CliRunner().invoke(cli, ["init", "--keyring"])
    assert r.exit_code == 0
    assert "passphrase-only" in r.output


def test_vault_option_and_env_override(cli_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "elsewhere" / "v.db"
    assert run("--vault", str(other), "init").exit_code == 0
    assert other.exists() and not Path(cli_env["PRIVATRACK_VAULT"]).exists()


def test_installed_entry_point_help() -> None:
    proc = subprocess.run([sys.executable, "-m", "privatrack", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for name in ("init", "person", "detail", "merchant", "disclose", "consent", "passwd", "backup", "gui"):
        assert name in proc.stdout


def test_restore_command(household, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("backup", str(tmp_path / "b.db")).exit_code == 0
    assert run("person", "add", "Added Later").exit_code == 0
    r = run("restore", str(tmp_path / "b.db"))
    assert r.exit_code == 0, r.output
    assert [p["name"] for p in jsonl(run("person", "list", "--json").output)] == ["Alice"]
    fresh = tmp_path / "fresh" / "v.db"
    assert run("--vault", str(fresh), "restore", str(tmp_path / "b.db")).exit_code == 0
    assert [p["name"] for p in jsonl(run("--vault", str(fresh), "person", "list", "--json").output)] == ["Alice"]

"""P23: a vault written by every past schema generation opens, migrates and keeps its rows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from privatrack.core import household as hh
from privatrack.core.store.migrations import known_names, migrations
from privatrack.core.store.vault import Vault

FIXTURES = Path(__file__).parent.parent / "fixtures"
PASSPHRASE = "fixture passphrase"


@pytest.fixture
def old_vault(tmp_path: Path) -> Path:
    for name in ("vault.db", "vault.db.keys"):
        shutil.copy(FIXTURES / "vault_m001" / name, tmp_path / name)
    return tmp_path / "vault.db"


def test_m001_vault_migrates_and_keeps_rows(old_vault: Path) -> None:
    v = Vault.open(old_vault, PASSPHRASE)
    try:
        assert [m.name for m in migrations.applied(v.db)] == known_names()
        assert v.integrity_problems() == []
        # made before 16 KiB pages: no page size in its key file, SQLCipher's 4 KiB default
        assert v.keyfile.page_size == 4096 and int(v.db.execute("PRAGMA page_size").fetchone()[0]) == 4096
        counts = {t: v.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("people", "details", "merchants", "disclosures", "consent_events")}
        assert counts == {"people": 1, "details": 1, "merchants": 1, "disclosures": 1, "consent_events": 1}
        rec = hh.merchant_record(v.db, "Fixture Shop")
        assert rec["disclosures"][0]["detail"] == "+8613800138000"
        assert rec["consent_state"] == {"sms": "invalid_default"}
        # New tables from later migrations are usable.
        assert v.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    finally:
        v.lock()


def test_migration_killed_midway_leaves_old_vault_openable(old_vault: Path) -> None:
    """SIGKILL inside the second migration: the file still opens and the migration completes later."""
    script = f"""
import os, signal
import privatrack.core
from privatrack.core.store import migrations as m
from privatrack.core.store.vault import Vault
orig = m.migrations._migrations[1].fn
def killer(db):
    orig(db)  # the migration's statements ran inside its transaction ...
    os.kill(os.getpid(), signal.SIGKILL)  # ... and the process dies before COMMIT
m.migrations._migrations[1].fn = killer
Vault.open({str(old_vault)!r}, {PASSPHRASE!r})
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr.decode()
    v = Vault.open(old_vault, PASSPHRASE)
    try:
        assert [m.name for m in migrations.applied(v.db)] == known_names()
        assert v.integrity_problems() == []
        assert v.db.execute("SELECT count(*) FROM people").fetchone()[0] == 1
    finally:
        v.lock()


def test_fresh_vault_has_every_migration(vault: Vault) -> None:
    assert [m.name for m in migrations.applied(vault.db)] == known_names()

"""Key management: a random 256-bit vault key, wrapped by Argon2id(passphrase) and optionally by the keyring.

The key file beside the vault holds only salts, KDF parameters and AES-256-GCM wrapped copies of the key
(promise P3); it is written atomically. The database itself is keyed with the raw key (``x'…'``), so SQLCipher
runs no second PBKDF2 (P6).
"""

from __future__ import annotations

import base64
import json
import os
import secrets as _random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from privatrack.core import secrets
from privatrack.core.errors import (
    KeyringUnavailable,
    VaultCorrupted,
    VaultNotFound,
    WeakKdf,
    WrongPassphrase,
)

FORMAT = "privatrack-keys"
KEY_LEN = 32
# Floor below which we refuse to save (KeePassXC-style): 64 MiB, 3 passes.
MIN_MEMORY_KIB = 64 * 1024
MIN_ITERATIONS = 3
DEFAULT_MEMORY_KIB = 128 * 1024
LANES = 4
TARGET_SECONDS = float(os.environ.get("PRIVATRACK_KDF_TARGET_SECONDS", "1.0"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters stored beside the salt."""

    salt: bytes
    iterations: int
    memory_kib: int
    lanes: int = LANES

    def check_floor(self) -> None:
        if self.memory_kib < MIN_MEMORY_KIB or self.iterations < MIN_ITERATIONS or len(self.salt) < 16:
            raise WeakKdf(
                f"Argon2id parameters below the floor ({MIN_MEMORY_KIB // 1024} MiB, {MIN_ITERATIONS} passes)"
            )

    def derive(self, passphrase: str) -> bytes:
        self.check_floor()
        kdf = Argon2id(
            salt=self.salt, length=KEY_LEN, iterations=self.iterations, lanes=self.lanes, memory_cost=self.memory_kib
        )
        return kdf.derive(passphrase.encode("utf-8"))

    def to_json(self) -> dict[str, Any]:
        return {
            "name": "argon2id",
            "salt": _b64(self.salt),
            "iterations": self.iterations,
            "memory_kib": self.memory_kib,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        if data.get("name") != "argon2id":
            raise VaultCorrupted("the key file names an unknown KDF")
        return cls(_unb64(data["salt"]), int(data["iterations"]), int(data["memory_kib"]), int(data["lanes"]))


def calibrate(target_seconds: float = TARGET_SECONDS, memory_kib: int = DEFAULT_MEMORY_KIB) -> KdfParams:
    """Pick Argon2id passes so that one derivation takes about ``target_seconds`` here, never below the floor.

    :param target_seconds: wanted unlock time (KeePassXC uses 1 s).
    :param memory_kib: memory cost; at least 64 MiB.
    """
    memory_kib = max(memory_kib, MIN_MEMORY_KIB)
    salt = _random.token_bytes(16)
    probe = Argon2id(salt=salt, length=KEY_LEN, iterations=1, lanes=LANES, memory_cost=memory_kib)
    start = time.perf_counter()
    probe.derive(b"calibration")
    per_pass = max(time.perf_counter() - start, 1e-3)
    iterations = max(MIN_ITERATIONS, min(64, int(target_seconds / per_pass)))
    return KdfParams(salt=salt, iterations=iterations, memory_kib=memory_kib)


@dataclass
class Slot:
    """One wrapped copy of the vault key."""

    type: str  # "passphrase" | "keyring"
    nonce: bytes
    wrapped: bytes
    kdf: KdfParams | None = None
    keyring_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped)}
        if self.kdf is not None:
            out["kdf"] = self.kdf.to_json()
        if self.keyring_name is not None:
            out["keyring_name"] = self.keyring_name
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        return cls(
            type=str(data["type"]),
            nonce=_unb64(data["nonce"]),
            wrapped=_unb64(data["wrapped"]),
            kdf=KdfParams.from_json(data["kdf"]) if "kdf" in data else None,
            keyring_name=data.get("keyring_name"),
        )


def _aad(vault_id: str, slot_type: str) -> bytes:
    return f"{FORMAT}/1/{vault_id}/{slot_type}".encode()


def _wrap(kek: bytes, key: bytes, vault_id: str, slot_type: str) -> tuple[bytes, bytes]:
    nonce = _random.token_bytes(12)
    return nonce, AESGCM(kek).encrypt(nonce, key, _aad(vault_id, slot_type))


def _unwrap(kek: bytes, slot: Slot, vault_id: str) -> bytes:
    return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, _aad(vault_id, slot.type))


@dataclass
class KeyFile:
    """The wrapped-key file beside a vault."""

    path: Path
    vault_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    slots: list[Slot] = field(default_factory=list)
    # The database's page size: fixed when the file is created and not readable from an encrypted file.
    # Absent in key files written before 16 KiB pages, whose vaults have SQLCipher's default of 4 KiB.
    page_size: int = 4096

    # -- persistence -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeyFile:
        if not path.exists():
            raise VaultNotFound(f"{path}: key file not found (the vault cannot be opened without it)")
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT or int(data.get("version", 0)) != 1:
                raise ValueError("unknown format")
            slots = [Slot.from_json(s) for s in data["slots"]]
            page_size = int(data.get("page_size", 4096))
            if page_size not in (1024, 2048, 4096, 8192, 16384, 32768, 65536):
                raise ValueError("bad page size")
            return cls(path=path, vault_id=str(data["vault_id"]), slots=slots, page_size=page_size)
        except (ValueError, KeyError, TypeError) as exc:
            raise VaultCorrupted(f"{path}: the key file is damaged ({type(exc).__name__})") from None

    def save(self, path: Path | None = None) -> None:
        """Write atomically: temp file, fsync, rename, fsync the directory."""
        target = path or self.path
        data = {"format": FORMAT, "version": 1, "vault_id": self.vault_id, "page_size": self.page_size,
                "slots": [s.to_json() for s in self.slots]}
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    # -- slots -------------------------------------------------------------------------------------
    def slot(self, slot_type: str) -> Slot | None:
        return next((s for s in self.slots if s.type == slot_type), None)

    @property
    def keyring_name(self) -> str:
        return f"vault-{self.vault_id}"

    def set_passphrase(self, key: bytes, passphrase: str, params: KdfParams | None = None) -> None:
        """(Re)wrap ``key`` under a new passphrase with fresh salt and calibrated Argon2id."""
        if not passphrase:
            raise WrongPassphrase("the passphrase must not be empty")
        params = params or calibrate()
        params.check_floor()
        nonce, wrapped = _wrap(params.derive(passphrase), key, self.vault_id, "passphrase")
        self.slots = [s for s in self.slots if s.type != "passphrase"]
        self.slots.append(Slot("passphrase", nonce, wrapped, kdf=params))

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        slot = self.slot("passphrase")
        if slot is None or slot.kdf is None:
            raise VaultCorrupted(f"{self.path}: the key file has no passphrase slot")
        try:
            return _unwrap(slot.kdf.derive(passphrase), slot, self.vault_id)
        except InvalidTag:
            raise WrongPassphrase("wrong passphrase (the vault was not changed)") from None

    def enrol_keyring(self, key: bytes) -> None:
        """Store a fresh random key-encryption key in the OS keyring and wrap the vault key with it."""
        kek = _random.token_bytes(KEY_LEN)
        secrets.set_secret(self.keyring_name, _b64(kek))
        nonce, wrapped = _wrap(kek, key, self.vault_id, "keyring")
        self.slots = [s for s in self.slots if s.type != "keyring"]
        self.slots.append(Slot("keyring", nonce, wrapped, keyring_name=self.keyring_name))

    def remove_keyring(self) -> None:
        slot = self.slot("keyring")
        self.slots = [s for s in self.slots if s.type != "keyring"]
        if slot is not None and slot.keyring_name:
            try:
                secrets.delete_secret(slot.keyring_name)
            except KeyringUnavailable:
                pass

    def unlock_with_keyring(self) -> bytes | None:
        """:return: the key, or ``None`` when there is no keyring slot or the keyring has no (valid) entry."""
        slot = self.slot("keyring")
        if slot is None or not slot.keyring_name:
            return None
        stored = secrets.get_secret(slot.keyring_name)
        if not stored:
            return None
        try:
            return _unwrap(_unb64(stored), slot, self.vault_id)
        except (InvalidTag, ValueError):
            return None

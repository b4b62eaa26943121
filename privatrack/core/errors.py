"""Exception hierarchy: ``Cancelled`` is silent, ``UserFacingError`` is shown as is, others are bugs."""

from __future__ import annotations


class PrivatrackError(Exception):
    """Base class of every error the core raises on purpose."""


class Cancelled(PrivatrackError):  # noqa: N818 - matches the GUIDE's tier name
    """The user cancelled a long operation; never shown as an error."""


class UserFacingError(PrivatrackError):
    """An error whose message is meant for the user (it must never contain a secret)."""


class VaultNotFound(UserFacingError):
    pass


class VaultExists(UserFacingError):
    pass


class WrongPassphrase(UserFacingError):
    pass


class VaultLocked(UserFacingError):
    pass


class VaultCorrupted(UserFacingError):
    """Decryption or the page HMAC failed on data that the key should open: tampering or damage."""


class VaultTooNew(UserFacingError):
    pass


class KeyringUnavailable(UserFacingError):
    pass


class WeakKdf(UserFacingError):
    pass


class NotFound(UserFacingError):
    pass


class InvalidInput(UserFacingError):
    pass


class StorageError(UserFacingError):
    """A write failed (disk full, I/O error); the transaction was rolled back."""

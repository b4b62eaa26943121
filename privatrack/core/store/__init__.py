"""Encrypted storage: the SQLCipher connection, the schema migrations and the vault object."""

from privatrack.core.store import _sqlcipher  # noqa: F401  (must precede sqlite_utils)

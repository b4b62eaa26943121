"""Qt-free core of PrivaTrack: vault, data model, importers, classifier."""

# sqlcipher3 must be registered as pysqlite3 before sqlite_utils is first imported anywhere
# (GUIDE "Known pitfalls" 1): keep this the first import of the core.
from privatrack.core.store import _sqlcipher  # noqa: F401

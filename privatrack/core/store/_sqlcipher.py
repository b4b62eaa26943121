"""Registers sqlcipher3 under the ``pysqlite3`` name so sqlite-utils catches SQLCipher's exceptions.

sqlite-utils imports ``pysqlite3`` in preference to the stdlib ``sqlite3`` and catches that module's
``OperationalError`` in its fallbacks (``alter=True``, too many SQL variables, savepoint release).
sqlcipher3 has its own exception classes, so without this alias those fallbacks never fire.
"""

from __future__ import annotations

import sys

import sqlcipher3
import sqlcipher3.dbapi2

if "sqlite_utils" in sys.modules and sys.modules.get("pysqlite3") is not sqlcipher3:
    raise ImportError("sqlite_utils was imported before privatrack.core; import privatrack.core first")

sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlcipher3.dbapi2)

dbapi2 = sqlcipher3.dbapi2

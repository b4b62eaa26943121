"""The PySide6 desktop app: the only package that imports Qt; a thin layer over ``privatrack.core``."""

import privatrack.core  # noqa: F401  (registers sqlcipher3 before any gui module imports sqlite_utils)

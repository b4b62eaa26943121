"""``show_exception``: the one router for errors in the GUI (Cancelled silent, UserFacingError shown, bugs logged)."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from privatrack.core.errors import Cancelled, UserFacingError
from privatrack.core.store.connection import DatabaseError, IntegrityError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str | None:
    """:return: the text to show for a user-facing error, ``None`` for anything else."""
    if isinstance(exc, UserFacingError):
        return str(exc)
    if isinstance(exc, DatabaseError) and not isinstance(exc, IntegrityError):
        # A page HMAC or decryption failure mid-session (P9): say so plainly instead of a traceback.
        return QCoreApplication.translate(
            "ErrorBox",
            "The vault could not be read (%1). It may be damaged or changed outside PrivaTrack; nothing from the "
            "failed read is shown. Check it with 'privatrack check' and restore a backup if needed.",
        ).replace("%1", str(exc))
    return None


def show_exception(parent: QWidget | None, exc: BaseException, inline: QLabel | None = None) -> QMessageBox | None:
    """Show ``exc`` the way its tier asks for.

    :param parent: the widget the message belongs to.
    :param exc: the exception caught around a core call or delivered by an ``Op``.
    :param inline: a label next to the form that failed; a user-facing error is shown there instead of a box.
    :return: the (non-blocking) message box, if one was opened.
    """
    if isinstance(exc, Cancelled):
        return None
    text = user_message(exc)
    if text is not None:
        if inline is not None:
            inline.setText(text)
            inline.setVisible(True)
            return None
        title = QCoreApplication.translate("ErrorBox", "PrivaTrack")
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    else:
        # A bug: log it in full (no secrets travel in exceptions, see core.errors) and offer the traceback.
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("ErrorBox", "PrivaTrack"),
            QCoreApplication.translate(
                "ErrorBox",
                "Something went wrong inside PrivaTrack. Your data was not changed by the failed step.\n\n"
                "Please report this, with the details below.",
            ),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setDetailedText("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    box.setObjectName("errorBox")
    box.open()  # window-modal but not blocking: callers and tests keep running
    return box

"""Dialogs: unlock/create vault, add merchant, record disclosure and consent."""

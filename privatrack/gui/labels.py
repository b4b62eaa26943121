"""Translated display names for the core's fixed vocabularies (detail kinds, channels, consent states...)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def detail_kinds() -> dict[str, str]:
    return {
        "phone": QCoreApplication.translate("Labels", "Phone number"),
        "email": QCoreApplication.translate("Labels", "E-mail address"),
        "address": QCoreApplication.translate("Labels", "Postal address"),
        "name": QCoreApplication.translate("Labels", "Name"),
        "id_number": QCoreApplication.translate("Labels", "ID number"),
        "other": QCoreApplication.translate("Labels", "Other"),
    }


def channels() -> dict[str, str]:
    return {
        "sms": QCoreApplication.translate("Labels", "SMS"),
        "email": QCoreApplication.translate("Labels", "E-mail"),
        "phone": QCoreApplication.translate("Labels", "Phone calls"),
        "post": QCoreApplication.translate("Labels", "Post"),
        "any": QCoreApplication.translate("Labels", "Any channel"),
    }


def consent_actions() -> dict[str, str]:
    return {
        "grant": QCoreApplication.translate("Labels", "Granted"),
        "withdraw": QCoreApplication.translate("Labels", "Withdrawn"),
        "refuse": QCoreApplication.translate("Labels", "Refused"),
    }


def consent_kinds() -> dict[str, str]:
    return {
        "explicit": QCoreApplication.translate("Labels", "Explicit (I actively agreed)"),
        "default": QCoreApplication.translate("Labels", "By default (pre-ticked box, \"by registering you agree\")"),
    }


def consent_kinds_short() -> dict[str, str]:
    return {
        "explicit": QCoreApplication.translate("Labels", "explicit"),
        "default": QCoreApplication.translate("Labels", "by default"),
    }


def consent_states() -> dict[str, str]:
    return {
        "granted": QCoreApplication.translate("Labels", "Consent given"),
        "invalid_default": QCoreApplication.translate(
            "Labels", "Only a default opt-in (not valid consent under PIPL art. 14 / GDPR)"
        ),
        "withdrawn": QCoreApplication.translate("Labels", "Consent withdrawn"),
        "refused": QCoreApplication.translate("Labels", "Consent refused"),
        "none": QCoreApplication.translate("Labels", "No consent recorded"),
    }


def jurisdictions() -> dict[str, str]:
    return {
        "CN": QCoreApplication.translate("Labels", "China (PIPL)"),
        "EU": QCoreApplication.translate("Labels", "European Union (GDPR)"),
        "UK": QCoreApplication.translate("Labels", "United Kingdom (UK GDPR)"),
        "US": QCoreApplication.translate("Labels", "United States"),
        "US-CA": QCoreApplication.translate("Labels", "California (CCPA)"),
    }


def label(table: dict[str, str], key: str | None) -> str:
    if key is None:
        return ""
    return table.get(key, key)


def categories() -> dict[str, str]:
    return {
        "marketing": QCoreApplication.translate("Labels", "Marketing"),
        "transactional": QCoreApplication.translate("Labels", "Transactional"),
        "personal": QCoreApplication.translate("Labels", "Personal"),
        "fraud": QCoreApplication.translate("Labels", "Fraud"),
    }

"""The built-in merchant directory (``resources/data/merchants.json``), which the user's records extend and override.

Format (documented in docs/merchant-directory.md)::

    {"format": "privatrack-merchant-directory", "version": 1,
     "merchants": [{"key": "jd", "name": "京东", "names": {"zh": "京东", "en": "JD.com"}, "aliases": [...],
                    "domains": ["jd.com"], "sms_senders": ["95118"], "phones": ["950618"], "signatures": ["京东"],
                    "jurisdiction": "CN", "privacy_email": null, "postal_address": null, "sources": [...]}]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

FORMAT = "privatrack-merchant-directory"


@dataclass(frozen=True)
class DirectoryMerchant:
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    sms_senders: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # its service numbers, as its notices give them to call
    signatures: tuple[str, ...] = ()
    jurisdiction: str | None = None
    privacy_email: str | None = None
    postal_address: str | None = None
    sources: tuple[str, ...] = field(default=(), compare=False)

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def parse_directory(data: dict[str, Any]) -> list[DirectoryMerchant]:
    """Validate and parse a directory document; raises ``ValueError`` naming the bad entry."""
    if data.get("format") != FORMAT or data.get("version") != 1:
        raise ValueError("not a privatrack merchant directory (format/version)")
    out = []
    for i, m in enumerate(data["merchants"]):
        if not isinstance(m.get("key"), str) or not isinstance(m.get("name"), str):
            raise ValueError(f"merchant #{i}: 'key' and 'name' are required strings")
        names = [n for n in (m.get("names") or {}).values() if n and n != m["name"]]
        aliases = tuple(dict.fromkeys([*names, *m.get("aliases", [])]))
        out.append(
            DirectoryMerchant(
                key=m["key"],
                name=m["name"],
                aliases=aliases,
                domains=tuple(m.get("domains", [])),
                sms_senders=tuple(m.get("sms_senders", [])),
                phones=tuple(m.get("phones", [])),
                signatures=tuple(m.get("signatures", [])),
                jurisdiction=m.get("jurisdiction"),
                privacy_email=m.get("privacy_email"),
                postal_address=m.get("postal_address"),
                sources=tuple(m.get("sources", [])),
            )
        )
    return out


@lru_cache(maxsize=1)
def builtin_directory() -> tuple[DirectoryMerchant, ...]:
    """:return: the merchants shipped with the app."""
    text = resources.files("privatrack").joinpath("resources/data/merchants.json").read_text("utf-8")
    return tuple(parse_directory(json.loads(text)))


def find_in_directory(name: str) -> DirectoryMerchant | None:
    """Find a directory merchant by key, name or alias (case-insensitive)."""
    folded = name.strip().casefold()
    for m in builtin_directory():
        if folded == m.key or folded in (n.casefold() for n in m.all_names()):
            return m
    return None

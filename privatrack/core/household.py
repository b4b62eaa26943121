"""The household's data map: people, their details, merchants, disclosures and consent events.

Every public function takes a ``sqlite_utils.Database`` (the vault's writer connection) and writes in one
transaction, so nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

from sqlite_utils import Database

from privatrack.core import normalize as norm
from privatrack.core.directory import DirectoryMerchant, builtin_directory, find_in_directory
from privatrack.core.errors import InvalidInput, NotFound, StorageError
from privatrack.core.store.connection import DatabaseError, IntegrityError

CHANNELS = ("sms", "email", "phone", "post", "any")
CONSENT_KINDS = ("explicit", "default")
CONSENT_ACTIONS = ("grant", "withdraw", "refuse")
JURISDICTIONS = ("CN", "EU", "UK", "US", "US-CA")
IDENTIFIER_KINDS = ("alias", "domain", "sms_sender", "signature", "email_sender")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def parse_date(value: str | None) -> str | None:
    """Validate ``YYYY-MM-DD``; ``None`` stays ``None``."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InvalidInput(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    with _writing(db):
        db.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                   [key, value, value])


def default_region(db: Database) -> str:
    return get_setting(db, "region", norm.DEFAULT_REGION) or norm.DEFAULT_REGION


class _writing:
    """``db.atomic()`` that turns SQLite write failures (disk full, I/O) into ``StorageError`` (P13)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cm = db.atomic()

    def __enter__(self) -> Database:
        self.cm.__enter__()
        return self.db

    def __exit__(self, et: Any, ev: Any, tb: Any) -> Literal[False]:
        try:
            self.cm.__exit__(et, ev, tb)
        except DatabaseError as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise StorageError(f"the vault could not be written ({exc}); nothing was changed") from None
        if ev is not None and isinstance(ev, DatabaseError) and not isinstance(ev, IntegrityError):
            raise StorageError(f"the vault could not be written ({ev}); nothing was changed") from None
        return False


writing = _writing


# -- people and details ----------------------------------------------------------------------------
@dataclass
class Detail:
    id: int
    person: str
    kind: str
    value: str
    display: str
    base: str | None = None


def add_person(db: Database, name: str) -> int:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a person needs a name")
    if db.execute("SELECT 1 FROM people WHERE name = ?", [name]).fetchone():
        raise InvalidInput(f"a person named {name!r} already exists")
    with writing(db):
        cur = db.execute("INSERT INTO people(name, created_at) VALUES (?, ?)", [name, now_iso()])
    return int(cur.lastrowid or 0)


def person_id(db: Database, name: str) -> int:
    row = db.execute("SELECT id FROM people WHERE name = ?", [" ".join(name.split())]).fetchone()
    if not row:
        raise NotFound(f"no person named {name!r} (add one with 'privatrack person add')")
    return int(row[0])


def list_people(db: Database) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT p.id, p.name, count(d.id) FROM people p LEFT JOIN details d ON d.person_id = p.id "
        "GROUP BY p.id ORDER BY p.name"
    ).fetchall()
    return [{"id": r[0], "name": r[1], "details": r[2]} for r in rows]


def add_detail(db: Database, person: str, kind: str, value: str) -> int:
    """Record a detail of ``person``; a plus-alias e-mail is linked to its base address (created if missing)."""
    pid = person_id(db, person)
    normalized = norm.normalize_detail(kind, value, default_region(db))
    existing = db.execute("SELECT id FROM details WHERE kind = ? AND value = ?", [kind, normalized]).fetchone()
    if existing:
        raise InvalidInput(f"the {kind} {normalized!r} is already recorded")
    with writing(db):
        base_id = None
        if kind == "email" and (base := norm.email_base(normalized)):
            row = db.execute("SELECT id FROM details WHERE kind = 'email' AND value = ?", [base]).fetchone()
            if row:
                base_id = int(row[0])
            else:
                base_id = int(
                    db.execute(
                        "INSERT INTO details(person_id, kind, value, display, created_at) VALUES (?,?,?,?,?)",
                        [pid, "email", base, base, now_iso()],
                    ).lastrowid
                    or 0
                )
        cur = db.execute(
            "INSERT INTO details(person_id, kind, value, display, base_id, created_at) VALUES (?,?,?,?,?,?)",
            [pid, kind, normalized, value.strip(), base_id, now_iso()],
        )
    return int(cur.lastrowid or 0)


_DETAIL_SQL = (
    "SELECT d.id, p.name, d.kind, d.value, d.display, b.value FROM details d JOIN people p ON p.id = d.person_id "
    "LEFT JOIN details b ON b.id = d.base_id"
)


def find_detail(db: Database, value: str) -> Detail:
    """Find a recorded detail from any reasonable written form (``13800138000`` = ``+86 138 0013 8000``)."""
    for kind, normalized in norm.candidate_forms(value, default_region(db)):
        row = db.execute(_DETAIL_SQL + " WHERE d.kind = ? AND d.value = ?", [kind, normalized]).fetchone()
        if row:
            return Detail(*row)
    raise NotFound(f"no recorded detail matches {value!r} (add it with 'privatrack detail add')")


def list_details(db: Database, person: str | None = None) -> list[Detail]:
    sql = _DETAIL_SQL
    args: list[Any] = []
    if person is not None:
        sql += " WHERE p.id = ?"
        args.append(person_id(db, person))
    return [Detail(*r) for r in db.execute(sql + " ORDER BY p.name, d.kind, d.value", args).fetchall()]


# -- merchants -------------------------------------------------------------------------------------
@dataclass
class Merchant:
    name: str
    id: int | None = None
    aliases: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    sms_senders: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    # exact addresses it mails from (a shop on qq.com or gmail.com, whose domain names no one)
    email_senders: list[str] = field(default_factory=list)
    # its service numbers, from the built-in directory only: what its genuine notices give to call
    phones: list[str] = field(default_factory=list)
    jurisdiction: str | None = None
    privacy_email: str | None = None
    postal_address: str | None = None
    source: str = "user"  # "user" (in the vault) or "builtin" (directory only)
    directory_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _identifier_values(db: Database, merchant_id: int, kind: str) -> list[str]:
    rows = db.execute(
        "SELECT value FROM merchant_identifiers WHERE merchant_id = ? AND kind = ? ORDER BY id", [merchant_id, kind]
    ).fetchall()
    return [r[0] for r in rows]


def _merchant_from_row(db: Database, row: Any) -> Merchant:
    mid = int(row[0])
    return Merchant(
        id=mid,
        name=row[1],
        jurisdiction=row[2],
        privacy_email=row[3],
        postal_address=row[4],
        directory_key=row[5],
        aliases=_identifier_values(db, mid, "alias"),
        domains=_identifier_values(db, mid, "domain"),
        sms_senders=_identifier_values(db, mid, "sms_sender"),
        signatures=_identifier_values(db, mid, "signature"),
        email_senders=_identifier_values(db, mid, "email_sender"),
        phones=list(_directory_phones().get(row[5], ())) if row[5] else [],
    )


@lru_cache(maxsize=1)
def _directory_phones() -> dict[str, tuple[str, ...]]:
    return {d.key: d.phones for d in builtin_directory() if d.phones}


_MERCHANT_COLS = "id, name, jurisdiction, privacy_email, postal_address, directory_key"


def _from_directory(d: DirectoryMerchant) -> Merchant:
    return Merchant(
        name=d.name,
        aliases=list(d.aliases),
        domains=list(d.domains),
        sms_senders=list(d.sms_senders),
        signatures=list(d.signatures),
        phones=list(d.phones),
        jurisdiction=d.jurisdiction,
        privacy_email=d.privacy_email,
        postal_address=d.postal_address,
        source="builtin",
        directory_key=d.key,
    )


def _vault_merchant_id(db: Database, name: str) -> int | None:
    name = name.strip()
    row = db.execute("SELECT id FROM merchants WHERE name = ?", [name]).fetchone()
    if row:
        return int(row[0])
    row = db.execute(
        "SELECT merchant_id FROM merchant_identifiers WHERE kind = 'alias' AND value = ? COLLATE NOCASE", [name]
    ).fetchone()
    if row:
        return int(row[0])
    d = find_in_directory(name)
    if d is not None:
        row = db.execute("SELECT id FROM merchants WHERE directory_key = ?", [d.key]).fetchone()
        if row:
            return int(row[0])
    return None


def find_merchant(db: Database, name: str) -> Merchant:
    """Look a merchant up by name or alias: the user's records first, then the built-in directory."""
    mid = _vault_merchant_id(db, name)
    if mid is not None:
        return get_merchant(db, mid)
    d = find_in_directory(name)
    if d is not None:
        return _from_directory(d)
    raise NotFound(f"no merchant named {name!r} (add one with 'privatrack merchant add')")


def get_merchant(db: Database, merchant_id: int) -> Merchant:
    row = db.execute(f"SELECT {_MERCHANT_COLS} FROM merchants WHERE id = ?", [merchant_id]).fetchone()
    if not row:
        raise NotFound(f"no merchant with id {merchant_id}")
    return _merchant_from_row(db, row)


def _normalise_identifiers(db: Database, kind: str, values: list[str]) -> list[str]:
    region = default_region(db)
    out = []
    for v in values:
        if kind == "domain":
            out.append(norm.normalize_domain(v))
        elif kind == "signature":
            out.append(norm.normalize_signature(v))
        elif kind == "sms_sender":
            out.append(norm.normalize_sms_sender(v, region))
        elif kind == "email_sender":
            out.append(norm.normalize_email(v))
        else:
            alias = " ".join(v.split())
            if not alias:
                raise InvalidInput("an alias must not be empty")
            out.append(alias)
    return list(dict.fromkeys(out))


def add_merchant(
    db: Database,
    name: str,
    *,
    aliases: list[str] | tuple[str, ...] = (),
    domains: list[str] | tuple[str, ...] = (),
    sms_senders: list[str] | tuple[str, ...] = (),
    signatures: list[str] | tuple[str, ...] = (),
    email_senders: list[str] | tuple[str, ...] = (),
    jurisdiction: str | None = None,
    privacy_email: str | None = None,
    postal_address: str | None = None,
    update: bool = True,
) -> int:
    """Create a merchant in the vault, or extend an existing one (user values override, identifiers add up).

    A name that matches a built-in directory entry starts from that entry's data.
    """
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a merchant needs a name")
    if jurisdiction is not None and jurisdiction not in JURISDICTIONS:
        raise InvalidInput(f"unknown jurisdiction {jurisdiction!r} (one of {', '.join(JURISDICTIONS)})")
    if privacy_email is not None:
        privacy_email = norm.normalize_email(privacy_email)
    ids = {
        "alias": _normalise_identifiers(db, "alias", list(aliases)),
        "domain": _normalise_identifiers(db, "domain", list(domains)),
        "sms_sender": _normalise_identifiers(db, "sms_sender", list(sms_senders)),
        "signature": _normalise_identifiers(db, "signature", list(signatures)),
        "email_sender": _normalise_identifiers(db, "email_sender", list(email_senders)),
    }
    existing = _vault_merchant_id(db, name)
    if existing is not None and not update:
        raise InvalidInput(f"the merchant {name!r} already exists")
    if ids["email_sender"]:
        if existing is None:
            entry = find_in_directory(name)
            directory_key = entry.key if entry is not None else None
        else:
            directory_key = db.execute("SELECT directory_key FROM merchants WHERE id = ?", [existing]).fetchone()[0]
        if directory_key:
            # a built-in brand writes from its own domains; "paypal@gmail.com" named PayPal is what phishing is
            raise InvalidInput(f"{name!r} is a built-in merchant, recognised by its own domains; an e-mail sender "
                               f"address ({ids['email_sender'][0]}) can only be given to a merchant of your own")
    with writing(db):
        if existing is None:
            d = find_in_directory(name)
            base = _from_directory(d) if d else Merchant(name=name)
            if d is not None:
                for kind, vals in (("alias", base.aliases), ("domain", base.domains),
                                   ("sms_sender", base.sms_senders), ("signature", base.signatures)):
                    ids[kind] = list(dict.fromkeys([*vals, *ids[kind]]))
                if name.casefold() != d.name.casefold():
                    ids["alias"] = [a for a in ids["alias"] if a.casefold() != name.casefold()]
                    ids["alias"].append(d.name)
            cur = db.execute(
                "INSERT INTO merchants(name, jurisdiction, privacy_email, postal_address, directory_key, created_at) "
                "VALUES (?,?,?,?,?,?)",
                [name, jurisdiction or base.jurisdiction, privacy_email or base.privacy_email,
                 postal_address or base.postal_address, base.directory_key, now_iso()],
            )
            mid = int(cur.lastrowid or 0)
        else:
            mid = existing
            for col, val in (("jurisdiction", jurisdiction), ("privacy_email", privacy_email),
                             ("postal_address", postal_address)):
                if val is not None:
                    db.execute(f"UPDATE merchants SET {col} = ? WHERE id = ?", [val, mid])
        for kind, vals in ids.items():
            for v in vals:
                db.execute(
                    "INSERT OR IGNORE INTO merchant_identifiers(merchant_id, kind, value) VALUES (?,?,?)",
                    [mid, kind, v],
                )
    return mid


def ensure_merchant(db: Database, name: str) -> int:
    """:return: the vault id of ``name``, materialising a built-in directory entry on first use."""
    mid = _vault_merchant_id(db, name)
    if mid is not None:
        return mid
    d = find_in_directory(name)
    if d is None:
        raise NotFound(f"no merchant named {name!r} (add one with 'privatrack merchant add')")
    return add_merchant(db, d.name)


def list_merchants(db: Database, include_builtin: bool = True) -> list[Merchant]:
    """:return: the vault's merchants plus the built-in ones the vault does not override, by name."""
    rows = db.execute(f"SELECT {_MERCHANT_COLS} FROM merchants ORDER BY name").fetchall()
    out = [_merchant_from_row(db, r) for r in rows]
    if include_builtin:
        taken = {m.directory_key for m in out if m.directory_key}
        names = {m.name.casefold() for m in out}
        out += [
            _from_directory(d)
            for d in builtin_directory()
            if d.key not in taken and d.name.casefold() not in names
        ]
    return sorted(out, key=lambda m: m.name.casefold())


# -- disclosures and consent -----------------------------------------------------------------------
def disclose(db: Database, merchant: str, detail: str, date: str | None = None, context: str | None = None,
             evidence: str | None = None) -> int:
    """Record that ``detail`` was given to ``merchant``."""
    d = find_detail(db, detail)
    date = parse_date(date)
    mid = ensure_merchant(db, merchant)
    with writing(db):
        cur = db.execute(
            "INSERT INTO disclosures(detail_id, merchant_id, date, context, evidence, created_at) VALUES (?,?,?,?,?,?)",
            [d.id, mid, date, context, evidence, now_iso()],
        )
    return int(cur.lastrowid or 0)


def record_consent(db: Database, merchant: str, action: str, channel: str, *, detail: str | None = None,
                   date: str | None = None, kind: str = "explicit", evidence: str | None = None) -> int:
    """Record a consent event (grant, withdraw or refuse) for a channel, optionally for one detail."""
    if action not in CONSENT_ACTIONS:
        raise InvalidInput(f"unknown consent action {action!r}")
    if channel not in CHANNELS:
        raise InvalidInput(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})")
    if kind not in CONSENT_KINDS:
        raise InvalidInput(f"unknown consent kind {kind!r} (explicit or default)")
    detail_id = find_detail(db, detail).id if detail else None
    # An undated event is taken as happening when it is recorded, so the timeline stays ordered.
    date = parse_date(date) or dt.date.today().isoformat()
    mid = ensure_merchant(db, merchant)
    with writing(db):
        cur = db.execute(
            "INSERT INTO consent_events(merchant_id, channel, detail_id, date, kind, action, evidence, created_at) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [mid, channel, detail_id, date, kind, action, evidence, now_iso()],
        )
    return int(cur.lastrowid or 0)


def consent_state(action: str | None, kind: str | None) -> str:
    """Map the latest event to a state: granted, invalid_default, withdrawn, refused or none.

    A default (pre-ticked) grant is not valid consent under PIPL art 14 or the GDPR.
    """
    if action is None:
        return "none"
    if action == "grant":
        return "granted" if kind == "explicit" else "invalid_default"
    return "withdrawn" if action == "withdraw" else "refused"


def merchant_record(db: Database, name: str) -> dict[str, Any]:
    """:return: a merchant with what it holds (disclosures), its consent timeline and current consent state."""
    m = find_merchant(db, name)
    out = m.to_json()
    out["disclosures"], out["consents"], out["consent_state"] = [], [], {}
    if m.id is None:
        return out
    for r in db.execute(
        "SELECT d.kind, d.value, p.name, x.date, x.context, x.evidence FROM disclosures x "
        "JOIN details d ON d.id = x.detail_id JOIN people p ON p.id = d.person_id WHERE x.merchant_id = ? "
        "ORDER BY coalesce(x.date, x.created_at), x.id",
        [m.id],
    ):
        out["disclosures"].append(
            {"kind": r[0], "detail": r[1], "person": r[2], "date": r[3], "context": r[4], "evidence": r[5]}
        )
    latest: dict[str, tuple[str, str]] = {}
    for r in db.execute(
        "SELECT c.channel, d.value, c.date, c.kind, c.action, c.evidence FROM consent_events c "
        "LEFT JOIN details d ON d.id = c.detail_id WHERE c.merchant_id = ? "
        "ORDER BY coalesce(c.date, substr(c.created_at, 1, 10)), c.id",
        [m.id],
    ):
        out["consents"].append(
            {"channel": r[0], "detail": r[1], "date": r[2], "kind": r[3], "action": r[4], "evidence": r[5]}
        )
        latest[r[0] if r[1] is None else f"{r[0]}:{r[1]}"] = (r[4], r[3])
    out["consent_state"] = {k: consent_state(*v) for k, v in latest.items()}
    return out


def data_map(db: Database, detail: str) -> dict[str, Any]:
    """:return: which merchants received ``detail`` (directly, or through its plus-aliases), with dates."""
    d = find_detail(db, detail)
    ids = [d.id] + [r[0] for r in db.execute("SELECT id FROM details WHERE base_id = ?", [d.id])]
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT m.name, dd.value, x.date, x.context FROM disclosures x JOIN merchants m ON m.id = x.merchant_id "
        f"JOIN details dd ON dd.id = x.detail_id WHERE x.detail_id IN ({marks}) ORDER BY m.name, x.date",
        ids,
    ).fetchall()
    return {
        **asdict(d),
        "merchants": [{"merchant": r[0], "via": r[1], "date": r[2], "context": r[3]} for r in rows],
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)

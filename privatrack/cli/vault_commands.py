"""Commands of the foundation: init, person, detail, merchant, disclose, consent, passwd, backup, keyring, check."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

import click

from privatrack.cli.app import AppContext, cli, emit_json, handle_errors, opened, pass_app, warn_keyring
from privatrack.core import household as hh
from privatrack.core.errors import KeyringUnavailable
from privatrack.core.normalize import DETAIL_KINDS
from privatrack.core.store.vault import Vault


@cli.command()
@click.option("--keyring", "use_keyring", is_flag=True, help="Also remember the vault key in the system keyring.")
@pass_app
@handle_errors
def init(app: AppContext, use_keyring: bool) -> None:
    """Create a new encrypted vault."""
    passphrase = app.passphrase("New passphrase", confirm=True)
    vault = Vault.create(app.vault_path, passphrase)
    try:
        if use_keyring:
            reason = warn_keyring()
            if reason:
                click.echo(reason, err=True)
            else:
                try:
                    vault.enable_keyring()
                except KeyringUnavailable as exc:
                    click.echo(f"{exc}; using passphrase-only mode", err=True)
    finally:
        vault.lock()
    click.echo(f"Created vault {app.vault_path}")


# -- people ----------------------------------------------------------------------------------------
@cli.group()
def person() -> None:
    """Members of the household."""


@person.command("add")
@click.argument("name")
@pass_app
@handle_errors
def person_add(app: AppContext, name: str) -> None:
    """Add a person."""
    with opened(app) as v:
        hh.add_person(v.db, name)
    click.echo(f"Added {name}")


@person.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines.")
@pass_app
@handle_errors
def person_list(app: AppContext, as_json: bool) -> None:
    """List people."""
    with opened(app) as v:
        for p in hh.list_people(v.db):
            if as_json:
                emit_json(p)
            else:
                click.echo(f"{p['name']}\t{p['details']} details")


# -- details ---------------------------------------------------------------------------------------
@cli.group()
def detail() -> None:
    """Personal details: phone numbers, e-mail addresses, postal addresses, names, ID numbers."""


@detail.command("add")
@click.option("--person", "person_name", required=True, help="Whose detail it is.")
@click.option("--kind", type=click.Choice(DETAIL_KINDS), required=True)
@click.argument("value")
@pass_app
@handle_errors
def detail_add(app: AppContext, person_name: str, kind: str, value: str) -> None:
    """Record a detail of a person."""
    with opened(app) as v:
        did = hh.add_detail(v.db, person_name, kind, value)
        shown = v.db.execute("SELECT value FROM details WHERE id = ?", [did]).fetchone()[0]
    click.echo(f"Added {kind} {shown} for {person_name}")


def _detail_json(d: hh.Detail) -> dict[str, object]:
    return asdict(d)


@detail.command("list")
@click.option("--person", "person_name", default=None)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines.")
@pass_app
@handle_errors
def detail_list(app: AppContext, person_name: str | None, as_json: bool) -> None:
    """List recorded details."""
    with opened(app) as v:
        for d in hh.list_details(v.db, person_name):
            if as_json:
                emit_json(_detail_json(d))
            else:
                base = f"\t(alias of {d.base})" if d.base else ""
                click.echo(f"{d.person}\t{d.kind}\t{d.value}{base}")


@detail.command("show")
@click.argument("value")
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_errors
def detail_show(app: AppContext, value: str, as_json: bool) -> None:
    """The data map of one detail: which merchants received it."""
    with opened(app) as v:
        m = hh.data_map(v.db, value)
    if as_json:
        emit_json(m)
        return
    click.echo(f"{m['kind']} {m['value']} ({m['person']})")
    for r in m["merchants"]:
        via = f" via {r['via']}" if r["via"] != m["value"] else ""
        click.echo(f"  {r['merchant']}\t{r['date'] or '-'}\t{r['context'] or ''}{via}")
    if not m["merchants"]:
        click.echo("  given to no recorded merchant")


# -- merchants -------------------------------------------------------------------------------------
@cli.group()
def merchant() -> None:
    """Merchants: shops, platforms, services."""


@merchant.command("add")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True)
@click.option("--domain", "domains", multiple=True)
@click.option("--sms-sender", "senders", multiple=True)
@click.option("--signature", "signatures", multiple=True, help="SMS signature, with or without 【】.")
@click.option("--email-sender", "email_senders", multiple=True,
              help="An exact address it mails from (for a shop on qq.com, gmail.com...).")
@click.option("--jurisdiction", type=click.Choice(hh.JURISDICTIONS))
@click.option("--privacy-email")
@click.option("--postal-address")
@pass_app
@handle_errors
def merchant_add(app: AppContext, name: str, aliases: tuple[str, ...], domains: tuple[str, ...],
                 senders: tuple[str, ...], signatures: tuple[str, ...], email_senders: tuple[str, ...],
                 jurisdiction: str | None, privacy_email: str | None, postal_address: str | None) -> None:
    """Add a merchant, or extend one already recorded or built in."""
    with opened(app) as v:
        hh.add_merchant(v.db, name, aliases=aliases, domains=domains, sms_senders=senders, signatures=signatures,
                        email_senders=email_senders, jurisdiction=jurisdiction, privacy_email=privacy_email,
                        postal_address=postal_address)
    click.echo(f"Saved merchant {name}")


@merchant.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.option("--mine", is_flag=True, help="Only merchants recorded in the vault, not the built-in directory.")
@pass_app
@handle_errors
def merchant_list(app: AppContext, as_json: bool, mine: bool) -> None:
    """List merchants (yours and the built-in directory)."""
    with opened(app) as v:
        for m in hh.list_merchants(v.db, include_builtin=not mine):
            if as_json:
                emit_json(m.to_json())
            else:
                extra = ", ".join(m.domains[:2] + [f"【{s}】" for s in m.signatures[:2]] + m.email_senders[:2])
                click.echo(f"{m.name}\t{m.jurisdiction or '-'}\t{m.source}\t{extra}")


@merchant.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@pass_app
@handle_errors
def merchant_show(app: AppContext, name: str, as_json: bool) -> None:
    """What a merchant holds and its consent timeline."""
    with opened(app) as v:
        rec = hh.merchant_record(v.db, name)
    if as_json:
        emit_json(rec)
        return
    click.echo(f"{rec['name']} ({rec['jurisdiction'] or 'jurisdiction unknown'}, {rec['source']})")
    for label, key in (("aliases", "aliases"), ("domains", "domains"), ("SMS senders", "sms_senders"),
                       ("signatures", "signatures"), ("e-mail senders", "email_senders")):
        if rec.get(key):
            click.echo(f"  {label}: {', '.join(rec[key])}")
    if rec["privacy_email"]:
        click.echo(f"  privacy contact: {rec['privacy_email']}")
    click.echo("Holds:")
    for d in rec["disclosures"] or [{"kind": "", "detail": "nothing recorded", "date": "", "context": ""}]:
        click.echo(f"  {d['date'] or '-'}\t{d['kind']}\t{d['detail']}\t{d['context'] or ''}")
    click.echo("Consent:")
    for c in rec["consents"]:
        click.echo(f"  {c['date'] or '-'}\t{c['channel']}\t{c['action']} ({c['kind']})\t{c['detail'] or ''}")
    for ch, state in rec["consent_state"].items():
        click.echo(f"  now {ch}: {state}")


# -- disclosures and consent -----------------------------------------------------------------------
@cli.command()
@click.option("--merchant", "merchant_name", required=True)
@click.option("--detail", "detail_value", required=True)
@click.option("--date")
@click.option("--context")
@click.option("--evidence")
@pass_app
@handle_errors
def disclose(app: AppContext, merchant_name: str, detail_value: str, date: str | None, context: str | None,
             evidence: str | None) -> None:
    """Record that a detail was given to a merchant."""
    with opened(app) as v:
        hh.disclose(v.db, merchant_name, detail_value, date, context, evidence)
    click.echo(f"Recorded: {detail_value} given to {merchant_name}")


@cli.group()
def consent() -> None:
    """Consent events: grant, withdraw, refuse."""


def _consent_command(action: str) -> None:
    done = {"grant": "granted", "withdraw": "withdrawn", "refuse": "refused"}[action]

    @consent.command(action, help=f"Record that marketing consent was {done}.")
    @click.option("--merchant", "merchant_name", required=True)
    @click.option("--channel", type=click.Choice(hh.CHANNELS), required=True)
    @click.option("--detail", "detail_value")
    @click.option("--date")
    @click.option("--kind", type=click.Choice(hh.CONSENT_KINDS), default="explicit", show_default=True)
    @click.option("--evidence")
    @pass_app
    @handle_errors
    def cmd(app: AppContext, merchant_name: str, channel: str, detail_value: str | None, date: str | None,
            kind: str, evidence: str | None) -> None:
        with opened(app) as v:
            hh.record_consent(v.db, merchant_name, action, channel, detail=detail_value, date=date, kind=kind,
                              evidence=evidence)
        click.echo(f"Recorded consent {action} for {merchant_name} ({channel})")


for _action in hh.CONSENT_ACTIONS:
    _consent_command(_action)


# -- keys and safety -------------------------------------------------------------------------------
@cli.command()
@pass_app
@handle_errors
def passwd(app: AppContext) -> None:
    """Change the passphrase (the data is not rewritten; nothing can be lost)."""
    current = app.passphrase("Current passphrase")
    vault = Vault.open(app.vault_path, current, use_keyring=False)
    try:
        new = app.passphrase("New passphrase", confirm=True, env="PRIVATRACK_NEW_PASSPHRASE")
        vault.change_passphrase(new)
    finally:
        vault.lock()
    click.echo("Passphrase changed")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
@handle_errors
def backup(app: AppContext, path: Path) -> None:
    """Write an encrypted, consistent copy of the vault (PATH and PATH.keys), safe while the app runs."""
    with opened(app) as v:
        dest = v.backup(path)
    click.echo(f"Backup written to {dest} (opens with the same passphrase)")


@cli.command()
@click.argument("backup_path", metavar="BACKUP", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
@handle_errors
def restore(app: AppContext, backup_path: Path) -> None:
    """Restore the vault from a backup made by 'privatrack backup' (atomic; the vault keeps its passphrase).

    The backup's passphrase comes from PRIVATRACK_BACKUP_PASSPHRASE, else the vault's passphrase is tried.
    """
    if not app.vault_path.exists():
        Vault.restore_missing(backup_path, app.vault_path)
        click.echo(f"Restored {backup_path} as {app.vault_path} (it opens with the backup's passphrase)")
        return
    with opened(app) as v:
        backup_pw = os.environ.get("PRIVATRACK_BACKUP_PASSPHRASE") or os.environ.get("PRIVATRACK_PASSPHRASE")
        backup_pw = backup_pw or app.passphrase("Backup passphrase", env="PRIVATRACK_BACKUP_PASSPHRASE")
        v.restore_from(backup_path, backup_pw)
    click.echo(f"Restored {app.vault_path} from {backup_path}")


@cli.command("keyring")
@click.argument("action", type=click.Choice(["enable", "disable", "status"]))
@pass_app
@handle_errors
def keyring_cmd(app: AppContext, action: str) -> None:
    """Remember the vault key in the system keyring, forget it, or show the state."""
    reason = warn_keyring()
    if action == "status":
        with opened(app) as v:
            enrolled = v.keyring_enrolled
        click.echo(f"keyring unlock: {'enrolled' if enrolled else 'off'}" + (f" ({reason})" if reason else ""))
        return
    passphrase = app.passphrase()
    vault = Vault.open(app.vault_path, passphrase, use_keyring=False)
    try:
        if action == "enable":
            if reason:
                raise click.ClickException(reason)
            vault.enable_keyring()
        else:
            vault.disable_keyring()
    finally:
        vault.lock()
    click.echo(f"keyring unlock {action}d")


@cli.command()
@pass_app
@handle_errors
def check(app: AppContext) -> None:
    """Verify every page's HMAC and the database structure."""
    with opened(app) as v:
        problems = v.integrity_problems()
    for p in problems:
        click.echo(p, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} integrity problem(s) in {app.vault_path}")
    click.echo("ok")



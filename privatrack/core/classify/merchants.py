"""Merchant attribution: who sent a message (domain, SMS signature, sender number, alias names) and look-alikes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from privatrack.core.classify.evidence import (
    Evidence,
    address_domains,
    edit_distance,
    grouped_pattern,
    is_sender_id,
    lookalike_label,
    mail_headers,
    reg_domain,
)

try:
    from privatrack.core.classify import _ngram
except ImportError:  # not built: the alias pattern scans every text (same results)
    _ngram = None  # type: ignore[assignment]

# Words phishers glue to a brand name: jd-account-verify.top, paypalsupport.com, secure-amazon-login.xyz.
PHISH_WORDS = frozenset(
    "secure security login signin sign verify verification account accounts support service services help update "
    "id auth online check safe refund pay payment billing confirm unlock center centre customer care official "
    "web app mobile wallet bonus gift reward rewards prize claim kefu tuikuan renzheng anquan zhanghu denglu "
    "cn com net www my info alert alerts notice notify team mail inc ltd hk "
    # file-share lures, and the same words in the languages phishing kits write after English (accents dropped, as
    # host names drop them)
    "download downloads file files docs document documents share transfer validation validate portal "
    "sicherheit konto kundenservice aktualisierung anmeldung verifizierung bestaetigung freischaltung "
    "securite compte connexion fichier fichiers espace client clients verification "
    "seguridad verificacion cuenta acceso cliente clientes soporte "
    "seguranca acesso conta atualizacao verificacao suporte clube resgate pontos "
    "sicurezza verifica accesso conto assistenza".split()
)
_SPLIT = re.compile(r"[-_.0-9]+")
# Words a brand's own display name adds to its name ("PayPal Support", "Amazon.de Kundenservice"); a display name
# with any other word ("Chase Miller", "Amazon Smile fan club") is a person or a club, not the brand speaking.
_DISPLAY_WORDS = frozenset(
    "team support service services customer customers care security alert alerts notification notifications "
    "notice account accounts billing help helpdesk desk official info information noreply no reply no-reply "
    "donotreply news newsletter newsletters update updates online mail email e-mail the of from for your at via "
    "inc ltd llc gmbh ag sa plc corp co company group bank card cards member members membership rewards "
    "prime store shop shopping pay payments payment orders order delivery shipping express "
    "de da do der die das von du des la le el nachricht kundenservice kundendienst aviso servicio atendimento "
    "com net org cn uk us".split()
)
_DISPLAY_NAME_MAX = 1000
_DISPLAY_SPLIT = re.compile(r"[\s\-_.,:;|/&()\[\]<>\"'!·•]+")
_VIA = re.compile(r"\b(?:via|über|por meio de|通过)\b", re.I)
# Brand labels that are everyday words: no look-alike is built on them (cash-refund.com imitates no one).
_GENERIC_LABELS = frozenset({"cash", "mail", "shop", "bank", "post", "pay", "store", "news"})
# Brand labels one edit away from everyday words or other firms (telecom, revolt, morton, cosco, homedecor,
# barclay): no edit-distance look-alike is built on them (the other look-alike rules still apply).
_NO_EDIT_LABELS = frozenset({"telekom", "revolut", "norton", "costco", "homedepot", "barclays", "comcast"})
_DOMAIN_TAIL = re.compile(r"^(?:\.[a-z]{2,6})+(?![a-z0-9])")
_MARKS = str.maketrans("", "", "™®©℠")
_NAME_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{1,62}")
_SMALL_L = re.compile(r"l(?=[A-Z])|(?<=[A-Z])l(?![a-z])")  # "lRS", "IBl": a small l passing for a capital I
_CAPITAL_I = re.compile(r"(?<=[a-z])I")  # "PayPaI": a capital I after small letters passing for an l
_SENDER_JUNK = re.compile(r"[\s\-()]")
# Anyone can have an address at these: the sender's domain says nothing about a merchant.
FREEMAIL = frozenset(
    "gmail.com googlemail.com outlook.com hotmail.com live.com msn.com icloud.com me.com mac.com yahoo.com "
    "yahoo.co.uk aol.com qq.com foxmail.com 163.com 126.com yeah.net sina.com sina.cn sohu.com 139.com "
    "gmx.de gmx.net web.de mail.com proton.me protonmail.com yandex.ru mail.ru t-online.de "
    # internet providers' mailboxes for their customers: a person's address, not the provider writing
    "verizon.net verizonmail.com att.net sbcglobal.net comcast.net bellsouth.net".split()
)


@dataclass
class MerchantEntry:
    name: str
    id: int | None
    domains: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)  # brand labels of its domains: "jd", "paypal"
    phones: set[str] = field(default_factory=set)  # ``phone_key``s of its service numbers


def phone_key(number: str) -> str:
    """A number's digits, the last 9 of a longer one: "0345 734 5345" and "+44 345 734 5345" are one number."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[-9:]


# Country suffixes under which a brand's own name is its own site (dhl.fr, lidl.ie, amazon.in, ebay.com.au): the
# large markets, where brands hold their names. Not .co, .me, .cc and the like, which anyone registers to pass for
# .com (evri.co, sf-express.co).
_BRAND_CC = frozenset("uk de fr it es nl be at ch ie se dk no fi pl pt cz ca au nz in jp cn hk tw sg kr br mx ar "
                      "za".split())


def country_site(domain: str, claimed: MerchantEntry) -> bool:
    """Is ``domain`` the claimed brand's own name under a large market's country suffix?"""
    label, _, suffix = domain.partition(".")
    return label in claimed.labels and suffix.rsplit(".", 1)[-1] in _BRAND_CC and suffix.split(".")[0] in (
        suffix.rsplit(".", 1)[-1], "co", "com", "org", "net", "ac")


def _own_unsubscribe(msg: Any, sender_domain: str | None) -> bool:
    """:return: whether the mail's List-Unsubscribe header leads to its sender's own domain."""
    if not sender_domain:
        return False
    value = mail_headers(msg).get("list-unsubscribe", "")
    hosts = re.findall(r"(?:@|//)([A-Za-z0-9.-]+)", value[:2000])
    return any(reg_domain(h.lower().rstrip(".")) == sender_domain for h in hosts)


@dataclass
class Attribution:
    merchant: MerchantEntry | None = None
    how: str | None = None  # plain-word reason for the attribution
    claimed: MerchantEntry | None = None  # named by signature/alias/display name (not by an authenticated id)
    lookalikes: list[str] = field(default_factory=list)  # reasons
    mismatch: str | None = None  # "names 京东 but links to x.top"
    # the mismatch rests on a brand word among other words of a display name ("Chase Miller", "Paypal Guthaben"):
    # telling only when the message is unwanted anyway
    weak: bool = False
    cross: bool = False  # the mismatch is one merchant's display name on another merchant's domain
    free: bool = False  # the claim comes from a mailbox at a free-mail provider (anyone may be called "Chase")
    sender_id: bool = False  # the claim or attribution comes from an SMS sender name (as easily forged as a signature)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _label(domain: str) -> str:
    reg = reg_domain(domain)
    return reg.split(".", 1)[0]


def _compact(name: str) -> str:
    """A name as an SMS sender ID spells it: "Royal Mail" and "RoyalMail" -> "royalmail"."""
    return re.sub(r"[\W_]+", "", name.casefold())


# the two-letter operator and circle prefix of Indian sender headers ("AX-HDFCBK", "VM-AIRTEL"), and the kind of
# message that TRAI has had them end with since 2025 ("VM-ICICIB-S": service; -T transactional, -P promotional,
# -G government)
_INDIA_HEADER = re.compile(r"^[A-Za-z]{2}-([A-Za-z0-9]{3,9})(?:-[PSTGpstg])?$")


def _header_name(sender: str) -> str:
    """The brand part of an Indian sender header ("VM-ICICIB-S" -> "ICICIB"); any other sender ID as it is."""
    m = _INDIA_HEADER.match(sender)
    return m.group(1) if m else sender


def _sender_keys(value: str) -> list[str]:
    v = _SENDER_JUNK.sub("", unicodedata.normalize("NFKC", value)).upper()
    keys = [v]
    if v.startswith("+86"):
        keys.append(v[3:])
    elif v.startswith("+"):
        keys.append(v[1:])
    return keys


class MerchantIndex:
    """Lookup tables over merchants (vault ``Merchant`` or directory entries: anything with the same fields)."""

    def __init__(self, merchants: list[Any]) -> None:
        self.entries: list[MerchantEntry] = []
        self.by_domain: dict[str, MerchantEntry] = {}
        self.by_signature: dict[str, MerchantEntry] = {}
        self.by_sender: dict[str, MerchantEntry] = {}
        self.by_email: dict[str, MerchantEntry] = {}  # exact sender addresses, case-folded
        self.by_name: dict[str, MerchantEntry] = {}
        self.by_label: dict[str, MerchantEntry] = {}
        self.by_compact: dict[str, MerchantEntry] = {}  # names without spaces or marks: SMS sender IDs' spelling
        aliases: dict[str, MerchantEntry] = {}
        for m in merchants:
            e = MerchantEntry(name=m.name, id=getattr(m, "id", None))
            self.entries.append(e)
            for d in getattr(m, "domains", ()) or ():
                d = _fold(d)
                reg = reg_domain(d)
                e.domains.update({d, reg})
                self.by_domain.setdefault(reg, e)
                self.by_domain.setdefault(d, e)
                lab = reg.split(".", 1)[0]
                if len(lab) >= 2 and lab not in _GENERIC_LABELS:
                    e.labels.add(lab)
                    self.by_label.setdefault(lab, e)
            for s in getattr(m, "signatures", ()) or ():
                self.by_signature.setdefault(_fold(s).strip("【】[] "), e)
            for s in getattr(m, "sms_senders", ()) or ():
                for k in _sender_keys(s):
                    self.by_sender.setdefault(k, e)
            for s in getattr(m, "phones", ()) or ():
                e.phones.add(phone_key(s))
            for s in getattr(m, "email_senders", ()) or ():
                self.by_email.setdefault(s.strip().casefold(), e)
            for n in (m.name, *(getattr(m, "aliases", ()) or ())):
                f = _fold(n)
                self.by_name.setdefault(f, e)
                compact = _compact(f)
                if len(compact) >= 4:
                    self.by_compact.setdefault(compact, e)
                # Alias search in text: CJK names of >= 2 chars, Latin ones of >= 4 (avoid "jd" in words).
                if len(f) >= 4 or (len(f) >= 2 and not f.isascii()):
                    aliases.setdefault(f, e)
        self._aliases = aliases
        pats = sorted(aliases, key=len, reverse=True)
        # No \b in the pattern (it disables the regex engine's first-character scan); Latin names are checked
        # for word boundaries after the match instead.
        self._alias_re = re.compile(grouped_pattern("|".join(re.escape(p) for p in pats))) if pats else None
        # the native one-pass finder says whether any alias occurs at all (most texts hold none): ~3x faster
        self._alias_lits = _ngram.Literals(pats) if _ngram is not None and pats else None
        self._lookalike_cache: dict[str, MerchantEntry | None] = {}
        self._reg_domains = sorted({d for d in self.by_domain if reg_domain(d) == d and "." in d})
        self._reg_domain_set = frozenset(self._reg_domains)
        self._reg_domain_labels = max((d.count(".") + 1 for d in self._reg_domains), default=0)
        self._label_items = [(b, e, len(b)) for b, e in self.by_label.items()]  # by_label as built, with lengths

    def __getstate__(self) -> dict[str, object]:
        # the native finder does not pickle; helper processes rebuild it from the alias names
        state = self.__dict__.copy()
        state["_alias_lits"] = None
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if _ngram is not None and self._aliases:
            self._alias_lits = _ngram.Literals(sorted(self._aliases, key=len, reverse=True))

    def by_signature_text(self, signature: str) -> MerchantEntry | None:
        """The merchant an SMS 【signature】 names, if any."""
        return self.by_signature.get(_fold(signature)) or self.by_name.get(_fold(signature))

    def find(self, name: str) -> MerchantEntry | None:
        return self.by_name.get(_fold(name))

    def known_domain(self, domain: str) -> MerchantEntry | None:
        return self.by_domain.get(domain) or self.by_domain.get(reg_domain(domain))

    def alias_in(self, text: str) -> MerchantEntry | None:
        """:return: the merchant whose name or alias appears in (case-folded) ``text``."""
        if self._alias_re is None or (self._alias_lits is not None and not self._alias_lits.found(text)):
            return None
        for m in self._alias_re.finditer(text):
            a, b = m.start(), m.end()
            word = m.group(0)
            if word.isascii() and ((a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum())):
                continue
            return self._aliases[word]
        return None

    def cross_claim(self, att: Attribution, ev: Evidence, msg: Any, *, wording: bool = True) -> bool:
        """Mark one merchant's display name on another merchant's domain as a mismatch; :return: whether it is.

        Call it for a message with fraud wording, or (``wording=False``) one found unwanted: "Deutsche Bahn Team
        <reply@telekom.com>" selling a prize draw elsewhere is no Telekom mail. Co-branded mail ("Amazon Prime Visa"
        from Chase: a weak claim), renamed firms' notices (Hermes from Evri) and relays ("Kurier DPD (via Poczta
        Allegro)") say no such thing; without fraud wording, neither does mail whose links all stay with known
        merchants (Venmo from paypal.com, 支付宝 from taobao.com, a co-branded card's offer)."""
        claimed = att.claimed
        if (claimed is None or att.merchant is None or claimed is att.merchant or att.weak or att.mismatch
                or att.how != f"sender domain {ev.sender_domain}" or _VIA.search(msg.sender_name or "")):
            return False
        if not wording and (all(d in self.by_domain or country_site(d, claimed) or country_site(d, att.merchant)
                                for d in ev.url_domains) or _own_unsubscribe(msg, ev.sender_domain)):
            # (a carrier's "Netflix on Us" with its own short links and its own unsubscribe address is its offer)
            return False
        att.mismatch = f"display name {claimed.name} but sender domain {ev.sender_domain} ({att.merchant.name})"
        att.cross = True
        return True

    def display_claim(self, name: str) -> MerchantEntry | None:
        """:return: the merchant a mail's display name speaks as: its name alone or with service words
        ("PayPal Support", "Apple ID"), any Chinese brand name ("京东客服"); not a person or club whose name
        contains a brand word ("Chase Miller", "Amazon Smile fan club")."""
        # bounded: each alias found re-splits the whole name (quadratic: a 50 KB name took 15 s)
        folded = _fold(name[:_DISPLAY_NAME_MAX].translate(_MARKS)).strip("\"' ")
        e = self.by_name.get(folded)
        if e is not None or self._alias_re is None or (self._alias_lits is not None
                                                       and not self._alias_lits.found(folded)):
            return e
        for m in self._alias_re.finditer(folded):
            a, b = m.start(), m.end()
            word = m.group(0)
            if not word.isascii():
                return self._aliases[word]
            if (a > 0 and folded[a - 1].isalnum()) or (b < len(folded) and folded[b].isalnum()):
                continue
            after = _DOMAIN_TAIL.sub("", folded[b:])  # "Amazon.it", "Amazon.co.uk": the brand's own site
            rest = [w for w in _DISPLAY_SPLIT.split(folded[:a] + " " + after) if w]
            if all(w in _DISPLAY_WORDS or w.isdigit() or len(w) == 1 or w in PHISH_WORDS for w in rest):
                return self._aliases[word]
        return None

    def display_lookalike(self, name: str) -> tuple[str, MerchantEntry] | None:
        """:return: a word of a display name written to pass for a brand and the brand: a lower-case "l" among
        capitals or a capital "I" among small letters ("lRS.GOV", "PayPaI"), digits or "rn" for letters ("G00gle",
        "Arnazon.com"). Only a swap inside the word's first label counts ("Microsoft.Learn" is Microsoft's own
        name), and a name the swap does not turn into a brand is left alone ("McIlroy")."""
        for word in _NAME_WORDS.findall(name[:_DISPLAY_NAME_MAX]):
            if sum(c.isalpha() for c in word) < 3:
                continue
            folded = word.casefold()
            first = folded.split(".", 1)[0]
            candidates = [_SMALL_L.sub("I", word), _CAPITAL_I.sub("l", word)]
            if any(c.isdigit() for c in first) or "rn" in first or "vv" in first:
                candidates.append(lookalike_label(first) + folded[len(first):])
            for cand in candidates:
                f = _fold(cand)
                f1 = f.split(".", 1)[0]
                if f1 == first:
                    continue  # the swap left the brand-bearing label as it was
                e = self.by_name.get(f) or self.by_domain.get(f) or self.by_name.get(f1) or self.by_label.get(f1)
                if e is not None:
                    return word, e
        return None

    def lookalike(self, host: str) -> MerchantEntry | None:
        """:return: the merchant ``host`` imitates, or ``None``: homoglyphs, edit distance, brand + phishing words."""
        if host in self._lookalike_cache:
            return self._lookalike_cache[host]
        found = self._lookalike(host)
        if len(self._lookalike_cache) < 100000:
            self._lookalike_cache[host] = found
        return found

    def _lookalike(self, host: str) -> MerchantEntry | None:
        reg = reg_domain(host)
        if reg in self.by_domain:
            return None
        label = reg.split(".", 1)[0]
        if not label or label in self.by_label:
            return None  # the brand's own name under another suffix (amazon.it): a country site, not a fake
        norm = lookalike_label(label)
        if norm != label and norm in self.by_label:
            return self.by_label[norm]
        # a brand's whole domain used as a sub-domain: paypal.com.login-check.xyz. Each run of labels followed by
        # one more is a d with host.startswith(d + ".") or f".{d}." in host; the first such d in sorted order wins.
        labels = host.split(".")
        # only runs of at most as many labels as the longest known domain: all runs of a hostile "a.a.a..." host
        # are cubic in its length (4,000 chars took 13 s)
        last = len(labels) - 1
        runs = {".".join(labels[i:j]) for i in range(last)
                for j in range(i + 1, min(i + self._reg_domain_labels, last) + 1)}
        hits = runs.intersection(self._reg_domain_set)
        if hits:
            return self.by_domain[min(hits)]
        parts = [p for p in _SPLIT.split(label) if p]
        chars = set(label)
        n = len(label)
        for b, e, nb in self._label_items:
            if nb >= 6 and n - 2 <= nb <= n + 2 and b not in _NO_EDIT_LABELS:
                limit = 1 if nb < 9 else 2
                # each distinct character of the label the brand lacks costs an edit: a cheap lower bound first
                if len(chars.difference(b)) <= limit and edit_distance(label, b, 2) <= limit:
                    return e
            if nb >= 4 and b in label or b in parts:
                rest = [r for r in _SPLIT.split(label.replace(b, "-")) if r]
                if rest and all(r in PHISH_WORDS for r in rest):
                    return e
        return None

    def attribute(self, msg: Any, ev: Evidence, to_detail: str | None = None) -> Attribution:
        att = Attribution()
        if ev.channel == "sms" and msg.sender:
            for k in _sender_keys(msg.sender):
                if k in self.by_sender:
                    att.merchant = self.by_sender[k]
                    att.how = f"sender {msg.sender} is {att.merchant.name}"
                    break
        if ev.channel == "email" and msg.sender and self.by_email:
            e = self.by_email.get(msg.sender.strip().strip("<>").casefold())
            if e is not None and not ev.auth_failed:
                att.merchant = e
                att.how = f"sender {msg.sender} is {e.name}"
        if (att.merchant is None and ev.sender_domain and ev.sender_domain in self.by_domain
                and ev.sender_domain not in FREEMAIL):
            if ev.forged_from:
                # the merchant's domain in a From line its own mail provider rejects: someone posing as it
                att.claimed = self.by_domain[ev.sender_domain]
                att.mismatch = f"From address of {att.claimed.name}, but {ev.forged_from}"
                return att
            att.merchant = self.by_domain[ev.sender_domain]
            att.how = f"sender domain {ev.sender_domain}"
        if ev.signature:
            e = self.by_signature_text(ev.signature)
            if e is not None:
                att.claimed = e
        if (att.claimed is None and att.merchant is None and ev.channel == "sms" and msg.sender
                and is_sender_id(msg.sender)):
            # an alphanumeric sender ID ("Amazon", "PayPal"): the name the sender chose to show, like a signature
            # (and as easily forged: links elsewhere still make it suspicious)
            e = self.display_claim(msg.sender) or self.by_compact.get(_compact(_header_name(msg.sender)))
            if e is not None:
                att.claimed, att.sender_id = e, True
        sender = msg.sender or ""
        host = sender.rsplit("@", 1)[1].strip().strip(">.").lower() if "@" in sender else ""
        # someone's own mailbox at a free-mail provider (alerts.comcast.net is Comcast writing; x@comcast.net a user)
        mailbox = ev.sender_domain in FREEMAIL and host in ("", ev.sender_domain)
        if att.claimed is None and msg.sender_name and ev.channel == "email":
            e = self.display_claim(msg.sender_name)
            weak = False
            if e is None:
                e = self.alias_in(_fold(msg.sender_name))
                weak = e is not None
            if e is not None and e is not att.merchant:
                att.claimed = e
                att.weak = weak
                # "Chase <chase@gmail.com>" sharing photos is a person named Chase (settled with the verdict)
                att.free = mailbox and e.name.isascii()
        if msg.sender_name and ev.channel == "email" and att.merchant is None:
            found = self.display_lookalike(msg.sender_name)
            if found is not None:
                att.lookalikes.append(f"display name {found[0]} imitates {found[1].name}")
        text_claim = False
        if att.claimed is None and att.merchant is None and ev.channel == "sms":
            att.claimed = self.alias_in(ev.text[:500])
            text_claim = att.claimed is not None
        if to_detail and "+" in to_detail.split("@", 1)[0] and att.merchant is None and att.claimed is None:
            tag = to_detail.split("@", 1)[0].split("+", 1)[1]
            e = self.find(tag) or self.by_label.get(_fold(tag))
            if e is not None:
                att.merchant = e
                att.how = f"sent to your alias {to_detail}"
        # Look-alike domains in links and in the sender address.
        hosts = list(ev.url_hosts)
        if ev.sender_domain:
            hosts.append(ev.sender_domain)
        for h in hosts:
            e = self.lookalike(h)
            if e is not None:
                reason = f"link to a look-alike domain {reg_domain(h)} (imitates {e.name})"
                if h == ev.sender_domain and h not in ev.url_hosts:
                    reason = f"sender domain {h} imitates {e.name}"
                if reason not in att.lookalikes:
                    att.lookalikes.append(reason)
        claimed = att.claimed
        if ev.fraud_cues:
            # "PayPal <reply@telekom.com>" asking to verify an account: one merchant's name on another's address
            self.cross_claim(att, ev, msg)
        if claimed is not None and att.merchant is None:
            foreign = [d for d in ev.url_domains
                       if d not in claimed.domains and d not in self.by_domain and not country_site(d, claimed)]
            if foreign and "@" in ev.text:
                # an address written in the text is no link: PayPal's receipt names the shop's "paypal-uk@etsy.com"
                written = address_domains(ev.text)
                foreign = [d for d in foreign if d not in written]
            # (a brand's free-mail service is its users' address, not its own: "Google <x@gmail.com>")
            own = ev.sender_domain is not None and not mailbox and (
                ev.sender_domain in claimed.domains or ev.sender_domain.split(".", 1)[0] in claimed.labels)
            if ev.channel == "email" and ev.sender_domain and not own:
                att.mismatch = f"display name {claimed.name} but sender domain {ev.sender_domain}"
            elif foreign and (ev.fraud_cues or not (text_claim and claimed.name.isascii())):
                att.mismatch = f"names {claimed.name} but links to {foreign[0]}"
            elif own and ev.channel == "email":
                att.merchant = claimed
                att.how = f"sender domain {ev.sender_domain} (a {claimed.name} site)"
            elif not (text_claim and claimed.name.isascii()):
                # A Latin brand word in running text ("apple", "chase") is too weak to attribute on; a Chinese
                # name or a signature is not.
                att.merchant = claimed
                if att.sender_id:
                    att.how = f"sender {msg.sender} is {claimed.name}"
                else:
                    att.how = f"signature 【{ev.signature}】" if ev.signature else f"names {claimed.name}"
        return att

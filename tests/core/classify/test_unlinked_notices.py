"""A notice with no link at all, or with links only to its own site, one to one from its sender's own domain that
passed DMARC (a small shop's order in Spanish, a bank's statement in Portuguese), is a transaction even when the
sender is unknown and the mail model, which learned English mail of 2002, reads it as bulk; the same mail is no notice
when it hides its lure in an attachment, comes from a domain made of a name and a lure word, fails or lacks DMARC, or
carries a call-back script.
"""

from __future__ import annotations

import pytest

from privatrack.core.classify import Classifier
from privatrack.core.importers.mail import parse_mail
from privatrack.core.models import RawMessage

ORDER = ("<html><body><h2>¡Gracias por tu compra, Carmen!</h2><p>Hemos recibido tu pedido <b>#10482</b> y lo estamos "
         "preparando. Tostamos cada martes y jueves, así que tu café saldrá recién tostado.</p><table>"
         "<tr><td>Café de Etiopía Yirgacheffe 500 g</td><td>16,90 €</td></tr><tr><td>Blend Casa 1 kg</td>"
         "<td>24,50 €</td></tr><tr><td>Envío (Correos Express)</td><td>4,95 €</td></tr><tr><td><b>Total</b></td>"
         "<td><b>46,35 €</b></td></tr></table><p>Método de pago: Bizum<br>Dirección: C/ Alfonso X 14, 30008 Murcia"
         "</p><p>Te enviaremos el número de seguimiento cuando salga el paquete. Si tienes cualquier duda, responde "
         "a este correo o llámanos al 968 21 47 90.</p><p>Un abrazo,<br>Pablo y Elena - Tostadero Montaña</p>"
         "</body></html>")
PASS = "mx.google.com; dkim=pass header.i=@{d}; spf=pass smtp.mailfrom={d}; dmarc=pass header.from={d}"


def _mail(domain: str, *, auth: str | None = PASS, attachment: bool = False, body: str = ORDER) -> RawMessage:
    head = (f"From: Tostadero Montaña <pedidos@{domain}>\r\nTo: carmen.ortega@example.org\r\n"
            "Subject: Pedido #10482 confirmado\r\nDate: Sat, 25 Jan 2025 12:48:03 +0100\r\n"
            f"Message-ID: <10482@{domain}>\r\nMIME-Version: 1.0\r\n")
    if auth is not None:
        head += f"Authentication-Results: {auth.format(d=domain)}\r\n"
    part = f"Content-Type: text/html; charset=utf-8\r\n\r\n{body}"
    if attachment:
        head += 'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        raw = (f"{head}--b1\r\n{part}\r\n--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument."
               "wordprocessingml.document\r\nContent-Disposition: attachment; filename=\"Pedido-10482.docx\"\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\nUEsDBBQAAAAIAA==\r\n--b1--\r\n")
    else:
        raw = head + part
    msg = parse_mail(raw.encode(), source="test", item=domain)
    assert isinstance(msg, RawMessage), msg
    return msg


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


def test_an_unlinked_order_from_the_shops_own_authenticated_domain_is_a_transaction(clf: Classifier) -> None:
    c = clf.classify(_mail("tostaderomontana.es"))
    assert c.category == "transactional", c
    assert "notice without links from the sender's own domain tostaderomontana.es (DMARC passed)" in c.reasons


@pytest.mark.parametrize("case", ["no DMARC", "DMARC failed", "attachment", "lure domain", "lure domain in Spanish",
                                  "lure domain in German", "call-back script"])
def test_the_same_mail_is_no_such_notice(clf: Classifier, case: str) -> None:
    msg = {
        "no DMARC": lambda: _mail("tostaderomontana.es", auth=None),
        "DMARC failed": lambda: _mail("tostaderomontana.es", auth=PASS.replace("dmarc=pass", "dmarc=fail")),
        "attachment": lambda: _mail("tostaderomontana.es", attachment=True),
        "lure domain": lambda: _mail("tostadero-account-review.com"),
        "lure domain in Spanish": lambda: _mail("tostadero-envios-aduana.com"),
        "lure domain in German": lambda: _mail("tostadero-kundenportal-online.de"),
        "call-back script": lambda: _mail("tostaderomontana.es", body=ORDER.replace(
            "Si tienes cualquier duda", "Si no reconoce esta compra, llámenos al +1 (888) 412-7731 para cancelarla."
            " Si tienes cualquier duda")),
    }[case]()
    c = clf.classify(msg)
    assert not any(r.startswith("notice without links") for r in c.reasons), c


STATEMENT = ("Caixa Geral de Depósitos\n\nCaro(a) Cliente,\n\nInformamos que o extrato da sua "
             "Conta à Ordem n.º ****0871, "
             "referente ao mês de fevereiro de 2025, já se encontra disponível para consulta no serviço Caixadirecta, "
             "na área Documentos.\n\nPara aceder, utilize a app Caixadirecta ou digite www.{d} diretamente no seu "
             "navegador.\n\nA Caixa nunca solicita, por email ou SMS, códigos de acesso ou números de cartão.\n\n"
             "Com os melhores cumprimentos,\nCaixa Geral de Depósitos, S.A.")


def _statement(domain: str, auth: str | None = PASS) -> RawMessage:
    raw = (f"From: Caixa Geral de Depositos <noreply@{domain}>\r\nTo: antonio.pereira@example.org\r\n"
           "Subject: Extrato mensal disponível - Conta à Ordem\r\nDate: Mon, 03 Mar 2025 07:30:00 +0000\r\n"
           f"Message-ID: <EXT.20250303@{domain}>\r\nMIME-Version: 1.0\r\n"
           + (f"Authentication-Results: {auth.format(d=domain)}\r\n" if auth else "")
           + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + STATEMENT.format(d=domain))
    msg = parse_mail(raw.encode(), source="test", item=domain)
    assert isinstance(msg, RawMessage), msg
    return msg


def test_a_statement_notice_linking_only_home_in_a_language_the_model_barely_knows_is_a_transaction(
        clf: Classifier) -> None:
    c = clf.classify(_statement("caixa-exemplo.pt"))
    assert c.category == "transactional", c
    assert "notice linking only to the sender's own site caixa-exemplo.pt" in c.reasons
    # ... not without DMARC, nor from a domain of a name and a money word
    for msg in (_statement("caixa-exemplo.pt", auth=None), _statement("caixa-withdrawals.io")):
        assert not any(r.startswith("notice linking only") for r in clf.classify(msg).reasons)


def test_a_banks_fee_notice_without_links_is_a_transaction(clf: Classifier) -> None:
    body = ("Sehr geehrter Herr Schulze,\n\nzum 1. April 2025 passen wir das Preis- und Leistungsverzeichnis für das "
            "Kontomodell \"VR-Giro Komfort\" an."
            " Der monatliche Kontoführungspreis steigt von 7,90 EUR auf 8,90 EUR.\n\n"
            "Die vollständige Mitteilung haben wir Ihnen in Ihr elektronisches Postfach im Online-Banking eingestellt. "
            "Wichtiger Hinweis: Diese E-Mail enthält bewusst keine Links.\n\nMit freundlichen Grüßen\nIhre VR Bank")
    raw = ("From: VR Bank <info@vrbank-beispiel.de>\r\nTo: m.schulze@example.org\r\n"
           "Subject: Änderung der Entgelte für Ihr Girokonto\r\nDate: Tue, 28 Jan 2025 09:00:00 +0100\r\n"
           "MIME-Version: 1.0\r\nAuthentication-Results: " + PASS.format(d="vrbank-beispiel.de") + "\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body)
    msg = parse_mail(raw.encode(), source="test", item="fees")
    assert isinstance(msg, RawMessage)
    c = clf.classify(msg)
    assert c.category == "transactional", c
    assert "notice without links from the sender's own domain vrbank-beispiel.de (DMARC passed)" in c.reasons

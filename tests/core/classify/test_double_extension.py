"""A linked or attached file whose name hides its type behind a document's ("Rechnung.pdf.zip", "invoice.pdf.exe")
makes one-to-one mail fraud, however ordinary its words; a plain PDF or archive does not, nor does bulk mail."""

from __future__ import annotations

import pytest

from privatrack.core.classify import Classifier
from privatrack.core.importers.mail import parse_mail
from privatrack.core.models import RawMessage
from tests.messages import mail

REMINDER = ("Sehr geehrte Damen und Herren,\n\nleider konnten wir bis heute keinen Zahlungseingang für unsere Rechnung "
            "Nr. 2025-0412 vom 28.10.2025 über 3.184,50 € feststellen.\n\nDie Rechnung finden Sie hier zum Download:\n"
            "{link}\n\nMit freundlichen Grüßen\nSabine Krüger\nBuchhaltung")


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


def _reminder(link: str, headers: dict[str, str] | None = None) -> RawMessage:
    return mail(REMINDER.format(link=link), "Zahlungserinnerung: Rechnung Nr. 2025-0412",
                "buchhaltung.mueller@gmx.de", "Buchhaltung Müller & Söhne GmbH", headers)


def test_a_link_to_a_pdf_that_is_an_archive_is_fraud(clf: Classifier) -> None:
    c = clf.classify(_reminder("https://www.dropbox.com/scl/fi/x8k2q0l7v3m/Rechnung_2025-0412.pdf.zip?dl=1"))
    assert c.category == "fraud", c
    assert "file disguised by a double extension: rechnung_2025-0412.pdf.zip" in c.reasons


def test_an_attached_invoice_that_is_a_program_is_fraud(clf: Classifier) -> None:
    raw = ("From: Accounts <accounts@supplier-example.com>\r\nTo: kate@example.org\r\nSubject: Invoice 4471\r\n"
           "Date: Tue, 10 Feb 2026 08:30:00 +0000\r\nMIME-Version: 1.0\r\n"
           'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
           "Hi Kate, please find our invoice attached. Thanks, Tom\r\n--b1\r\n"
           "Content-Type: application/octet-stream\r\n"
           'Content-Disposition: attachment; filename="Invoice_4471.pdf.exe"\r\n'
           "Content-Transfer-Encoding: base64\r\n\r\n"
           "TVqQAAMAAAAEAAAA\r\n--b1--\r\n")
    msg = parse_mail(raw.encode(), source="test", item="exe")
    assert isinstance(msg, RawMessage)
    c = clf.classify(msg)
    assert c.category == "fraud", c
    assert "file disguised by a double extension: Invoice_4471.pdf.exe" in c.reasons


@pytest.mark.parametrize("link,headers", [
    ("https://www.dropbox.com/scl/fi/x8k2q0l7v3m/Rechnung_2025-0412.pdf?dl=1", None),
    ("https://www.dropbox.com/scl/fi/x8k2q0l7v3m/Rechnungen_2025.zip?dl=1", None),
    ("https://files.example.com/v2.1.pdf", None),
    # data in an archive is how people send data
    ("https://files.example.com/sales-2024.csv.gz", None),
    ("https://files.example.com/holiday.jpg.zip", None),
    ("https://files.example.com/logo.png.svg", None),
    # a newsletter's catalogue: bulk mail's links are the sender's business
    ("https://shop.example.com/katalog.pdf.zip", {"List-Unsubscribe": "<https://shop.example.com/u>"}),
])
def test_a_plain_file_or_bulk_mail_is_not_disguised(clf: Classifier, link: str,
                                                   headers: dict[str, str] | None) -> None:
    c = clf.classify(_reminder(link, headers))
    assert not any(r.startswith("file disguised") for r in c.reasons), c

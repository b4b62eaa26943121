"""Default folder choice from recorded LIST/XLIST answers of real providers (names decoded from modified UTF-7)."""

from __future__ import annotations

from typing import Any

from imapclient import imap_utf7

from privatrack.core.importers.imap import default_folders


class RecordedServer:
    """Answers LIST/XLIST the way the provider does (what imapclient returns after decoding)."""

    def __init__(self, caps: tuple[bytes, ...], listing: list[Any], xlisting: list[Any] | None = None) -> None:
        self.caps = caps
        self.listing = listing
        self.xlisting = xlisting
        self.xlist_called = False

    def capabilities(self) -> tuple[bytes, ...]:
        return self.caps

    def list_folders(self) -> list[Any]:
        return self.listing

    def xlist_folders(self) -> list[Any]:
        self.xlist_called = True
        return self.xlisting or []


def test_gmail_legacy_xlist_spam_flag() -> None:
    # Gmail without SPECIAL-USE in this capability set: only XLIST carries the \Spam flag.
    server = RecordedServer(
        (b"IMAP4REV1", b"XLIST"),
        [((b"\\HasNoChildren",), b"/", "INBOX"), ((b"\\Noselect", b"\\HasChildren"), b"/", "[Gmail]"),
         ((b"\\HasNoChildren",), b"/", "[Gmail]/Spam"), ((b"\\HasNoChildren",), b"/", "[Gmail]/All Mail")],
        [((b"\\HasNoChildren", b"\\Inbox"), b"/", "Inbox"), ((b"\\Noselect",), b"/", "[Gmail]"),
         ((b"\\HasNoChildren", b"\\Spam"), b"/", "[Gmail]/Spam"),
         ((b"\\HasNoChildren", b"\\AllMail"), b"/", "[Gmail]/All Mail")],
    )
    assert default_folders(server) == ["INBOX", "[Gmail]/Spam"]  # type: ignore[arg-type]
    assert server.xlist_called


def test_netease_junk_by_flag_and_advertising_folder_by_name() -> None:
    server = RecordedServer(
        (b"IMAP4REV1", b"ID", b"SPECIAL-USE"),
        [((), b"/", "INBOX"), ((b"\\Drafts",), b"/", "草稿箱"), ((b"\\Sent",), b"/", "已发送"),
         ((b"\\Trash",), b"/", "已删除"), ((b"\\Junk",), b"/", "垃圾邮件"), ((), b"/", "广告邮件"),
         ((), b"/", "病毒文件夹")],
    )
    assert default_folders(server) == ["INBOX", "垃圾邮件", "广告邮件"]  # type: ignore[arg-type]
    assert not server.xlist_called


def test_undecoded_folder_names_are_decoded_from_modified_utf7() -> None:
    junk = imap_utf7.encode("垃圾邮件")
    assert junk == b"&V4NXPpCuTvY-"
    server = RecordedServer((b"IMAP4REV1", b"SPECIAL-USE"), [((b"\\Junk",), b".", junk),
                                                            ((), b".", b"INBOX.Promotions")])
    assert default_folders(server) == ["INBOX", "垃圾邮件", "INBOX.Promotions"]  # type: ignore[arg-type]

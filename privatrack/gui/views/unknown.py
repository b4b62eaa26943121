"""``UnknownSendersPage``: unattributed messages grouped by signature, number or domain; a merchant in one step."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from privatrack.core import household as hh
from privatrack.core.errors import NotFound
from privatrack.core.tasks import TaskContext
from privatrack.gui.dialogs.records import AddMerchantDialog
from privatrack.gui.errors import show_exception
from privatrack.gui.models.unknown import SenderGroup, group_unattributed
from privatrack.gui.signals import Session
from privatrack.gui.tasks import Op, read_pool
from privatrack.gui.views.base import Page, fill_table, heading, make_table

log = logging.getLogger(__name__)


def _reclassify_available() -> bool:
    try:
        from privatrack.core.classify import vault_ops  # noqa: F401
    except ImportError:
        return False
    return True


class UnknownSendersPage(Page):
    topics = ("messages", "merchants", "corrections")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.groups: list[SenderGroup] = []
        self.loading = False
        self.reclassifying = False
        self._reclassify_op: Op | None = None
        self.dialog: AddMerchantDialog | None = None
        self._generation = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(heading(self.tr("Unknown senders")))
        intro = QLabel(self.tr("Messages that no merchant was found for, grouped by SMS signature, sender number, "
                               "e-mail domain or, for free-mail providers, e-mail address. Name a group to create "
                               "the merchant; its messages are then attributed to it."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.table = make_table([self.tr("Kind"), self.tr("Sender"), self.tr("Messages"), self.tr("First"),
                                 self.tr("Last"), self.tr("Example")])
        self.table.setObjectName("unknownGroups")
        self.table.setSortingEnabled(False)
        outer.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.create_button = QPushButton(self.tr("Create a merchant from this group…"))
        self.create_button.setObjectName("createFromGroup")
        row.addWidget(self.create_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("unknownStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.create_button.clicked.connect(self.create_from_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    # -- data ----------------------------------------------------------------------------------------
    def load(self) -> None:
        vault = self.session.vault
        if vault is None or vault.is_locked:
            return
        self._generation += 1
        gen = self._generation

        def work(ctx: TaskContext) -> tuple[int, list[SenderGroup]]:
            db = vault.connect()
            try:
                return gen, group_unattributed(db, ctx)
            finally:
                db.close()

        self.loading = True
        self.status.setText(self.tr("Grouping messages…"))
        Op(self, work, pool=read_pool()).success(self._loaded).failure(self._load_failed).run()

    def _loaded(self, result: Any) -> None:
        gen, groups = result
        if gen != self._generation or self.session.is_locked:
            return
        self.loading = False
        self.groups = groups
        kinds = {"signature": self.tr("SMS signature"), "number": self.tr("SMS number"),
                 "domain": self.tr("E-mail domain"), "address": self.tr("Free-mail address")}
        fill_table(self.table, [
            [kinds.get(g.kind, g.kind), f"【{g.key}】" if g.kind == "signature" else g.key, str(g.count),
             (g.first or "")[:10], (g.last or "")[:10], g.example]
            for g in groups
        ])
        self.status.setText(self.tr("Nothing unattributed: every message has a merchant or is personal.")
                            if not groups else "")

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.clear()
        if not self.session.is_locked:
            show_exception(self, exc)

    def clear(self) -> None:
        super().clear()
        if self._reclassify_op is not None and self._reclassify_op.running:
            self._reclassify_op.cancel()  # on lock: stop after the current batch, close its connection
        self._generation += 1
        self.loading = False
        self.groups = []
        self.table.setRowCount(0)
        self.status.clear()

    def _selection_changed(self) -> None:
        self.create_button.setEnabled(self.selected_group() is not None)

    def selected_group(self) -> SenderGroup | None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def select_group(self, key: str) -> None:
        for i, g in enumerate(self.groups):
            if g.key == key:
                self.table.selectRow(i)
                return

    # -- one step to a merchant ----------------------------------------------------------------------
    def create_from_selected(self) -> AddMerchantDialog | None:
        group = self.selected_group()
        if group is None:
            return None
        # a free-mail address names its merchant by that exact address, never by the provider's domain; its local
        # part is no name to propose when it is a merchant's already ("paypal@gmail.com" is not PayPal)
        name = (group.key.split(".")[0].capitalize() if group.kind == "domain"
                else group.key.split("@")[0] if group.kind == "address" else group.key)
        if group.kind == "address" and not self.session.is_locked:
            try:
                hh.find_merchant(self.session.db, name)
                name = ""
            except NotFound:
                pass
        dlg = AddMerchantDialog(self.session, self, name=name)
        if group.kind == "signature":
            dlg.signatures_edit.setText(group.key)
            numbers = sorted(s for s in group.senders if s)
            dlg.senders_edit.setText(", ".join(numbers[:5]))
        elif group.kind == "number":
            dlg.senders_edit.setText(group.key)
        elif group.kind == "address":
            dlg.email_senders_edit.setText(group.key)
        else:
            dlg.domains_edit.setText(group.key)
        dlg.accepted.connect(self._merchant_created)
        self.dialog = dlg
        dlg.open()
        return dlg

    def _merchant_created(self) -> None:
        if not _reclassify_available():
            self.status.setText(self.tr("Merchant saved. Run 'privatrack reclassify' to attribute the messages."))
            self.refresh()
            return
        vault = self.session.vault
        if vault is None or vault.is_locked:
            return

        def work(ctx: TaskContext) -> Any:
            from privatrack.core.classify import vault_ops

            db = vault.connect()
            try:
                return vault_ops.reclassify(db, ctx=ctx)
            finally:
                db.close()

        self.status.setText(self.tr("Attributing messages to the new merchant…"))
        self.reclassifying = True
        self._reclassify_op = Op(self, work).with_progress(self.tr("Reclassifying messages"))
        self._reclassify_op.success(self._reclassified).failure(self._reclassify_failed).run()

    def _reclassify_failed(self, exc: BaseException) -> None:
        self.reclassifying = False
        self._load_failed(exc)

    def _reclassified(self, _report: Any) -> None:
        self.reclassifying = False
        self.session.changed("messages")
        self.refresh()

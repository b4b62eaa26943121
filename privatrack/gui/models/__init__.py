"""Qt item models over the vault (never imports views or dialogs)."""

"""PrivaTrack: where did my personal details go? Local-first, encrypted."""

__version__ = "0.1.0"

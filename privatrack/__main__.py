"""``python -m privatrack``: same as the ``privatrack`` command (opens the app without arguments)."""

from privatrack.launcher import main

if __name__ == "__main__":
    main()

"""The frozen application's entry point (PyInstaller runs this file, not a console script)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Entity recognition runs in a forkserver process pool. In a frozen build the
    # helper processes start this same executable, and freeze_support() is what turns
    # them into workers instead of second copies of the application.
    multiprocessing.freeze_support()

    from gui.cli import main

    sys.exit(main())

"""Build the one-folder app with PyInstaller, add the desktop files, pack a tarball.

    ./run.sh package [--smoke]     (runs: .venv/bin/python packaging/build.py)

The bundle is dist/archive-reader/ (run dist/archive-reader/archive-reader), the tarball
dist/archive-reader-VERSION-linux-ARCH.tar.gz. --dist and --work move both elsewhere
(the packaging test builds in a temporary folder).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "archive-reader.spec"
NAME = "archive-reader"
SIZE_LIMIT_MB = 350  # the packaging issue's ceiling for the unpacked bundle

# Copied beside the executable: what a user needs to put the app in the desktop's menu.
DESKTOP_FILES = (
    ROOT / "packaging" / "archive-reader.desktop",
    ROOT / "packaging" / "install-desktop-entry.sh",
    ROOT / "resources" / "icons" / "archive-reader.svg",
)


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "indexer" / "version.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
            "--distpath", str(dist), "--workpath", str(work), str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    bundle = dist / NAME
    for source in DESKTOP_FILES:
        shutil.copy2(source, bundle / source.name)
    return bundle


def pack(bundle: Path) -> Path:
    machine = platform.machine().lower() or "unknown"
    tarball = bundle.parent / f"{NAME}-{version()}-{sys.platform}-{machine}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=NAME)
    return tarball


def smoke(bundle: Path) -> int:
    """The frozen app's own check, offscreen, in a throw-away home."""
    with tempfile.TemporaryDirectory(prefix="archive-reader-smoke-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARCHIVE_READER_HOME": home}
        return subprocess.run([str(bundle / NAME), "--smoke"], env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--smoke", action="store_true", help="run the built app's --smoke")
    args = parser.parse_args(argv)

    bundle = build(args.dist.resolve(), args.work.resolve())
    tarball = pack(bundle)
    size_mb = folder_size(bundle) / 1e6
    print(f"bundle  {bundle}  {size_mb:.0f} MB (limit {SIZE_LIMIT_MB} MB)")
    print(f"tarball {tarball}  {tarball.stat().st_size / 1e6:.0f} MB")
    if size_mb > SIZE_LIMIT_MB:
        print(f"the bundle is over {SIZE_LIMIT_MB} MB", file=sys.stderr)
        return 1
    return smoke(bundle) if args.smoke else 0


if __name__ == "__main__":
    sys.exit(main())

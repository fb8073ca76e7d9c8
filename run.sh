#!/usr/bin/env bash
# Archive Reader's two commands, on a fresh Debian/Ubuntu machine:
#   ./run.sh app [ARGS...]   open the window (on the sample archive the first time)
#   ./run.sh test [ARGS...]  run every test (pytest arguments may follow)
#   ./run.sh package [--smoke]  build dist/archive-reader/ and its tarball (PyInstaller)
# It installs what it needs: the system libraries Qt needs (when root; otherwise it
# prints the exact command), a virtual environment in .venv, and the Python packages.
set -euo pipefail
cd "$(dirname "$0")"

QT_LIBS="libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libxkbcommon0 fonts-dejavu-core"
WINDOW_LIBS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0 xvfb xauth"

# PyInstaller reads binaries with binutils (objdump, strip) and links libpython.
package_libs() {
    echo "binutils libpython3.$("$(find_python)" -c 'import sys; print(sys.version_info[1])')"
}

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    say "Archive Reader needs Python 3.11 or newer: sudo apt-get install python3 python3-venv"
    exit 1
}

ensure_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian-like: trust the machine
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        say "Installing system libraries: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        say "Archive Reader needs these system libraries. Install them with:"
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

ensure_venv() {
    local python stamp
    python=$(find_python)
    if [ ! -x .venv/bin/python ]; then
        say "Creating the virtual environment in .venv"
        "$python" -m venv .venv 2>/dev/null || {
            ensure_system_packages "$("$python" -c 'import sys; print(f"python3.{sys.version_info[1]}-venv")')"
            "$python" -m venv .venv
        }
    fi
    stamp=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f .venv/.setup-stamp ] || [ "$(cat .venv/.setup-stamp)" != "$stamp" ]; then
        say "Installing Python packages (the first time takes a few minutes)"
        if ! { .venv/bin/python -m pip install --upgrade pip &&
               .venv/bin/python -m pip install -e '.[dev]'; } >.venv/install.log 2>&1; then
            tail -n 40 .venv/install.log >&2
            say "Installing the Python packages failed; the whole log is in .venv/install.log"
            exit 1
        fi
        echo "$stamp" > .venv/.setup-stamp
    fi
}

command=${1:-app}
[ $# -gt 0 ] && shift
case "$command" in
    app)
        ensure_system_packages $QT_LIBS $WINDOW_LIBS
        ensure_venv
        if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
            say "No display found: running on a virtual screen (Xvfb). Add --screenshot FILE.png to see it."
            exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/archive-reader open "$@"
        fi
        exec .venv/bin/archive-reader open "$@"
        ;;
    test)
        # The packaging test (marked slow) builds the frozen app; one test drives the
        # real window on a private Xvfb server (keyboard behaviour offscreen cannot show).
        ensure_system_packages $QT_LIBS $WINDOW_LIBS $(package_libs)
        ensure_venv
        exec .venv/bin/python -m pytest "$@"
        ;;
    package)
        ensure_system_packages $QT_LIBS $(package_libs)
        ensure_venv
        exec .venv/bin/python packaging/build.py "$@"
        ;;
    bench)
        ensure_system_packages $QT_LIBS
        # Recoll is the peer the benchmark compares with: installed when root, else the
        # benchmark says how to install it and measures the rest.
        if ! command -v recollindex >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
            say "Installing Recoll (recollcmd) to compare with"
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq recollcmd; } \
                >/dev/null 2>&1 || say "Recoll could not be installed; the benchmark goes on without it"
        fi
        ensure_venv
        exec .venv/bin/python -m tests.benchmarks.bench "$@"
        ;;
    *)
        echo "usage: ./run.sh app [FOLDER] [--screenshot FILE.png] | ./run.sh test [PYTEST ARGS]" >&2
        echo "       ./run.sh package [--smoke]" >&2
        echo "       ./run.sh bench [--sizes 1k 10k] [--with-100k] [--folder PATH]" >&2
        exit 2
        ;;
esac

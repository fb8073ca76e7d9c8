#!/bin/sh
# Put Archive Reader in the desktop's application menu, for this user only.
# Run it from the unpacked bundle: ./install-desktop-entry.sh   (undo: --remove)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/archive-reader.desktop" "$icons/archive-reader.svg"
    echo "Removed Archive Reader from the menu."
    exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/archive-reader.svg" "$icons/archive-reader.svg"
# The menu entry must name the executable by its full path: the bundle is not on PATH.
sed "s|^Exec=archive-reader|Exec=\"$here/archive-reader\"|" "$here/archive-reader.desktop" \
    > "$apps/archive-reader.desktop"
echo "Archive Reader is in the menu ($apps/archive-reader.desktop)."

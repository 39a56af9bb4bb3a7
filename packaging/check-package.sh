#!/usr/bin/env bash
# Build the .deb from an existing build folder, validate its desktop entry
# and AppStream metainfo, install it, and check that the installed program
# runs. Needs root (or sudo) for the install. Usage:
#   bash packaging/check-package.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi

desktop-file-validate "$root/resources/linux/io.github.embedscope.Embedscope.desktop"
appstreamcli validate --no-net "$root/resources/linux/io.github.embedscope.Embedscope.metainfo.xml"

(cd "$build" && cpack -G DEB)
deb=$(ls -t "$build"/embedscope_*.deb | head -n 1)
echo "Built $deb"
dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Depends):'

DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "$deb"

installed=/usr/bin/embedscope
"$installed" --version
out=$(mktemp -d)
printf 'The quick brown fox\nThe quick brown dog\nLorem ipsum\n' | env -u DISPLAY -u QT_QPA_PLATFORM "$installed" render - -o "$out/check.png"
test -s "$out/check.png"
echo "Installed package renders: $out/check.png"

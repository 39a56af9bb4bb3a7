#!/usr/bin/env bash
# Install every build, test and run-time dependency of Embedscope from
# Debian 12 packages. Safe to run more than once: apt-get skips packages
# that are already installed at the candidate version.
set -euo pipefail

packages=(
    # Toolchain
    g++ cmake ninja-build pkg-config
    # Qt 6.4: Core, Gui, Widgets, Network, Sql, Test, Concurrent, Charts, Svg
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev
    libqt6sql6-sqlite qt6-qpa-plugins libgl-dev libqt6opengl6-dev
    # Key storage in the desktop keychain
    qtkeychain-qt6-dev
    # Linear algebra. OpenBLAS runs the similarity products with kernels it
    # picks for the CPU at run time (EMBEDSCOPE_USE_OPENBLAS in core/).
    libeigen3-dev libopenblas-dev
    # A font for labels when rendering without a display server
    fonts-dejavu-core
    # Packaging: .deb dependencies, desktop entry and AppStream validation
    dpkg-dev desktop-file-utils appstream
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "All ${#packages[@]} packages are already installed."
    exit 0
fi

echo "Installing: ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

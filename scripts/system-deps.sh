#!/usr/bin/env bash
# Installs the Debian libraries mock needs, when run as root and they are missing;
# otherwise prints the exact apt command to run.
#   scripts/system-deps.sh runtime   # what `mock` needs to run live
#   scripts/system-deps.sh test      # plus what the test suite needs (voices, virtual audio, browser)
set -euo pipefail
runtime=(libportaudio2 libespeak-ng1 libsndfile1)
test=(espeak-ng sox pulseaudio pulseaudio-utils libasound2-plugins alsa-utils chromium tmux)
want=("${runtime[@]}")
[ "${1:-runtime}" = test ] && want+=("${test[@]}")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "mock: these system libraries are missing: ${missing[*]} (install them with your package manager)" >&2
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "mock needs these Debian packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
fi

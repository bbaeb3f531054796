#!/usr/bin/env bash
# Installs what camstream needs on Debian 12 (as root), skipping what is already there.
#   scripts/setup.sh          build and run
#   scripts/setup.sh --test   also what the tests need (Chromium, Firefox ESR, WebKitGTK, Xvfb,
#                             Node and the npm packages that drive them, ffprobe, clang for
#                             the fuzz targets)
#   scripts/setup.sh --bench  also what the benchmarks need (Google Benchmark, the ffmpeg CLI)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libboost1.81-dev libavcodec-dev libavformat-dev
          libavutil-dev libx264-dev libturbojpeg0-dev libspdlog-dev libcli11-dev
          nlohmann-json3-dev libtomlplusplus-dev libssl-dev)
case "${1:-}" in
  --test)
    # The browser tests run in three engines: Chromium, Firefox ESR, and WebKitGTK's MiniBrowser
    # (webkit2gtk-driver) on an Xvfb display; WebKitGTK plays H.264 through GStreamer's libav
    # decoder and the H.264 parser in plugins-bad. The fuzz targets need clang and its
    # libFuzzer/sanitizer runtimes (libclang-rt is only recommended by clang, so named here).
    packages+=(clang libclang-rt-14-dev)
    packages+=(libgtest-dev libgmock-dev libbenchmark-dev chromium ffmpeg firefox-esr
               webkit2gtk-driver xvfb gstreamer1.0-libav gstreamer1.0-plugins-bad openssl
               systemd)
    command -v npm >/dev/null || packages+=(nodejs npm)
    ;;
  --bench) packages+=(libbenchmark-dev ffmpeg python3-websockets) ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ "${1:-}" == "--test" ]]; then
  # playwright-core, puppeteer-core and selenium-webdriver drive Debian's browsers; none of
  # them downloads a browser of its own.
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

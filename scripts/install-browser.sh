#!/usr/bin/env bash
# Installs what the web UI's browser tests (WebUiBrowserIT) drive: Debian's chromium and
# chromium-driver, headless, at /usr/bin/chromium and /usr/bin/chromedriver. Without them those
# tests skip and say so. Needs root (or sudo) and apt; does nothing when both are there.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get here: install chromium and its chromedriver yourself (any Chrome and matching" \
    "chromedriver on the PATH will do)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "installing chromium needs root: run this script as root" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "== installing chromium and chromium-driver for the web UI's browser tests"
$sudo apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 ||
  { $sudo apt-get update -qq >/dev/null 2>&1 &&
    $sudo apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } || {
  echo "could not install chromium and chromium-driver with apt-get" >&2
  exit 1
}

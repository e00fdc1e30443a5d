#!/usr/bin/env bash
# Installs the smallest LibreOffice set that converts DOCX and XLSX to PDF (Writer and Calc
# without the GUI, plus poppler-utils for pdffonts/pdftotext/pdftoppm) when `soffice` is missing
# and apt-get is usable (root, apt reachable). Otherwise it says why and exits 0: the PDF tests
# then skip with that reason. Measured on Debian 12 (bookworm), 2 shared cores: see docs/formats.md.
set -u
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "tgpl: LibreOffice not installed and apt-get not available; PDF rendering tests will skip" >&2
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "tgpl: LibreOffice not installed and not running as root; PDF rendering tests will skip" >&2
    exit 0
fi
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends \
        libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 poppler-utils >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 || true
    apt-get install -y -q --no-install-recommends \
        libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 poppler-utils >/dev/null 2>&1 \
        || { echo "tgpl: apt-get could not install LibreOffice; PDF rendering tests will skip" >&2; exit 0; }
fi
echo "tgpl: LibreOffice installed in $(( $(date +%s) - start )) s" >&2

#!/usr/bin/env bash
# The domain stays pure: no I/O, serialisation or HTTP libraries in src/domain.
set -euo pipefail
dir="$1/src/domain"
if grep -rnE '#include *[<"](boost/|sqlite3|libpq|pq-fe|nlohmann/|toml\+\+|spdlog/|CLI/)' "$dir"; then
  echo "src/domain must not include I/O or serialisation libraries" >&2
  exit 1
fi
echo "src/domain is pure"

#!/usr/bin/env bash
# Ingest at scale against a floor: qawl ingests a generated corpus (extraction, every index and
# the full-text index included); the floor writes the same rows, the same indexes and the same
# full-text tables with the sqlite3 shell, copying them from qawl's store (no extraction).
#
#   benches/scale.sh [N ...]        # default: 10000 100000; needs sqlite3 and /usr/bin/time
#
# Prints one Markdown table row per N: time, peak RSS and bytes written of each, and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${QAWL_SCALE_DIR:-/tmp/qawl-scale}
mkdir -p "$work"
command -v sqlite3 >/dev/null || { echo "scale.sh: sqlite3 is needed (apt install sqlite3)" >&2; exit 1; }
cargo build --release --quiet --bin qawl --example gen_corpus
qawl=target/release/qawl
gen=target/release/examples/gen_corpus

# "SECONDS PEAK_KIB WRITTEN_BYTES" of a command (GNU time: %O counts 512-byte blocks)
measure() {
    /usr/bin/time -f "%e %M %O" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" ||
        { cat "$work/stderr" >&2; exit 1; }
    read -r s kib blocks <"$work/time"
    echo "$s $kib $((blocks * 512))"
}

echo "| articles | corpus | qawl ingest | articles/s | peak RSS | written / store | store / corpus | floor | floor written | qawl / floor |"
echo "|---|---|---|---|---|---|---|---|---|---|"
# the shell's SQLite may predate contentless_delete (3.43); without it FTS5 writes a little less
sed 's/contentless_delete = 1, *//' schema.sql >"$work/schema.sql"
for n in "${@:-10000 100000}"; do
  for n in $n; do
    dir="$work/c$n"
    [ -f "$dir/corpus.jsonl" ] || "$gen" --articles "$n" --out "$dir" --jsonl >/dev/null 2>&1
    corpus=$(stat -c %s "$dir/corpus.jsonl")
    db="$work/kb$n.sqlite"; floor="$work/floor$n.sqlite"
    rm -f "$db" "$db"-* "$floor" "$floor"-*
    sync
    read -r qs qkib qw < <(measure "$qawl" --db "$db" --quiet ingest "$dir/corpus.jsonl")
    store=$(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
    cat >"$work/floor.sql" <<SQL
PRAGMA journal_mode = WAL;
.read $work/schema.sql
CREATE INDEX statements_extractor ON statements(extractor);
CREATE INDEX statements_speaker_verb ON statements(speaker_id, verb, said_on);
DROP INDEX statements_surface_norm;
CREATE INDEX statements_unnamed ON statements(surface_norm, verb, said_on, speaker_id) WHERE speaker_id IS NULL;
ATTACH '$db' AS src;
BEGIN;
INSERT INTO articles SELECT * FROM src.articles;
INSERT INTO entities SELECT * FROM src.entities;
INSERT INTO aliases SELECT * FROM src.aliases;
INSERT INTO mentions SELECT * FROM src.mentions;
INSERT INTO statements SELECT * FROM src.statements;
INSERT INTO statement_entities SELECT * FROM src.statement_entities;
INSERT INTO articles_fts (rowid, title, body) SELECT id, coalesce(title, ''), body FROM articles;
INSERT INTO statements_fts (rowid, content) SELECT id, content FROM statements;
COMMIT;
SQL
    sync
    read -r fs _ fw < <(measure sqlite3 "$floor" ".read $work/floor.sql")
    awk -v n="$n" -v c="$corpus" -v qs="$qs" -v qkib="$qkib" -v qw="$qw" -v st="$store" \
        -v fs="$fs" -v fw="$fw" 'BEGIN {
      printf "| %d | %.0f MB | %.1f s | %.0f | %.0f MiB | %.1f× (%.2f GB / %.2f GB) | %.2f× | %.1f s | %.2f GB | %.1f× |\n",
        n, c / 1e6, qs, n / qs, qkib / 1024, qw / st, qw / 1e9, st / 1e9, st / c, fs, fw / 1e9, qs / fs }'
  done
done

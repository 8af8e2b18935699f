#pragma once

// The FTS5 tokenizer of the case search on SQLite, "sigap_indonesian": the
// words of unicode61 (its arguments, such as "remove_diacritics 2", are
// passed on), each indexed with its Indonesian stem (Snowball) at the same
// position when the two differ, so that a search for "lubang" finds
// "berlubang" and "lubangnya" and one for "kerusakan" finds "rusak".
//
// A query word is looked up by its stem; a prefix query ("jal"*) by the
// word as written, which the index also holds. PostgreSQL's GIN index
// does the same with its "indonesian" configuration (migration 0034).
namespace sigap::store::sqlite {

// Makes the tokenizer available to every SQLite connection this process
// opens from now on (sqlite3_auto_extension). Idempotent and thread-safe.
// Returns false when SQLite refused it.
bool RegisterIndonesianTokenizer();

}  // namespace sigap::store::sqlite

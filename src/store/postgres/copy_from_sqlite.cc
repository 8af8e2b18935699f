#include "store/postgres/copy_from_sqlite.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <vector>

#include "store/postgres/postgres_store.h"

namespace sigap::store::postgres {
namespace {

// A value of an SQLite column as a field of COPY's text format.
void AppendField(sqlite3_stmt* stmt, int col, bool bytea, std::string& line) {
  switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_NULL:
      line += "\\N";
      return;
    case SQLITE_INTEGER:
      line += std::to_string(sqlite3_column_int64(stmt, col));
      return;
    case SQLITE_FLOAT: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(stmt, col));
      line += buf;
      return;
    }
    default:
      break;
  }
  const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, col));
  const int n = sqlite3_column_bytes(stmt, col);
  if (bytea) {
    static const char* kHex = "0123456789abcdef";
    line += "\\\\x";
    for (int i = 0; i < n; ++i) {
      line += kHex[p[i] >> 4];
      line += kHex[p[i] & 15];
    }
    return;
  }
  for (int i = 0; i < n; ++i) {
    const char c = static_cast<char>(p[i]);
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      case '\t':
        line += "\\t";
        break;
      default:
        line += c;
    }
  }
}

// Rows of a query on the target, as text.
Result<std::vector<std::vector<std::string>>> Rows(Connection& conn, const std::string& sql,
                                                   int columns) {
  auto stmt = conn.PrepareTransient(sql);
  if (!stmt) return Fail(stmt.error());
  std::vector<std::vector<std::string>> out;
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    std::vector<std::string> values;
    for (int c = 0; c < columns; ++c) values.push_back((*stmt)->Text(c));
    out.push_back(std::move(values));
  }
}

// The target's tables, parents before the tables that refer to them.
Result<std::vector<std::string>> TablesInOrder(Connection& conn) {
  auto tables = Rows(conn,
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                     "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
                     1);
  if (!tables) return Fail(tables.error());
  auto edges = Rows(conn,
                    "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM "
                    "pg_constraint c WHERE c.contype = 'f' AND c.connamespace = "
                    "current_schema()::regnamespace",
                    2);
  if (!edges) return Fail(edges.error());
  std::map<std::string, std::set<std::string>> parents;
  for (const auto& t : *tables) parents[t[0]];
  for (const auto& e : *edges) {
    if (e[0] != e[1]) parents[e[0]].insert(e[1]);
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (placed.size() < parents.size()) {
    bool progress = false;
    for (const auto& [table, needs] : parents) {
      if (placed.count(table)) continue;
      bool ready = true;
      for (const auto& p : needs) ready = ready && (placed.count(p) || !parents.count(p));
      if (!ready) continue;
      order.push_back(table);
      placed.insert(table);
      progress = true;
    }
    if (!progress) return Fail(ErrorCode::kInternal, "the target's foreign keys form a cycle");
  }
  return order;
}

class SqliteSource {
 public:
  ~SqliteSource() {
    if (db_) {
      sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
      sqlite3_close(db_);
    }
  }
  Status Open(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      return Fail(ErrorCode::kUnavailable, path + ": " + sqlite3_errmsg(db_));
    }
    sqlite3_busy_timeout(db_, 10000);
    // One read transaction: one snapshot, while the server may keep writing.
    if (sqlite3_exec(db_, "BEGIN; SELECT COUNT(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      return Fail(ErrorCode::kUnavailable, path + ": " + sqlite3_errmsg(db_));
    }
    return {};
  }
  int64_t Int(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      n = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return n;
  }
  std::set<std::string> Columns(const std::string& table) {
    std::set<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = "SELECT name FROM pragma_table_info('" + table + "')";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        out.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
      }
    }
    sqlite3_finalize(stmt);
    return out;
  }
  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Copies one table with COPY; returns the number of rows.
Result<int64_t> CopyTable(SqliteSource& source, Connection& target, const std::string& table,
                          const std::vector<std::pair<std::string, bool>>& columns) {
  std::string list;
  for (const auto& [name, bytea] : columns) list += (list.empty() ? "\"" : ", \"") + name + "\"";
  sqlite3_stmt* stmt = nullptr;
  const std::string select = "SELECT " + list + " FROM \"" + table + "\"";
  if (sqlite3_prepare_v2(source.db(), select.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal, table + ": " + sqlite3_errmsg(source.db()));
  }
  PGconn* pg = target.handle();
  PGresult* begun = PQexec(pg, ("COPY \"" + table + "\" (" + list + ") FROM STDIN").c_str());
  if (PQresultStatus(begun) != PGRES_COPY_IN) {
    Error error = target.ErrorOf(begun, "COPY " + table);
    PQclear(begun);
    sqlite3_finalize(stmt);
    return Fail(std::move(error));
  }
  PQclear(begun);
  int64_t rows = 0;
  std::string buffer;
  bool ok = true;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c) buffer += '\t';
      AppendField(stmt, static_cast<int>(c), columns[c].second, buffer);
    }
    buffer += '\n';
    ++rows;
    if (buffer.size() > (1 << 20)) {
      ok = PQputCopyData(pg, buffer.data(), static_cast<int>(buffer.size())) == 1;
      buffer.clear();
      if (!ok) break;
    }
  }
  sqlite3_finalize(stmt);
  if (ok && !buffer.empty()) {
    ok = PQputCopyData(pg, buffer.data(), static_cast<int>(buffer.size())) == 1;
  }
  const bool read_all = rc == SQLITE_DONE;
  PQputCopyEnd(pg, ok && read_all ? nullptr : "the copy was interrupted");
  PGresult* result = PQgetResult(pg);
  Status status;
  if (PQresultStatus(result) != PGRES_COMMAND_OK) status = Fail(target.ErrorOf(result, table));
  PQclear(result);
  while ((result = PQgetResult(pg)) != nullptr) PQclear(result);
  if (!read_all) return Fail(ErrorCode::kUnavailable, table + ": reading the source failed");
  if (!status) return Fail(status.error());
  return rows;
}

}  // namespace

Result<CopyReport> CopyFromSqlite(const std::string& path, const std::string& url) {
  if (!std::filesystem::exists(path)) {
    return Fail(ErrorCode::kNotFound, path + ": no such SQLite file");
  }
  SqliteSource source;
  if (auto s = source.Open(path); !s) return Fail(s.error());
  const int64_t source_version = source.Int("SELECT MAX(version) FROM schema_migrations");
  // Checked before the target is touched: `sigap migrate` would refuse
  // this file too, so it is no advice to give.
  if (source_version <= 0) {
    return Fail(ErrorCode::kInvalidArgument,
                path +
                    " is not a Sigap database (it has no schema_migrations table with a "
                    "version): nothing was copied");
  }
  {
    auto store = PostgresStore::Open(url);
    if (!store) return Fail(store.error());
    auto version = (*store)->Migrate();
    if (!version) return Fail(version.error());
    if (*version != source_version) {
      return Fail(ErrorCode::kFailedPrecondition,
                  path + " is at schema version " + std::to_string(source_version) +
                      " and the target at " + std::to_string(*version) +
                      ": run `sigap migrate --db " + path + "` with this sigap first");
    }
  }

  auto conn = Connection::Open(url);
  if (!conn) return Fail(conn.error());
  Connection& target = **conn;
  if (auto s = target.Exec("BEGIN; LOCK TABLE audit_head IN EXCLUSIVE MODE"); !s) {
    return Fail(s.error());
  }
  auto occupied = Rows(target,
                       "SELECT (SELECT COUNT(*) FROM pemdas) + (SELECT COUNT(*) FROM cases) + "
                       "(SELECT COUNT(*) FROM case_events)",
                       1);
  if (!occupied) return Fail(occupied.error());
  if ((*occupied)[0][0] != "0") {
    return Fail(ErrorCode::kFailedPrecondition,
                "the target already holds Pemda, cases or events; copy into an empty database");
  }
  auto tables = TablesInOrder(target);
  if (!tables) return Fail(tables.error());
  auto columns = Rows(target,
                      "SELECT table_name, column_name, data_type FROM information_schema.columns "
                      "WHERE table_schema = current_schema() ORDER BY table_name, "
                      "ordinal_position",
                      3);
  if (!columns) return Fail(columns.error());
  CopyReport report;
  for (const auto& table : *tables) {
    if (table == "schema_migrations") continue;
    const auto available = source.Columns(table);
    if (available.empty()) continue;  // a table only PostgreSQL has
    std::vector<std::pair<std::string, bool>> common;
    for (const auto& c : *columns) {
      if (c[0] == table && available.count(c[1])) common.emplace_back(c[1], c[2] == "bytea");
    }
    // Rows the migrations wrote (the chain's head, the search progress)
    // are replaced by the source's.
    if (auto s = target.Exec("DELETE FROM \"" + table + "\""); !s) return Fail(s.error());
    auto rows = CopyTable(source, target, table, common);
    if (!rows) return Fail(rows.error());
    report.rows += *rows;
    report.tables.emplace_back(table, *rows);
  }
  // New rows on the target continue after the copied ids (identity and
  // BIGSERIAL columns alike).
  auto identities = Rows(target,
                         "SELECT table_name, column_name FROM information_schema.columns WHERE "
                         "table_schema = current_schema() AND (is_identity = 'YES' OR "
                         "column_default LIKE 'nextval(%')",
                         2);
  if (!identities) return Fail(identities.error());
  for (const auto& c : *identities) {
    const std::string sql = "SELECT setval(pg_get_serial_sequence('\"" + c[0] + "\"', '" + c[1] +
                            "'), COALESCE((SELECT MAX(\"" + c[1] + "\") FROM \"" + c[0] +
                            "\"), 0) + 1, false)";
    if (auto s = target.Exec(sql); !s) return Fail(s.error());
  }
  if (auto s = target.Exec("COMMIT"); !s) return Fail(s.error());
  conn->reset();

  const int64_t source_events = source.Int("SELECT COUNT(*) FROM case_events");
  auto store = PostgresStore::Open(url);
  if (!store) return Fail(store.error());
  auto audit = (*store)->VerifyAuditChain();
  if (!audit) return Fail(audit.error());
  if (!audit->ok || audit->events_checked != source_events) {
    return Fail(ErrorCode::kInternal,
                "the hash chain on the target does not verify: " + audit->problem + " (" +
                    std::to_string(audit->events_checked) + " of " + std::to_string(source_events) +
                    " events)");
  }
  report.events_checked = audit->events_checked;
  return report;
}

}  // namespace sigap::store::postgres

#include "cli/copy_command.h"

#include "store/database.h"
#include "store/postgres/copy_from_sqlite.h"

namespace sigap::cli {

int Copy(const std::string& from, const std::string& to, std::ostream& out, std::ostream& err) {
  const std::string path = from.starts_with("sqlite:") ? from.substr(7) : from;
  if (!store::IsPostgresUrl(to)) {
    err << "sigap copy: --to must be a PostgreSQL URL (postgresql://user@host/db)\n";
    return 2;
  }
  if (store::IsPostgresUrl(path)) {
    err << "sigap copy: --from " << from << ": not an SQLite file\n";
    return 2;
  }
  auto report = store::postgres::CopyFromSqlite(path, to);
  if (!report) {
    err << "sigap copy: " << report.error().message << "\n";
    return report.error().code == ErrorCode::kNotFound ? 2 : 1;
  }
  for (const auto& [table, rows] : report->tables)
    out << "  " << table << ": " << rows << " rows\n";
  out << "Copied " << report->rows << " rows from " << path << "; the hash chain of "
      << report->events_checked << " events verifies on the target\n";
  return 0;
}

}  // namespace sigap::cli

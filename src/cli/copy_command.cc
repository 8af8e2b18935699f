#include "cli/copy_command.h"

#include <filesystem>

#include "store/database.h"
#include "store/postgres/copy_from_sqlite.h"
#include "store/sqlite/file_lock.h"

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
  // Before the lock below, whose file a mistyped path would leave behind.
  if (std::error_code ec; !std::filesystem::is_regular_file(path, ec)) {
    err << "sigap copy: --from " << path << ": no such SQLite file\n";
    return 2;
  }
  // A server still filing cases into the source would have them left
  // behind, acknowledged, while its Pemda moves on without them: refused as
  // a restore is, and no server starts on the file until the copy is done.
  // (A source the lock file cannot be written beside, such as a read-only
  // backup, has no server either.)
  auto serving =
      store::sqlite::ServingLock::Take(path, store::sqlite::ServingLock::Mode::kRestoring);
  if (!serving && serving.error().code == ErrorCode::kFailedPrecondition) {
    err << "sigap copy: " << serving.error().message << "\n";
    return 1;
  }
  auto report = store::postgres::CopyFromSqlite(path, to);
  if (!report) {
    err << "sigap copy: " << report.error().message << "\n";
    const ErrorCode code = report.error().code;
    return code == ErrorCode::kNotFound || code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  for (const auto& [table, rows] : report->tables)
    out << "  " << table << ": " << rows << " rows\n";
  out << "Copied " << report->rows << " rows from " << path << "; the hash chain of "
      << report->events_checked << " events verifies on the target\n";
  return 0;
}

}  // namespace sigap::cli

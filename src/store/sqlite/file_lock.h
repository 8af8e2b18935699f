#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/result.h"

// Locks beside an SQLite database, in files of their own: flock(2), which
// SQLite's POSIX locks on the database do not disturb.
namespace sigap::store::sqlite {

// The lock file "<db><suffix>" beside an SQLite database, named after the
// file itself (symbolic links and "./" resolved): two spellings of one
// database's path share its locks.
std::string LockFilePath(const std::string& db, std::string_view suffix);

// Every `sigap serve` on an SQLite file holds a shared flock(2) on
// "<db>.serving" for as long as it runs; `sigap restore` holds it
// exclusively while it writes, and `sigap copy` while it reads the file
// for PostgreSQL. So a restore refuses a database that a server still has
// open (it would take back every case the server acknowledged since the
// backup, while the server went on answering), a copy refuses one whose
// new cases it would leave behind, and a server does not start on a
// database being restored or copied.
//
// The same flock(2) is also held on the database file itself, so that the
// lock follows the file rather than a name: a lock file deleted by hand, or
// a restore through a hard link to the served file, is still refused. That
// descriptor stays open as long as the lock (closing a descriptor of the
// database drops the process's POSIX locks on it, SQLite's included), so a
// ServingLock must outlive the SQLite connections its process opens on the
// file.
class ServingLock {
 public:
  enum class Mode { kServing, kRestoring };
  // kFailedPrecondition when the other side holds the lock (a restore for
  // kServing, a server for kRestoring); kUnavailable when the lock file
  // cannot be opened.
  [[nodiscard]] static Result<ServingLock> Take(const std::string& db, Mode mode);
  ServingLock(ServingLock&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), db_fd_(std::exchange(other.db_fd_, -1)) {}
  ServingLock& operator=(ServingLock&& other) noexcept;
  ~ServingLock();

 private:
  ServingLock(int fd, int db_fd) : fd_(fd), db_fd_(db_fd) {}
  void Release();
  int fd_ = -1;
  int db_fd_ = -1;  // the database file's, -1 when it did not exist yet
};

// The file a path named when it was taken (its device and inode), to tell
// later whether the path still names it: a database removed under a
// running server, or another file moved over it, would otherwise go on
// taking writes that nobody will read again.
class FileIdentity {
 public:
  // nullopt when `path` names no file (":memory:", or not created yet).
  [[nodiscard]] static std::optional<FileIdentity> Of(const std::string& path);
  // OK while the path names the same file; kUnavailable saying whether it
  // was removed or replaced.
  [[nodiscard]] Status StillThere() const;
  const std::string& path() const { return path_; }

 private:
  FileIdentity(std::string path, dev_t dev, ino_t ino)
      : path_(std::move(path)), dev_(dev), ino_(ino) {}
  std::string path_;  // absolute
  dev_t dev_;
  ino_t ino_;
};

}  // namespace sigap::store::sqlite

#include "store/sqlite/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sigap::store::sqlite {

std::string LockFilePath(const std::string& db, std::string_view suffix) {
  std::error_code error;
  const auto canonical = std::filesystem::weakly_canonical(db, error);
  return (error ? db : canonical.string()) + std::string(suffix);
}

Result<ServingLock> ServingLock::Take(const std::string& db, Mode mode) {
  const std::string path = LockFilePath(db, ".serving");
  // Read-only is enough for flock(2), and readable by all: a lock file that
  // `sudo sigap restore` created stays usable by the server's own user.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Fail(ErrorCode::kUnavailable,
                "cannot open " + path + ": " + std::strerror(errno) +
                    " (the user that runs sigap must be able to read it, or create it)");
  }
  const int operation = (mode == Mode::kServing ? LOCK_SH : LOCK_EX) | LOCK_NB;
  const auto refused = [&](const std::string& held, int error) -> Error {
    if (error != EWOULDBLOCK) {
      return {ErrorCode::kUnavailable, "cannot lock " + held + ": " + std::strerror(error)};
    }
    return {
        ErrorCode::kFailedPrecondition,
        mode == Mode::kServing
            ? db + " is being restored or copied (sigap restore or sigap copy holds " + held + ")"
            : "a sigap serve is running on " + db + " (it holds " + held +
                  "): stop every server on it first"};
  };
  if (::flock(fd, operation) != 0) {
    const int error = errno;
    ::close(fd);
    return Fail(refused(path, error));
  }
  // The database file itself, when there is one yet.
  const int db_fd = ::open(db.c_str(), O_RDONLY | O_CLOEXEC);
  if (db_fd >= 0 && ::flock(db_fd, operation) != 0) {
    const int error = errno;
    ::close(db_fd);
    ::close(fd);
    return Fail(refused(db, error));
  }
  return ServingLock(fd, db_fd);
}

void ServingLock::Release() {
  if (db_fd_ >= 0) ::close(std::exchange(db_fd_, -1));
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));  // releases the lock
}

ServingLock& ServingLock::operator=(ServingLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = std::exchange(other.fd_, -1);
    db_fd_ = std::exchange(other.db_fd_, -1);
  }
  return *this;
}

ServingLock::~ServingLock() { Release(); }

std::optional<FileIdentity> FileIdentity::Of(const std::string& path) {
  struct stat st {};
  if (path.empty() || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(path, ec).string();
  if (ec) absolute = path;
  return FileIdentity(std::move(absolute), st.st_dev, st.st_ino);
}

Status FileIdentity::StillThere() const {
  struct stat st {};
  if (stat(path_.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Fail(ErrorCode::kUnavailable,
                  "the database file " + path_ + " was removed while this server ran");
    }
    return {};  // not a verdict (a transient error of the file system): no refusal
  }
  if (st.st_dev != dev_ || st.st_ino != ino_) {
    return Fail(ErrorCode::kUnavailable, "the database file " + path_ +
                                             " was replaced by another file while this server ran");
  }
  return {};
}

}  // namespace sigap::store::sqlite

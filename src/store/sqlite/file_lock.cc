#include "store/sqlite/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
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
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(ErrorCode::kUnavailable, "cannot open " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, (mode == Mode::kServing ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error != EWOULDBLOCK) {
      return Fail(ErrorCode::kUnavailable, "cannot lock " + path + ": " + std::strerror(error));
    }
    return Fail(
        ErrorCode::kFailedPrecondition,
        mode == Mode::kServing
            ? db + " is being restored or copied (sigap restore or sigap copy holds " + path + ")"
            : "a sigap serve is running on " + db + " (it holds " + path +
                  "): stop every server on it first");
  }
  return ServingLock(fd);
}

ServingLock& ServingLock::operator=(ServingLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

ServingLock::~ServingLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace sigap::store::sqlite

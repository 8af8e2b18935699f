#include "store/sqlite/leaf_readahead.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <system_error>

namespace sigap::store::sqlite {
namespace {

// The file format's page types (https://www.sqlite.org/fileformat2.html).
constexpr uint8_t kInteriorIndex = 0x02;
constexpr uint8_t kLeafIndex = 0x0a;
// Interior pages have a 12-byte header (its last four bytes the right-most
// child), leaves an 8-byte one; page 1 starts after the file's header.
constexpr size_t kInteriorHeader = 12;
constexpr size_t kFileHeader = 100;
// SQLite's own limit on a b-tree's depth (BTCURSOR_MAX_DEPTH).
constexpr int kMaxDepth = 20;

uint32_t ReadU16(const uint8_t* p) { return (uint32_t{p[0]} << 8) | p[1]; }
uint32_t ReadU32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// A varint at p[*at, end): big-endian groups of seven bits, the ninth byte
// whole. False when it runs past `end`.
bool ReadVarint(const uint8_t* p, size_t& at, size_t end, uint64_t& out) {
  out = 0;
  for (int i = 0; i < 9; ++i) {
    if (at >= end) return false;
    const uint8_t byte = p[at++];
    if (i == 8) {
      out = (out << 8) | byte;
      return true;
    }
    out = (out << 7) | (byte & 0x7f);
    if ((byte & 0x80) == 0) return true;
  }
  return true;
}

// An integer column of serial type `type` at p[at, end), big-endian two's
// complement (types 1-6), or the constants 0 and 1 (8, 9). False for any
// other type or when it runs past `end`.
bool ReadInteger(const uint8_t* p, size_t& at, size_t end, uint64_t type, int64_t& out) {
  static constexpr size_t kBytes[] = {0, 1, 2, 3, 4, 6, 8};
  if (type == 8 || type == 9) {
    out = static_cast<int64_t>(type - 8);
    return true;
  }
  if (type < 1 || type > 6) return false;
  const size_t n = kBytes[type];
  if (at + n > end) return false;
  uint64_t v = (p[at] & 0x80) != 0 ? ~uint64_t{0} : 0;  // the sign, extended
  for (size_t k = 0; k < n; ++k) v = (v << 8) | p[at + k];
  at += n;
  out = static_cast<int64_t>(v);
  return true;
}

}  // namespace

LeafWalk::LeafWalk(int fd, uint32_t page_size, uint32_t root, int64_t first, int64_t from)
    : fd_(fd), page_size_(page_size), root_(root), start_{first, from} {
  struct stat st {};
  if (fd_ < 0 || page_size_ < 512 || fstat(fd_, &st) != 0) {
    Stop();
    return;
  }
  pages_in_file_ = static_cast<uint64_t>(st.st_size) / page_size_;
}

bool LeafWalk::Read(uint32_t number, Frame& frame, bool& leaf) {
  if (number == 0 || number > pages_in_file_) return Stop();
  frame.page.resize(page_size_);
  const auto offset = static_cast<off_t>(uint64_t{number - 1} * page_size_);
  if (pread(fd_, frame.page.data(), page_size_, offset) != static_cast<ssize_t>(page_size_)) {
    return Stop();
  }
  frame.header = number == 1 ? kFileHeader : 0;
  const uint8_t* h = frame.page.data() + frame.header;
  leaf = h[0] == kLeafIndex;
  if (!leaf && h[0] != kInteriorIndex) return Stop();
  frame.cells = ReadU16(h + 3);
  frame.next = 0;
  const size_t pointers = frame.header + kInteriorHeader;
  if (!leaf && pointers + 2 * size_t{frame.cells} > page_size_) return Stop();
  return true;
}

uint32_t LeafWalk::ChildOf(const Frame& frame, uint32_t i) const {
  const uint8_t* page = frame.page.data();
  if (i == frame.cells) return ReadU32(page + frame.header + 8);
  const uint32_t cell = ReadU16(page + frame.header + kInteriorHeader + 2 * size_t{i});
  return cell + 4 <= page_size_ ? ReadU32(page + cell) : 0;
}

std::optional<KeyPrefix> LeafWalk::KeyOf(const Frame& frame, uint32_t i) {
  // An interior index cell: the left child (4 bytes), the payload's size
  // (a varint), then the record, whose header and first columns are on
  // the page even when the rest spills onto overflow pages.
  const uint8_t* p = frame.page.data();
  const size_t end = page_size_;
  size_t at = ReadU16(p + frame.header + kInteriorHeader + 2 * size_t{i}) + size_t{4};
  uint64_t payload = 0, header_size = 0, type1 = 0, type2 = 0;
  if (!ReadVarint(p, at, end, payload)) {
    Stop();
    return std::nullopt;
  }
  const size_t record = at;
  if (!ReadVarint(p, at, end, header_size) || header_size > end - record ||
      !ReadVarint(p, at, end, type1) || !ReadVarint(p, at, end, type2)) {
    Stop();
    return std::nullopt;
  }
  size_t data = record + header_size;
  KeyPrefix key;
  if (!ReadInteger(p, data, end, type1, key.first) ||
      !ReadInteger(p, data, end, type2, key.second)) {
    Stop();
    return std::nullopt;
  }
  return key;
}

std::optional<LeafWalk::Leaf> LeafWalk::Next() {
  if (failed_) return std::nullopt;
  if (!started_) {
    started_ = true;
    Frame root;
    bool leaf = false;
    if (!Read(root_, root, leaf)) return std::nullopt;
    if (leaf) {
      leaf_depth_ = 0;
      return Leaf{root_, std::nullopt};
    }
    stack_.push_back(std::move(root));
  }
  while (!stack_.empty()) {
    Frame& top = stack_.back();
    if (top.next > top.cells) {
      stack_.pop_back();
      continue;
    }
    const uint32_t i = top.next++;
    // The child's keys lie between the key of the cell before and its own
    // cell's (the right-most child's: up to the page's own bound).
    const std::optional<KeyPrefix> lower = top.last_key;
    std::optional<KeyPrefix> upper = top.upper;
    if (i < top.cells) {
      upper = top.last_key = KeyOf(top, i);
      if (!upper) return std::nullopt;
    }
    if (lower && lower->first > start_.first) {
      // Keys of a later first column (another Pemda) from here on: the
      // walk is over.
      stack_.clear();
      return std::nullopt;
    }
    if (upper && *upper < start_) continue;
    const uint32_t child = ChildOf(top, i);
    const int depth = top.depth + 1;
    if (depth == leaf_depth_) {
      if (child == 0 || child > pages_in_file_) {
        Stop();
        return std::nullopt;
      }
      return Leaf{child, upper};
    }
    if (depth > kMaxDepth) {
      // Deeper than SQLite builds a tree: pages that point back up.
      Stop();
      return std::nullopt;
    }
    Frame frame;
    bool leaf = false;
    if (!Read(child, frame, leaf)) return std::nullopt;
    if (leaf) {
      leaf_depth_ = depth;
      return Leaf{child, upper};
    }
    ++interior_pages_;
    frame.upper = upper;
    frame.depth = depth;
    stack_.push_back(std::move(frame));  // `top` is not used after this
  }
  return std::nullopt;
}

std::unique_ptr<LeafReadahead> LeafReadahead::Start(const std::string& path, uint32_t page_size,
                                                    uint32_t root, int64_t first, int64_t from,
                                                    size_t ahead) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    close(fd);
    return nullptr;
  }
  // The walk's reads are its own, one page each: the kernel's readahead
  // around them would read other tables' pages.
  (void)posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
  // Never touched: only mincore reads it, so it holds no memory.
  const auto bytes = static_cast<size_t>(st.st_size);
  void* map = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    close(fd);
    return nullptr;
  }
  try {
    return std::unique_ptr<LeafReadahead>(
        new LeafReadahead(fd, map, bytes, page_size, root, first, from, ahead));
  } catch (const std::system_error&) {
    // No thread to be had: the replay reads without it.
    munmap(map, bytes);
    close(fd);
    return nullptr;
  }
}

LeafReadahead::LeafReadahead(int fd, void* map, size_t map_bytes, uint32_t page_size, uint32_t root,
                             int64_t first, int64_t from, size_t ahead)
    : fd_(fd),
      map_(map),
      map_bytes_(map_bytes),
      page_size_(page_size),
      first_(first),
      ahead_(std::max<size_t>(ahead, 1)),
      walk_(fd, page_size, root, first, from),
      reached_(from),
      thread_([this] { Loop(); }) {}

LeafReadahead::~LeafReadahead() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  munmap(map_, map_bytes_);
  close(fd_);
}

void LeafReadahead::Reached(int64_t second) {
  {
    std::lock_guard lock(mutex_);
    if (second <= reached_) return;
    reached_ = second;
  }
  wake_.notify_all();
}

LeafReadahead::Counts LeafReadahead::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void LeafReadahead::Loop() {
  // Refilled a slice at a time, once the scan has passed that many: one
  // wake-up and one mincore per slice rather than per leaf.
  const size_t slice = std::max<size_t>(ahead_ / 8, 1);
  int64_t seen = 0;  // the scan's progress, as last looked at
  {
    std::lock_guard lock(mutex_);
    seen = reached_;
  }
  for (;;) {
    // The leaves wholly before the scan's key are behind it.
    while (!queued_.empty() && queued_.front().upper &&
           *queued_.front().upper < KeyPrefix{first_, seen}) {
      queued_.pop_front();
    }
    std::unique_lock lock(mutex_);
    if (stop_) return;
    if (queued_.size() + slice <= ahead_) {
      lock.unlock();
      if (!Refill()) return;
      continue;
    }
    wake_.wait(lock, [&] { return stop_ || reached_ != seen; });
    if (stop_) return;
    seen = reached_;
  }
}

bool LeafReadahead::Refill() {
  std::vector<uint32_t> fresh;
  bool ended = false;
  while (queued_.size() < ahead_) {
    const auto leaf = walk_.Next();
    if (!leaf) {
      ended = true;
      break;
    }
    queued_.push_back(*leaf);
    fresh.push_back(leaf->page);
  }
  Fetch(fresh);
  std::lock_guard lock(mutex_);
  counts_.leaves += fresh.size();
  counts_.interior_pages = walk_.interior_pages();
  counts_.failed = walk_.failed();
  counts_.done = ended;
  return !ended;
}

void LeafReadahead::Fetch(std::vector<uint32_t>& fresh) {
  if (fresh.empty()) return;
  std::sort(fresh.begin(), fresh.end());
  const size_t os_page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t map_pages = map_bytes_ / page_size_;
  // mincore over a span of the file at a time: leaves less than kGap
  // pages apart share one. The leaves of a slice lie scattered among the
  // other tables' pages (case_signals grows beside them), so one span
  // over a slice read tens of thousands of pages' state per leaf; a call
  // per leaf costs a system call each.
  constexpr size_t kGap = 32;
  std::vector<unsigned char> resident;
  uint64_t missing = 0;
  for (size_t k = 0; k < fresh.size();) {
    const size_t first = fresh[k] - size_t{1};  // 0-based
    size_t last = k;
    while (last + 1 < fresh.size() && fresh[last + 1] < fresh[last] + kGap) ++last;
    const size_t span_end = std::min<size_t>(fresh[last], map_pages);  // one past, 0-based
    if (first >= span_end) break;
    // mincore wants an address aligned to the OS's page.
    const size_t from_byte = first * page_size_ / os_page * os_page;
    const size_t to_byte = span_end * page_size_;
    resident.assign((to_byte - from_byte + os_page - 1) / os_page, 0);
    auto* base = static_cast<unsigned char*>(map_);
    const bool known = mincore(base + from_byte, to_byte - from_byte, resident.data()) == 0;
    // Adjacent missing pages are asked for in one call.
    size_t run_from = 0, run_to = 0;
    const auto flush = [&] {
      if (run_to > run_from) {
        (void)posix_fadvise(fd_, static_cast<off_t>(run_from),
                            static_cast<off_t>(run_to - run_from), POSIX_FADV_WILLNEED);
      }
      run_from = run_to = 0;
    };
    for (size_t j = k; j <= last; ++j) {
      const size_t page = fresh[j] - size_t{1};
      if (page >= map_pages) continue;
      const size_t byte = page * page_size_;
      bool in_cache = known;
      for (size_t b = byte; known && b < byte + page_size_; b += os_page) {
        in_cache = in_cache && (resident[(b - from_byte) / os_page] & 1) != 0;
      }
      if (in_cache) continue;
      ++missing;
      if (byte == run_to) {
        run_to += page_size_;
      } else {
        flush();
        run_from = byte;
        run_to = byte + page_size_;
      }
    }
    flush();
    k = last + 1;
  }
  std::lock_guard lock(mutex_);
  counts_.missing += missing;
}

}  // namespace sigap::store::sqlite

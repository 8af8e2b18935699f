#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sigap::store::sqlite {

// The first two columns of a b-tree key, when both are integers: what
// LeafWalk orders leaves by (case_signals: the Pemda, then the time).
struct KeyPrefix {
  int64_t first = 0;
  int64_t second = 0;
  friend auto operator<=>(const KeyPrefix&, const KeyPrefix&) = default;
};

// The leaf pages of an index b-tree (an index, or a WITHOUT ROWID table)
// in key order, read from the database file as SQLite's file format lays
// them out (https://www.sqlite.org/fileformat2.html, "B-tree Pages"):
// each interior page is read, its cells' left children and its right-most
// child taken in order; the leaves themselves are named, not read.
//
// Only the leaves whose keys' first column is `first` and whose keys may
// reach (first, from) or beyond are given: an interior cell's key bounds
// the keys of its left child from above, and the cell before it bounds
// them from below.
//
// It reads the file as it is, beside SQLite and outside its transactions:
// pages that a WAL holds newer versions of, or that were freed and used
// again, may make the walk name pages that are not the tree's leaves any
// more. So it is for hints only (LeafReadahead). A page that does not
// read as an index b-tree page ends the walk.
class LeafWalk {
 public:
  struct Leaf {
    uint32_t page = 0;
    // Every key of the leaf is at most this (the cell whose left child it
    // is), or nullopt when no cell bounds it.
    std::optional<KeyPrefix> upper;
  };

  // Reads pages through `fd` (the database file, pages of `page_size`
  // bytes) from the tree whose root is page `root`.
  LeafWalk(int fd, uint32_t page_size, uint32_t root, int64_t first, int64_t from);

  // The next leaf, or nullopt once the walk has given the last one, or
  // stopped at a page it could not read.
  std::optional<Leaf> Next();
  // Whether the walk stopped at a page it could not read (or its file).
  bool failed() const { return failed_; }
  // The interior pages read so far.
  size_t interior_pages() const { return interior_pages_; }

 private:
  struct Frame {
    std::vector<uint8_t> page;
    uint32_t cells = 0;
    uint32_t next = 0;               // the next child: cell `next`'s, or the right-most at `cells`
    size_t header = 0;               // where the page's header starts (100 on page 1)
    std::optional<KeyPrefix> upper;  // the page's own bound, from its parent
    std::optional<KeyPrefix> last_key;  // the key of cell `next` - 1
    int depth = 0;
  };
  // Ends the walk at what does not read; false.
  bool Stop() {
    failed_ = true;
    return false;
  }
  // Reads page `number` into `frame`; false (and failed_) if it is not an
  // index b-tree page. `leaf` tells which kind it is.
  bool Read(uint32_t number, Frame& frame, bool& leaf);
  // The key prefix of cell `i` of an interior page, or nullopt (and
  // failed_) when it does not read.
  std::optional<KeyPrefix> KeyOf(const Frame& frame, uint32_t i);
  uint32_t ChildOf(const Frame& frame, uint32_t i) const;

  const int fd_;
  const uint32_t page_size_;
  const uint32_t root_;
  const KeyPrefix start_;
  uint64_t pages_in_file_ = 0;
  std::vector<Frame> stack_;
  int leaf_depth_ = -1;  // unknown until the walk meets a leaf
  bool started_ = false;
  bool failed_ = false;
  size_t interior_pages_ = 0;
};

// Asks the kernel to read ahead the pages a scan of an index b-tree in key
// order will read next, on a thread of its own.
//
// A replay of the detectors' history (Store::OpenSignalReplay) reads
// case_signals from end to end, a page at a time. Pages that are not in
// the page cache make its reading thread wait for the disk, one page after
// another, while the detectors wait for it: on a host that pages out what
// was not read for a few seconds (DAMON's reclaim), a 10,000,000-event
// rebuild with the file read just before still waited for the disk about
// 550 times a second, and the two cores were idle an eighth of the time
// (bench/RESULTS.md, issue 9). This walks the tree's interior pages ahead
// of the scan (LeafWalk; reading them brings them in), and for the leaves
// up to `ahead` ahead that are not in the page cache (mincore on a mapping
// of the file that is never touched) asks for them with
// posix_fadvise(WILLNEED), which the disk then reads several at a time.
//
// Hints only: what the scan reads is SQLite's, whatever this does. Any
// failure (the file, a page that does not read) ends the readahead and
// nothing else.
class LeafReadahead {
 public:
  // Starts on the tree of `root` in the database file at `path`, for a scan
  // from the key (first, from) on. Nullptr when the file cannot be opened
  // or mapped.
  static std::unique_ptr<LeafReadahead> Start(const std::string& path, uint32_t page_size,
                                              uint32_t root, int64_t first, int64_t from,
                                              size_t ahead = 4096);
  ~LeafReadahead();
  LeafReadahead(const LeafReadahead&) = delete;
  LeafReadahead& operator=(const LeafReadahead&) = delete;

  // The scan has read every key up to (first, second): the leaves whose
  // keys all lie below are behind it.
  void Reached(int64_t second);

  // What it did so far (for tests and the log).
  struct Counts {
    uint64_t leaves = 0;          // named by the walk
    uint64_t missing = 0;         // not in the page cache, asked for
    uint64_t interior_pages = 0;  // read by the walk
    bool failed = false;          // the walk stopped at a page it could not read
    bool done = false;            // the walk ended
  };
  Counts counts() const;

 private:
  LeafReadahead(int fd, void* map, size_t map_bytes, uint32_t page_size, uint32_t root,
                int64_t first, int64_t from, size_t ahead);
  void Loop();
  // Names the leaves up to `ahead` and asks for the missing ones; false
  // once the walk has ended.
  bool Refill();
  // Asks for the pages of `fresh` that are not in the page cache.
  void Fetch(std::vector<uint32_t>& fresh);

  const int fd_;
  void* const map_;
  const size_t map_bytes_;
  const uint32_t page_size_;
  const int64_t first_;
  const size_t ahead_;
  // The thread's own: the walk, and the leaves it named and asked for
  // that the scan has not passed yet.
  LeafWalk walk_;
  std::deque<LeafWalk::Leaf> queued_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  int64_t reached_;
  bool stop_ = false;
  Counts counts_;
  std::thread thread_;
};

}  // namespace sigap::store::sqlite

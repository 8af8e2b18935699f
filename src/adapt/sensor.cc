#include "adapt/sensor.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace sigap::adapt {

Sensor::Sensor(const Layout& layout, const domain::WorkingCalendar& calendar, SensorOptions options)
    : layout_(layout),
      calendar_(calendar),
      options_(options),
      city_(layout, options.city),
      cluster_(layout, options.cluster),
      topic_(options.topic),
      rating_(layout, options.rating),
      backlog_(layout, options.backlog),
      cell_counts_(layout.categories.size() * layout.kelurahan.size(), 0),
      city_counts_(layout.categories.size(), 0),
      kecamatan_counts_(layout.categories.size() * layout.kecamatan.size(), 0),
      kind_counts_(layout.categories.size() * kKinds, 0),
      rating_sum_(layout.agencies.size(), 0),
      rating_n_(layout.agencies.size(), 0) {
  if (options.naive) naive_.emplace(layout);
}

size_t Sensor::MemoryBytes() const {
  return sizeof(*this) + city_.MemoryBytes() + cluster_.MemoryBytes() + topic_.MemoryBytes() +
         rating_.MemoryBytes() + backlog_.MemoryBytes() + cell_counts_.capacity() * 2 +
         (city_counts_.capacity() + kecamatan_counts_.capacity() + kind_counts_.capacity()) * 4 +
         (rating_sum_.capacity() + rating_n_.capacity()) * 8 + open_.MemoryBytes();
}

void Sensor::Feed(const Event& event) {
  if (!started_) {
    started_ = true;
    day_ = event.day;
  }
  assert(event.day >= day_);
  if (event.day > day_) CloseThrough(event.day - 1);
  switch (event.type) {
    case EventType::kArrival: {
      if (event.category != kNoCategory) {
        ++city_counts_[event.category];
        ++kind_counts_[event.category * kKinds + (event.kind % kKinds)];
        if (event.kelurahan != kNoKelurahan) {
          const size_t k = layout_.kelurahan.size();
          uint16_t& cell = cell_counts_[event.category * k + event.kelurahan];
          if (cell < std::numeric_limits<uint16_t>::max()) ++cell;
          ++kecamatan_counts_[event.category * layout_.kecamatan.size() +
                              layout_.kelurahan[event.kelurahan].kecamatan];
        }
      }
      if (open_.TryEmplace(event.case_id, OpenCase{event.agency, false, event.due_day}).second &&
          event.agency != kNoAgency) {
        backlog_.OnArrival(event.agency, event.due_day);
      }
      if (!event.terms.empty()) {
        topic_.OnTerms(event.case_id, event.terms);
      } else if (!event.text.empty()) {
        topic_.OnText(event.case_id, event.text);
      }
      break;
    }
    case EventType::kResolution: {
      // A case that left the agency's work when it began to wait for the
      // citizen does not leave it a second time.
      const auto c = open_.Erase(event.case_id);
      if (!c) break;
      if (!c->paused && c->agency != kNoAgency) backlog_.OnResolution(c->agency, c->due_day);
      break;
    }
    case EventType::kPause: {
      OpenCase* c = open_.Find(event.case_id);
      if (c == nullptr || c->paused) break;
      c->paused = true;
      if (c->agency != kNoAgency) backlog_.OnPause(c->agency, c->due_day);
      break;
    }
    case EventType::kReturn: {
      // Resumed after the citizen's answer, or new work: reopened, or a
      // rejected report completed.
      const auto [c, added] =
          open_.TryEmplace(event.case_id, OpenCase{event.agency, false, event.due_day});
      if (!added && !c->paused) break;  // already on a desk
      if (!added) {
        c->paused = false;
        c->due_day = event.due_day;
      }
      if (c->agency != kNoAgency) backlog_.OnReturn(c->agency, c->due_day, added);
      break;
    }
    case EventType::kTransfer: {
      OpenCase* c = open_.Find(event.case_id);
      if (c == nullptr) break;  // not seen filed, or closed since
      if (!c->paused && c->agency != kNoAgency) backlog_.OnLeave(c->agency, c->due_day);
      c->agency = event.agency;
      c->due_day = event.due_day;
      if (!c->paused && c->agency != kNoAgency) backlog_.OnReturn(c->agency, c->due_day, true);
      break;
    }
    case EventType::kRating:
      if (event.agency == kNoAgency) break;
      rating_.OnRating(event.agency, event.stars);
      rating_sum_[event.agency] += event.stars;
      rating_n_[event.agency] += 1;
      break;
  }
}

void Sensor::JudgeThrough(Day day) {
  decltype(open_) open;
  open.swap(open_);
  struct Restore {
    decltype(open_)& from;
    decltype(open_)& to;
    ~Restore() { to.swap(from); }
  } restore{open, open_};
  Sensor provisional(*this);
  provisional.CloseThrough(day);
}

void Sensor::CloseThrough(Day day) {
  if (!started_) {
    started_ = true;
    day_ = day;
  }
  while (day_ <= day) CloseOpenDay();
}

void Sensor::CloseOpenDay() {
  const int type = DayTypeOf(calendar_, day_);
  const bool working = calendar_.IsWorkingDay(FromDayNumber(day_));
  drafts_.clear();
  city_.CloseDay(day_, type, city_counts_, drafts_);
  cluster_.CloseDay(day_, cell_counts_, drafts_);
  topic_.CloseDay(day_, drafts_);
  rating_.CloseDay(day_, drafts_);
  backlog_.CloseDay(day_, working, drafts_);
  for (auto& d : drafts_) {
    if (listener_) listener_(d, false);
    book_.Upsert(std::move(d));
  }
  if (naive_) {
    drafts_.clear();
    std::vector<double> mean(layout_.agencies.size()), open(layout_.agencies.size());
    for (size_t a = 0; a < mean.size(); ++a) {
      mean[a] = rating_n_[a] > 0 ? rating_sum_[a] / rating_n_[a]
                                 : std::numeric_limits<double>::quiet_NaN();
      open[a] = static_cast<double>(backlog_.open(static_cast<uint16_t>(a)));
    }
    naive_->CloseDay(day_, cell_counts_, mean, open, drafts_);
    for (auto& d : drafts_) {
      if (listener_) listener_(d, true);
      naive_book_.Upsert(std::move(d));
    }
  }
  std::fill(cell_counts_.begin(), cell_counts_.end(), 0);
  std::fill(city_counts_.begin(), city_counts_.end(), 0);
  std::fill(kecamatan_counts_.begin(), kecamatan_counts_.end(), 0);
  std::fill(kind_counts_.begin(), kind_counts_.end(), 0);
  std::fill(rating_sum_.begin(), rating_sum_.end(), 0);
  std::fill(rating_n_.begin(), rating_n_.end(), 0);
  ++day_;
}

namespace {

constexpr uint64_t kStateMagic = 0x5349474150534E53ULL;  // "SIGAPSNS"

// An open case as saved. Its padding is a member, so that a vector of them
// (one per open case: a million in a large Pemda) is written in one copy
// (StateWriter copies a struct with padding one by one, to clear it).
struct SavedCase {
  uint64_t id;
  Day due_day;
  uint16_t agency;
  uint8_t paused;
  uint8_t unused;
};
static_assert(sizeof(SavedCase) == 16);

// The layout as one string: codes, indices and adjacency.
std::string LayoutIdentity(const Layout& layout) {
  std::string id = layout.city_code;
  for (const auto& c : layout.categories) id += "|c" + c.code + ":" + std::to_string(c.agency);
  for (const auto& a : layout.agencies) id += "|a" + a.code;
  for (const auto& k : layout.kecamatan) id += "|d" + k.code;
  for (const auto& k : layout.kelurahan) id += "|k" + k.code + ":" + std::to_string(k.kecamatan);
  for (const auto& neighbours : layout.neighbours) {
    id += "|n";
    for (const uint16_t n : neighbours) id += "," + std::to_string(n);
  }
  return id;
}

// Every option, field by field (the structs may have padding).
template <typename Io>
void VisitOptions(const SensorOptions& o, Io&& io) {
  io(o.city.ratio);
  io(o.city.threshold);
  io(o.cluster.threshold);
  io(o.cluster.max_zone);
  io(o.cluster.max_window);
  io(o.cluster.min_count);
  io(o.cluster.min_ratio);
  io(o.topic.fdr);
  io(o.topic.min_count);
  io(o.topic.min_ratio);
  io(o.topic.max_window);
  io(o.rating.k);
  io(o.rating.threshold);
  io(o.rating.min_baseline);
  io(o.backlog.k);
  io(o.backlog.cap);
  io(o.backlog.threshold);
  io(o.backlog.drop);
  io(o.backlog.throughput_threshold);
  io(o.naive);
}

}  // namespace

void Sensor::WriteHeader(StateWriter& out) const {
  out.Put(kStateMagic);
  out.Put(kStateFormat);
  out.PutString(LayoutIdentity(layout_));
  VisitOptions(options_, [&](const auto& field) { out.Put(field); });
}

bool Sensor::ReadHeader(StateReader& in) const {
  if (!in.Expect(kStateMagic) || !in.Expect(kStateFormat)) return false;
  if (!in.ExpectString(LayoutIdentity(layout_))) return false;
  VisitOptions(options_, [&](const auto& field) { in.Expect(field); });
  return in.ok();
}

std::string Sensor::Save() const {
  StateWriter out;
  WriteHeader(out);
  out.Put(started_);
  out.Put(day_);
  out.PutVector(cell_counts_);
  out.PutVector(city_counts_);
  out.PutVector(kecamatan_counts_);
  out.PutVector(kind_counts_);
  out.PutVector(rating_sum_);
  out.PutVector(rating_n_);
  city_.Save(out);
  cluster_.Save(out);
  topic_.Save(out);
  rating_.Save(out);
  backlog_.Save(out);
  std::vector<SavedCase> open;
  open.reserve(open_.size());
  open_.ForEach([&](uint64_t id, const OpenCase& c) {
    open.push_back({id, c.due_day, c.agency, static_cast<uint8_t>(c.paused), 0});
  });
  std::sort(open.begin(), open.end(),  // the same state, the same bytes
            [](const SavedCase& a, const SavedCase& b) { return a.id < b.id; });
  out.PutVector(open);
  if (naive_) naive_->Save(out);
  return out.Take();
}

bool Sensor::Load(std::string_view snapshot) {
  StateReader in(snapshot);
  const auto sized = [&](auto& v) { return in.GetVector(v, static_cast<int64_t>(v.size())); };
  const bool read = ReadHeader(in) && in.Get(started_) && in.Get(day_) && sized(cell_counts_) &&
                    sized(city_counts_) && sized(kecamatan_counts_) && sized(kind_counts_) &&
                    sized(rating_sum_) && sized(rating_n_) && city_.Load(in) && cluster_.Load(in) &&
                    topic_.Load(in) && rating_.Load(in) && backlog_.Load(in);
  std::vector<SavedCase> open;
  if (!read || !in.GetVector(open) || (naive_ && !naive_->Load(in))) return false;
  open_.Clear();
  open_.Reserve(open.size());
  for (const SavedCase& c : open) {
    const OpenCase value{c.agency, c.paused != 0, c.due_day};
    *open_.TryEmplace(c.id, value).first = value;  // of an id saved twice, the last
  }
  return in.ok() && in.at_end();
}

}  // namespace sigap::adapt

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
         (rating_sum_.capacity() + rating_n_.capacity()) * 8;
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
      const size_t k = layout_.kelurahan.size();
      uint16_t& cell = cell_counts_[event.category * k + event.kelurahan];
      if (cell < std::numeric_limits<uint16_t>::max()) ++cell;
      ++city_counts_[event.category];
      ++kecamatan_counts_[event.category * layout_.kecamatan.size() +
                          layout_.kelurahan[event.kelurahan].kecamatan];
      ++kind_counts_[event.category * kKinds + (event.kind % kKinds)];
      backlog_.OnArrival(event.agency, event.due_day);
      if (!event.text.empty()) topic_.OnText(event.case_id, event.text);
      break;
    }
    case EventType::kResolution:
      backlog_.OnResolution(event.agency, event.due_day);
      break;
    case EventType::kRating:
      rating_.OnRating(event.agency, event.stars);
      rating_sum_[event.agency] += event.stars;
      rating_n_[event.agency] += 1;
      break;
  }
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
  const bool working = calendar_.IsWorkingDay(ToDate(day_));
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

}  // namespace sigap::adapt

#include "cli/alert_watch.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <nlohmann/json.hpp>

#include "adapt/adjacency.h"
#include "adapt/alert.h"
#include "adapt/state_io.h"
#include "adapt/topic_detector.h"
#include "cli/ikm_alerts.h"
#include "domain/time.h"

namespace sigap::cli {
namespace {

std::string Trimmed(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

// The rings of a GeoJSON Polygon or MultiPolygon geometry.
adapt::Outline OutlineOf(const std::string& geojson) {
  adapt::Outline outline;
  const auto geometry = nlohmann::json::parse(geojson, nullptr, false);
  if (!geometry.is_object() || !geometry.contains("coordinates")) return outline;
  const auto& coordinates = geometry["coordinates"];
  auto add_polygon = [&](const nlohmann::json& polygon) {
    if (!polygon.is_array()) return;
    for (const auto& ring : polygon) {
      if (!ring.is_array()) continue;
      auto& points = outline.rings.emplace_back();
      for (const auto& p : ring) {
        if (p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number()) {
          points.push_back({p[0].get<double>(), p[1].get<double>()});
        }
      }
    }
  };
  if (geometry.value("type", "") == "MultiPolygon" && coordinates.is_array()) {
    for (const auto& polygon : coordinates) add_polygon(polygon);
  } else {
    add_polygon(coordinates);
  }
  return outline;
}

}  // namespace

std::string CategoryNoun(const std::string& name) {
  std::string noun;
  size_t i = 0;
  while (i < name.size()) {
    size_t j = name.find(' ', i);
    if (j == std::string::npos) j = name.size();
    std::string word = name.substr(i, j - i);
    const bool acronym =
        std::count_if(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) > 1;
    if (!acronym && !word.empty() && word[0] >= 'A' && word[0] <= 'Z') word[0] += 'a' - 'A';
    noun += (noun.empty() ? "" : " ") + word;
    i = j + 1;
  }
  for (const char* prefix : {"pengaduan ", "permohonan ", "laporan ", "usulan "}) {
    if (noun.rfind(prefix, 0) == 0) return noun;
  }
  // "Penanganan Kasus DBD" is "laporan penanganan kasus DBD", not "kasus
  // penanganan kasus DBD".
  const bool says_kasus = (" " + noun + " ").find(" kasus ") != std::string::npos;
  return (says_kasus ? "laporan " : "kasus ") + noun;
}

Result<std::vector<AlertRecipient>> ParseAlertRecipients(const std::string& text) {
  std::vector<AlertRecipient> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find(',', pos), text.size());
    const std::string item = Trimmed(std::string_view(text).substr(pos, end - pos));
    pos = end + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    const std::string key = eq == std::string::npos ? "" : Trimmed(item.substr(0, eq));
    const std::string audience = eq == std::string::npos ? "" : Trimmed(item.substr(eq + 1));
    const bool known = audience == "verifiers" || audience == "leaders" ||
                       (audience.starts_with("user:") && audience.size() > 5) ||
                       (audience.starts_with("agency:") && audience.size() > 7) ||
                       (audience.starts_with("agency_head:") && audience.size() > 12);
    if (key.empty() || !known) {
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + item +
                      "' must be KEY=AUDIENCE (KEY an agency or service code or *, AUDIENCE "
                      "user:NAME, agency:CODE, agency_head:CODE, verifiers or leaders)");
    }
    out.push_back({key, audience});
  }
  return out;
}

Result<adapt::Layout> LoadLayout(store::Store& store, const domain::Pemda& pemda) {
  adapt::Layout layout;
  layout.city_code = pemda.code;
  layout.city_name = pemda.name;
  auto agencies = store.ListAgencies(pemda.id);
  if (!agencies) return Fail(agencies.error());
  for (const auto& a : *agencies) layout.agencies.push_back({a.code, a.name});
  auto services = store.ListServices(pemda.id);
  if (!services) return Fail(services.error());
  for (const auto& s : *services) {
    const auto agency = std::find_if(layout.agencies.begin(), layout.agencies.end(),
                                     [&](const auto& a) { return a.code == s.agency_code; });
    layout.categories.push_back(
        {s.code, CategoryNoun(s.name),
         static_cast<uint16_t>(agency == layout.agencies.end() ? 0
                                                               : agency - layout.agencies.begin()),
         s.name});
  }
  auto kecamatan = store.ListRegions(pemda.id, pemda.code, false);
  if (!kecamatan) return Fail(kecamatan.error());
  std::vector<adapt::Outline> outlines;
  for (const auto& kec : *kecamatan) {
    if (kec.level != 3) continue;
    const auto kec_index = static_cast<uint16_t>(layout.kecamatan.size());
    layout.kecamatan.push_back({kec.code, kec.name});
    auto kelurahan = store.ListRegions(pemda.id, kec.code, true);
    if (!kelurahan) return Fail(kelurahan.error());
    for (const auto& kel : *kelurahan) {
      if (kel.level != 4) continue;
      layout.kelurahan.push_back({kel.code, kel.name, kec_index,
                                  kel.centroid ? kel.centroid->lat : 0,
                                  kel.centroid ? kel.centroid->lng : 0});
      outlines.push_back(OutlineOf(kel.boundary_geojson));
    }
  }
  layout.neighbours = adapt::DeriveAdjacency(outlines);
  return layout;
}

AlertWatch::AlertWatch(store::Store& store, domain::Pemda pemda,
                       std::shared_ptr<const domain::WorkingCalendar> calendar,
                       std::unique_ptr<adapt::Layout> layout, std::chrono::minutes utc_offset,
                       AlertWatchOptions options)
    : store_(store),
      pemda_(std::move(pemda)),
      calendar_(std::move(calendar)),
      layout_(std::move(layout)),
      utc_offset_(utc_offset),
      options_(std::move(options)) {
  ResetSensor();
  for (size_t i = 0; i < layout_->categories.size(); ++i)
    category_of_.Add(layout_->categories[i].code, static_cast<uint16_t>(i));
  for (size_t i = 0; i < layout_->agencies.size(); ++i)
    agency_of_.Add(layout_->agencies[i].code, static_cast<uint16_t>(i));
  for (size_t i = 0; i < layout_->kelurahan.size(); ++i)
    kelurahan_of_.Add(layout_->kelurahan[i].code, static_cast<uint16_t>(i));
}

Result<std::unique_ptr<AlertWatch>> AlertWatch::Create(
    store::Store& store, const domain::Pemda& pemda,
    std::shared_ptr<const domain::WorkingCalendar> calendar, AlertWatchOptions options) {
  auto offset = domain::IndonesianUtcOffset(pemda.time_zone);
  if (!offset) return Fail(offset.error());
  auto layout = LoadLayout(store, pemda);
  if (!layout) return Fail(layout.error());
  auto services = store.ListServices(pemda.id);
  if (!services) return Fail(services.error());
  auto watch = std::unique_ptr<AlertWatch>(new AlertWatch(
      store, pemda, std::move(calendar), std::make_unique<adapt::Layout>(std::move(*layout)),
      *offset, std::move(options)));
  for (const auto& s : *services) watch->service_names_.push_back(s.name);
  if (watch->options_.save_every.count() > 0) {
    auto saved = store.LoadSignalState(pemda.id);
    if (!saved) return Fail(saved.error());
    if (saved->has_value()) {
      if (watch->LoadState((*saved)->data)) {
        watch->restored_at_ = (*saved)->saved_at;
      } else {
        // Another build, layout or options: rebuilt from the events.
        watch->ResetSensor();
      }
    }
  }
  return watch;
}

long AlertWatch::OpenCases(const std::string& agency_code) const {
  const auto agency = agency_of_.Find(agency_code);
  return agency ? sensor_->open_cases(*agency) : 0;
}

void AlertWatch::ResetSensor() {
  sensor_ = std::make_unique<adapt::Sensor>(*layout_, *calendar_, options_.sensor);
  sensor_->set_listener([this](const adapt::AlertDraft& draft, bool naive) {
    if (!naive) Take(WithCases(draft));
  });
  started_ = false;
  replayed_ = false;
  cursor_ = {};
  recent_.clear();
}

namespace {
constexpr uint64_t kWatchMagic = 0x5349474150415753ULL;  // "SIGAPAWS"
// 2: arrivals through intake name no agency (migration 0032); a state of
// format 1 counted them in the service's agency's backlog and is rebuilt.
// 3: the recent events hold transfers too (a backlog's cases).
constexpr uint32_t kWatchFormat = 3;
}  // namespace

std::string AlertWatch::SaveState() const {
  adapt::StateWriter out;
  out.Put(kWatchMagic);
  out.Put(kWatchFormat);
  out.Put(cursor_);
  out.Put(started_);
  out.PutVector(std::vector<Recent>(recent_.begin(), recent_.end()));
  out.PutString(sensor_->Save());
  return out.Take();
}

bool AlertWatch::LoadState(std::string_view data) {
  adapt::StateReader in(data);
  store::SignalCursor cursor;
  bool started = false;
  std::vector<Recent> recent;
  std::string sensor;
  if (!in.Expect(kWatchMagic) || !in.Expect(kWatchFormat) || !in.Get(cursor) || !in.Get(started) ||
      !in.GetVector(recent) || !in.GetString(sensor) || !in.at_end()) {
    return false;
  }
  // The sensor's header holds the layout: once it loads, the indices of
  // `recent` (written with that layout, under the checksum) are valid.
  if (!sensor_->Load(sensor)) return false;
  cursor_ = cursor;
  started_ = started;
  recent_.assign(recent.begin(), recent.end());
  replayed_ = true;
  return true;
}

Status AlertWatch::MaybeSave(Timestamp now, bool rebuilt, adapt::Day open_day_before) {
  if (options_.save_every.count() <= 0) return {};
  const bool due =
      rebuilt || sensor_->open_day() != open_day_before ||
      (events_since_save_ > 0 && (!saved_at_ || now - *saved_at_ >= options_.save_every));
  if (!due) return {};
  if (auto saved = store_.SaveSignalState(pemda_.id, {SaveState(), now}); !saved) {
    return Fail(saved.error().code, "saving the detectors' state: " + saved.error().message);
  }
  saved_at_ = now;
  events_since_save_ = 0;
  return {};
}

adapt::Day AlertWatch::LocalDay(Timestamp t) const {
  return static_cast<adapt::Day>(
      std::chrono::floor<std::chrono::days>(t + utc_offset_).time_since_epoch().count());
}

store::AlertEvidence AlertWatch::Evidence(const adapt::AlertDraft& d) const {
  store::AlertEvidence e;
  e.detector = adapt::DetectorName(d.detector);
  e.method = d.method;
  e.group = d.group;
  if (d.category >= 0 && static_cast<size_t>(d.category) < layout_->categories.size()) {
    e.category_code = layout_->categories[d.category].code;
    e.category_name = service_names_[d.category];
  }
  int agency = d.agency;
  if (agency < 0 && d.category >= 0 && static_cast<size_t>(d.category) < layout_->categories.size())
    agency = layout_->categories[d.category].agency;
  if (agency >= 0 && static_cast<size_t>(agency) < layout_->agencies.size()) {
    e.agency_code = layout_->agencies[agency].code;
    e.agency_name = layout_->agencies[agency].name;
  }
  e.day = DayText(FromDayNumber(d.day));
  e.since_day = DayText(FromDayNumber(d.since_day));
  for (size_t i = 0; i < d.region_codes.size(); ++i) {
    e.regions.push_back({d.region_codes[i], i < d.region_names.size() ? d.region_names[i] : ""});
  }
  e.border_codes = d.border_codes;
  e.observed = d.observed;
  e.expected = d.expected;
  e.statistic = d.statistic;
  e.threshold = d.threshold;
  e.p_value = d.p_value;
  e.series = d.series;
  e.expected_series = d.expected_series;
  e.band_low = d.band_low;
  e.band_high = d.band_high;
  e.top_terms = d.top_terms;
  e.case_ids.assign(d.case_ids.begin(), d.case_ids.end());
  e.sentence = d.sentence;
  e.sentence_en = d.sentence_en;
  return e;
}

adapt::AlertDraft AlertWatch::WithCases(adapt::AlertDraft d) const {
  if (!d.case_ids.empty()) return d;
  const bool ratings = d.detector == adapt::DetectorKind::kFallingRating;
  // A backlog's cases are the work that came to its agency (filed straight
  // to it, or disposed or forwarded to it) during the run, which may be
  // weeks long; the other detectors' the arrivals of the last two weeks.
  const bool backlog = d.detector == adapt::DetectorKind::kGrowingBacklog;
  const adapt::Day from = std::max(d.since_day, d.day - (backlog ? kRecentDays : 13));
  const auto wanted = [&](const Recent& r) {
    if (ratings) return r.type == adapt::EventType::kRating && r.stars <= 2;
    return r.type == adapt::EventType::kArrival ||
           (backlog && r.type == adapt::EventType::kTransfer);
  };
  // The kelurahan the draft names, directly or through their kecamatan; all
  // of them when it names the city or nothing.
  std::vector<bool> place(layout_->kelurahan.size(), d.region_codes.empty());
  for (const auto& code : d.region_codes) {
    if (code == layout_->city_code) std::fill(place.begin(), place.end(), true);
    for (size_t k = 0; k < layout_->kelurahan.size(); ++k) {
      const auto& kel = layout_->kelurahan[k];
      if (kel.code == code || layout_->kecamatan[kel.kecamatan].code == code) place[k] = true;
    }
  }
  for (auto it = recent_.rbegin(); it != recent_.rend() && d.case_ids.size() < kMaxCases; ++it) {
    if (it->day > d.day) continue;
    if (it->day < from) break;
    if (!wanted(*it)) continue;
    if (d.category >= 0 && it->category != d.category) continue;
    if (d.agency >= 0 && it->agency != d.agency) continue;
    if (!ratings && !backlog && (it->kelurahan >= place.size() || !place[it->kelurahan])) {
      continue;
    }
    if (std::find(d.case_ids.begin(), d.case_ids.end(), it->case_id) != d.case_ids.end()) continue;
    d.case_ids.push_back(it->case_id);
  }
  return d;
}

Result<std::vector<domain::CaseId>> AlertWatch::LongestWaiting(const std::string& agency_code,
                                                               Timestamp now) const {
  std::vector<domain::CaseId> ids;
  if (agency_code.empty()) return ids;
  store::CaseFilter filter;
  filter.agency_code = agency_code;
  filter.statuses = {domain::CaseStatus::kDisposed, domain::CaseStatus::kInProgress};
  filter.by_deadline = true;
  filter.now = now;
  filter.limit = kMaxCases;
  auto page = store_.ListCases(pemda_.id, filter);
  if (!page) return Fail(page.error());
  for (const auto& c : page->cases) ids.push_back(c.id);
  return ids;
}

std::vector<const AlertWatch::Recent*> AlertWatch::RecentArrivals(const std::vector<uint64_t>& ids,
                                                                  adapt::Day day) const {
  std::vector<const Recent*> out;
  for (auto it = recent_.rbegin(); it != recent_.rend() && out.size() < ids.size(); ++it) {
    if (it->day < day - 14) break;
    if (it->type != adapt::EventType::kArrival) continue;
    if (std::find(ids.begin(), ids.end(), it->case_id) != ids.end()) out.push_back(&*it);
  }
  return out;
}

void AlertWatch::Take(adapt::AlertDraft d) {
  using adapt::DetectorKind;
  // Whether most of `topic`'s cases (two in three) are of `cluster`'s
  // service and in its kelurahan.
  const auto explains = [&](const adapt::AlertDraft& cluster, const adapt::AlertDraft& topic) {
    if (cluster.day != topic.day || cluster.category < 0 || cluster.category != topic.category) {
      return false;
    }
    const auto cases = RecentArrivals(topic.case_ids, topic.day);
    const auto inside = std::count_if(cases.begin(), cases.end(), [&](const Recent* r) {
      if (r->category != cluster.category || r->kelurahan >= layout_->kelurahan.size()) {
        return false;
      }
      const std::string& code = layout_->kelurahan[r->kelurahan].code;
      return std::find(cluster.region_codes.begin(), cluster.region_codes.end(), code) !=
             cluster.region_codes.end();
    });
    return !cases.empty() && 3 * static_cast<size_t>(inside) >= 2 * cases.size();
  };
  if (d.detector == DetectorKind::kEmergingTopic) {
    // The service (and agency) of two in three of its cases, if any.
    const auto cases = RecentArrivals(d.case_ids, d.day);
    for (const Recent* r : cases) {
      const auto same = std::count_if(cases.begin(), cases.end(),
                                      [&](const Recent* o) { return o->category == r->category; });
      if (cases.size() >= 3 && 3 * static_cast<size_t>(same) >= 2 * cases.size() &&
          r->category < layout_->categories.size()) {
        d.category = r->category;
        d.agency = layout_->categories[r->category].agency;
        d.group = "emerging_topic:" + layout_->categories[r->category].code;
        break;
      }
    }
    for (auto& p : pending_) {
      if (p.detector == DetectorKind::kLocalCluster && p.top_terms.empty() && explains(p, d)) {
        p.top_terms = d.top_terms;
      }
    }
    for (auto& p : pending_) {
      if (p.detector != DetectorKind::kEmergingTopic || p.day != d.day || d.category < 0 ||
          p.category != d.category) {
        continue;
      }
      for (auto& term : d.top_terms) {
        if (p.top_terms.size() >= 5) break;
        if (std::find(p.top_terms.begin(), p.top_terms.end(), term) == p.top_terms.end()) {
          p.top_terms.push_back(std::move(term));
        }
      }
      for (const uint64_t id : d.case_ids) {
        if (std::find(p.case_ids.begin(), p.case_ids.end(), id) == p.case_ids.end()) {
          p.case_ids.push_back(id);
        }
      }
      return;
    }
  } else if (d.detector == DetectorKind::kLocalCluster) {
    for (const auto& topic : pending_) {
      if (d.top_terms.empty() && topic.detector == DetectorKind::kEmergingTopic &&
          explains(d, topic)) {
        d.top_terms = topic.top_terms;
      }
    }
  }
  pending_.push_back(std::move(d));
}

std::vector<std::string> AlertWatch::Audiences(const store::AlertEvidence& e) const {
  std::vector<std::string> out;
  if (!e.agency_code.empty()) out.push_back("agency_head:" + e.agency_code);
  for (const auto& r : options_.recipients) {
    if (r.key == "*" || (!e.agency_code.empty() && r.key == e.agency_code) ||
        (!e.category_code.empty() && r.key == e.category_code)) {
      out.push_back(r.audience);
    }
  }
  // A Pemda-wide alert (a topic across several agencies' services) no one
  // is configured to hear concerns the whole Pemda: its leaders and
  // administrators are told, not nobody.
  if (out.empty()) out.push_back("leaders");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void AlertWatch::Feed(const store::SignalEvent& s, adapt::Day today, WatchReport& report,
                      std::span<const adapt::TextNormalizer::Term> terms) {
  adapt::Event ev;
  ev.day = std::min(LocalDay(s.at), today);
  if (started_) ev.day = std::max(ev.day, sensor_->open_day());
  ev.case_id = static_cast<uint64_t>(s.case_id);
  ev.kind = static_cast<uint8_t>(s.kind);
  ev.due_day = s.due_at ? LocalDay(*s.due_at) : ev.day + 14;
  const auto category = category_of_.Find(s.service_code);
  const auto agency = agency_of_.Find(s.agency_code);
  ev.category = category.value_or(adapt::kNoCategory);
  // The case's agency (a transfer's: where it went), else, for a code the
  // layout does not know, its service's. None while the verifiers hold the
  // case (store::rows::kSignalAgency): not an agency's backlog yet.
  if (agency) {
    ev.agency = *agency;
  } else if (!s.agency_code.empty() && category && s.type != store::SignalEvent::Type::kTransfer) {
    ev.agency = layout_->categories[*category].agency;
  } else {
    ev.agency = adapt::kNoAgency;
  }
  switch (s.type) {
    case store::SignalEvent::Type::kArrival: {
      // Without a place or a known service the case still counts for its
      // agency's backlog and its words (adapt::kNoKelurahan, kNoCategory).
      ev.type = adapt::EventType::kArrival;
      ev.kelurahan = kelurahan_of_.Find(s.region_code).value_or(adapt::kNoKelurahan);
      ev.text = s.text;
      ev.terms = terms;
      break;
    }
    case store::SignalEvent::Type::kResolution:
      ev.type = adapt::EventType::kResolution;
      break;
    case store::SignalEvent::Type::kPause:
      ev.type = adapt::EventType::kPause;
      break;
    case store::SignalEvent::Type::kReturn:
      ev.type = adapt::EventType::kReturn;
      break;
    case store::SignalEvent::Type::kTransfer:
      ev.type = adapt::EventType::kTransfer;
      break;
    case store::SignalEvent::Type::kRating:
      if (s.stars < 1 || s.stars > 5) return;
      if (ev.agency == adapt::kNoAgency) {
        ++report.skipped;
        return;
      }
      ev.type = adapt::EventType::kRating;
      ev.stars = static_cast<uint8_t>(s.stars);
      break;
  }
  sensor_->Feed(ev);
  started_ = true;
  if (ev.type == adapt::EventType::kArrival || ev.type == adapt::EventType::kRating ||
      (ev.type == adapt::EventType::kTransfer && ev.agency != adapt::kNoAgency)) {
    recent_.push_back(
        {ev.day, ev.type, ev.stars, ev.category, ev.agency, ev.kelurahan, 0, ev.case_id});
  }
  while (!recent_.empty() && recent_.front().day < ev.day - kRecentDays) recent_.pop_front();
  ++report.events;
}

namespace {

// A batch of the replay with its texts scanned.
struct ScannedBatch {
  store::SignalBatch batch;
  adapt::ScannedTexts texts;
  std::vector<size_t> text_of;  // per event: its index in `texts`, or kNoText
  static constexpr size_t kNoText = SIZE_MAX;

  // Scans the texts of the batch's arrivals.
  void Scan() {
    texts.Clear();
    text_of.assign(batch.events.size(), kNoText);
    for (size_t i = 0; i < batch.events.size(); ++i) {
      const auto& e = batch.events[i];
      if (e.type == store::SignalEvent::Type::kArrival && !e.text.empty()) {
        text_of[i] = texts.Add(e.text, adapt::TopicDetector::kBigrams);
      }
    }
  }
  std::span<const adapt::TextNormalizer::Term> Terms(size_t i) const {
    if (text_of[i] == kNoText) return {};
    return texts.Terms(text_of[i]);
  }
};

// A queue of up to kDepth batches between two stages of a replay; Close
// wakes both sides for good. With room for one, a stage that took a slow
// batch held up the others, and the two cores were idle 12-21 % of a
// rebuild (vmstat); with three, 8-10 %, and a 10 M-event rebuild was about
// a twentieth faster in 7 of 9 alternated pairs, for 10-15 MB more at the
// peak (bench/RESULTS.md).
class Handoff {
 public:
  using Batch = std::unique_ptr<ScannedBatch>;
  static constexpr size_t kDepth = 3;
  // Waits for room; false once closed.
  bool Put(Result<Batch> batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return closed_ || held_.size() < kDepth; });
    if (closed_) return false;
    held_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // Waits for a batch; nothing once closed.
  std::optional<Result<Batch>> Take() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return closed_ || !held_.empty(); });
    if (held_.empty()) return std::nullopt;
    auto out = std::move(held_.front());
    held_.pop_front();
    changed_.notify_all();
    return out;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Result<Batch>> held_;
  bool closed_ = false;
};

// Lowers the calling thread's priority (its nice value, which Linux keeps
// per thread) by `steps`; where it cannot, the thread goes on as it was.
void LowerThisThreadsPriority(int steps) {
  const auto self = static_cast<id_t>(gettid());
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, self);
  if (errno == 0) (void)setpriority(PRIO_PROCESS, self, std::min(nice + steps, 19));
}

}  // namespace

Status AlertWatch::Replay(adapt::Day today, WatchReport& report) {
  // Stages on threads of their own, queues of batches apart: reading batches (the
  // database), scanning their texts into terms (two threads, taking every
  // other batch: scanning is the costliest stage), and the detectors taking
  // them in order (this thread). One thread reading and scanning kept the
  // detectors waiting for a third of a rebuild, and one scanner still
  // held them up (bench/RESULTS.md, issue 9). Batches go round: the
  // detectors give theirs back to the reader, so the reader and a scanner
  // write into memory used before (SignalReplay::Next overwrites the
  // events in place) instead of allocating it again.
  if (replayed_) return {};
  using Batch = Handoff::Batch;
  constexpr size_t kScanners = 2;
  std::array<Handoff, kScanners> read, scanned;
  std::mutex spare_mutex;
  std::vector<Batch> spare;
  std::jthread reader([&, from = cursor_] {
    auto replay = store_.OpenSignalReplay(pemda_.id, from, options_.replay_batch);
    if (!replay) {
      (void)read[0].Put(Fail(replay.error()));
      return;
    }
    for (size_t n = 0;; ++n) {
      Handoff& to = read[n % kScanners];
      Batch into;
      {
        std::lock_guard lock(spare_mutex);
        if (!spare.empty()) {
          into = std::move(spare.back());
          spare.pop_back();
        }
      }
      if (!into) into = std::make_unique<ScannedBatch>();
      if (auto s = (*replay)->Next(into->batch); !s) {
        (void)to.Put(Fail(s.error()));
        return;
      }
      const bool more = into->batch.more;
      if (!to.Put(std::move(into)) || !more) return;
    }
  });
  std::array<std::jthread, kScanners> scanners;
  for (size_t k = 0; k < kScanners; ++k) {
    scanners[k] = std::jthread([&, k] {
      // The reader's thread is the stage the others wait for (vmstat: the
      // cores idle a tenth of a rebuild), so it goes first when the cores
      // are short: 9.1-9.4 s instead of 9.4-9.7 for 9,932,821 events, in 4
      // of 4 alternated pairs (bench/RESULTS.md, issue 9). The server's
      // own threads go first too.
      LowerThisThreadsPriority(10);
      for (;;) {
        auto next = read[k].Take();
        if (!next) return;
        if (*next) (**next)->Scan();
        const bool last = !*next || !(**next)->batch.more;
        if (!scanned[k].Put(std::move(*next)) || last) return;
      }
    });
  }
  // Whatever ends the loop, the other stages stop before their batches go.
  struct Stop {
    std::array<Handoff, kScanners>& a;
    std::array<Handoff, kScanners>& b;
    ~Stop() {
      for (auto& h : a) h.Close();
      for (auto& h : b) h.Close();
    }
  } stop{read, scanned};
  for (size_t n = 0;; ++n) {
    auto next = scanned[n % kScanners].Take();
    if (!next) return Fail(ErrorCode::kInternal, "the replay's stages stopped");
    if (!*next) return Fail(next->error());
    Batch current = std::move(**next);
    cursor_ = current->batch.next;
    replayed_ = !current->batch.more;
    const auto& events = current->batch.events;
    constexpr size_t kAhead = 8;  // events: about the time one takes to come from memory
    for (size_t i = 0; i < events.size(); ++i) {
      if (i + kAhead < events.size()) {
        sensor_->Prefetch(static_cast<uint64_t>(events[i + kAhead].case_id));
      }
      Feed(events[i], today, report, current->Terms(i));
    }
    if (replayed_) return {};
    std::lock_guard lock(spare_mutex);
    spare.push_back(std::move(current));
  }
}

Result<std::optional<std::vector<store::SignalEvent>>> AlertWatch::ReadSince(bool capped) {
  using Events = std::vector<store::SignalEvent>;
  Events events;
  bool read = false;  // all of them, into `events`
  if (capped) {
    // Counted a batch at a time before they are kept: read and kept up to
    // the cap, the events of a restart after a long stop, with their texts,
    // took 100 MB of a 1,000,000-case server's 300 before it went on to
    // rebuild (bench/RESULTS.md). A tick's few fit in the first batch (a
    // tenth of the cap, at most 10,000), read once.
    const int per_batch =
        static_cast<int>(std::clamp<int64_t>(options_.rebuild_after_events / 10, 1, 10000));
    store::SignalCursor at = cursor_;
    int64_t seen = 0;
    for (bool first = true;; first = false) {
      auto batch = store_.ListSignals(pemda_.id, at, per_batch);
      if (!batch) return Fail(batch.error());
      seen += static_cast<int64_t>(batch->events.size());
      if (seen > options_.rebuild_after_events) return std::optional<Events>();
      if (!batch->more && first) {
        cursor_ = batch->next;
        events = std::move(batch->events);
        read = true;
      }
      if (!batch->more) break;
      at = batch->next;
    }
  }
  while (!read) {
    auto batch = store_.ListSignals(pemda_.id, cursor_, 50000);
    if (!batch) return Fail(batch.error());
    cursor_ = batch->next;
    std::move(batch->events.begin(), batch->events.end(), std::back_inserter(events));
    read = !batch->more;
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
  return std::optional(std::move(events));
}

Result<WatchReport> AlertWatch::Tick(Timestamp now) {
  const auto started_at = std::chrono::steady_clock::now();
  WatchReport report;
  const adapt::Day today = LocalDay(now);

  const adapt::Day open_day_before = sensor_->open_day();

  bool rebuilding = !replayed_;
  if (!replayed_) {
    if (auto replayed = Replay(today, report); !replayed) return Fail(replayed.error());
  }
  // Everything written since, in time order: a few ticks' worth normally.
  // Much more (a state restored after a long stop, a large import) is not
  // read at once: the watch starts afresh and replays the history instead.
  auto since = ReadSince(/*capped=*/!rebuilding);
  if (!since) return Fail(since.error());
  // History written behind the detectors (`sigap import cases` of last
  // year's reports into a running Pemda) belongs on its own days: fed now,
  // it would be counted on the open day, a surge of the day of the import.
  // A day's grace for what another node committed around midnight.
  const auto behind = [&] {
    if (!*since || rebuilding) return false;
    const adapt::Day open = sensor_->open_day();
    return std::any_of((*since)->begin(), (*since)->end(),
                       [&](const store::SignalEvent& s) { return LocalDay(s.at) < open - 1; });
  };
  if (behind()) {
    spdlog::info(
        "alerts: events dated before the detectors' open day were written (an import of "
        "history?); rebuilding the signals from the history");
    since = std::optional<std::vector<store::SignalEvent>>();
  } else if (!*since) {
    spdlog::info("alerts: more than {} new events at once; rebuilding the signals from the history",
                 options_.rebuild_after_events);
  }
  if (!*since) {
    ResetSensor();
    pending_.clear();
    restored_at_.reset();
    report = {};
    rebuilding = true;
    if (auto replayed = Replay(today, report); !replayed) return Fail(replayed.error());
    since = ReadSince(/*capped=*/false);
    if (!since) return Fail(since.error());
  }
  for (const auto& s : **since) Feed(s, today, report);

  // Close the days before today (the sensor starts at yesterday when the
  // Pemda has no case yet).
  sensor_->CloseThrough(today - 1);
  started_ = true;
  if (options_.judge_open_day) {
    sensor_->JudgeThrough(today);
  }
  if (auto* book = options_.satisfaction;
      book != nullptr && (today != ikm_day_ || book->size(pemda_.id) != ikm_responses_)) {
    auto falls = IkmFallDrafts(*book, pemda_, *layout_, today);
    if (!falls) return Fail(falls.error());
    for (auto& d : *falls) pending_.push_back(std::move(d));
    ikm_day_ = today;
    ikm_responses_ = book->size(pemda_.id);
  }

  // The drafts merged a chunk per transaction: a rebuild brings thousands,
  // and one commit each took longer than the replay's detectors; chunks
  // bound the memory of their evidence.
  constexpr size_t kUpsertChunk = 256;
  std::vector<adapt::AlertDraft> drafts;
  drafts.swap(pending_);
  std::vector<store::AlertUpsert> upserts;
  for (size_t i = 0; i < drafts.size(); ++i) {
    const adapt::AlertDraft& d = drafts[i];
    store::AlertUpsert& upsert = upserts.emplace_back();
    upsert.pemda_id = pemda_.id;
    upsert.evidence = Evidence(d);
    upsert.quiet_days = options_.quiet_days;
    upsert.at = now;
    if (d.day >= today - options_.notify_within_days) {
      upsert.notify_audiences = Audiences(upsert.evidence);
      if (d.detector == adapt::DetectorKind::kGrowingBacklog) {
        auto waiting = LongestWaiting(upsert.evidence.agency_code, now);
        if (!waiting) return Fail(waiting.error());
        if (!waiting->empty()) upsert.evidence.case_ids = std::move(*waiting);
      }
    }
    if (upserts.size() < kUpsertChunk && i + 1 < drafts.size()) continue;
    auto outcomes = store_.UpsertAlerts(upserts);
    if (!outcomes) return Fail(outcomes.error());
    for (const auto& outcome : *outcomes) {
      if (outcome.created) ++report.created;
      if (outcome.updated) ++report.updated;
    }
    upserts.clear();
  }
  events_since_save_ += report.events;
  if (auto saved = MaybeSave(now, rebuilding, open_day_before); !saved) {
    return Fail(saved.error());
  }
#ifdef __GLIBC__
  // A rebuild's batches were allocated on threads of their own, whose
  // malloc arenas keep what was freed; handed back, the server's resident
  // memory after a rebuild is the detectors' state and little more.
  if (rebuilding) malloc_trim(0);
#endif
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
  return report;
}

AlertWatchLoop::AlertWatchLoop(AlertWatch& watch, std::function<Timestamp()> now,
                               std::chrono::seconds interval, std::function<void()> on_alerts,
                               std::function<void(bool, Timestamp)> on_tick)
    : watch_(watch),
      now_(std::move(now)),
      interval_(interval),
      on_alerts_(std::move(on_alerts)),
      on_tick_(std::move(on_tick)),
      thread_([this] { Run(); }) {}

AlertWatchLoop::~AlertWatchLoop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void AlertWatchLoop::Run() {
  std::unique_lock lock(mutex_);
  bool first = true;
  while (!stopping_) {
    lock.unlock();
    const Timestamp started = now_();
    auto report = watch_.Tick(started);
    if (on_tick_) on_tick_(report.has_value(), started);
    if (!report) {
      spdlog::warn("alerts: detectors failed: {}", report.error().message);
    } else {
      if (first && watch_.restored_at()) {
        spdlog::info(
            "alerts: state restored (saved {}), {} events since fed in {:.3f} s ({} KiB of "
            "detector state)",
            FormatRfc3339(*watch_.restored_at()), report->events, report->seconds,
            watch_.MemoryBytes() / 1024);
      } else if (first) {
        spdlog::info(
            "alerts: signals rebuilt from {} events in {:.3f} s ({} KiB of detector state)",
            report->events, report->seconds, watch_.MemoryBytes() / 1024);
      }
      // The day still open is judged again at every tick, so its alerts
      // are "updated" even when no case came: said only when one did.
      if (report->created > 0 || (report->updated > 0 && report->events > 0)) {
        spdlog::info("alerts: {} new, {} updated", report->created, report->updated);
        if (report->created > 0 && on_alerts_) on_alerts_();
      }
    }
    first = false;
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace sigap::cli

#include "cli/demo_cases.h"

#include <algorithm>
#include <map>
#include <set>

#include "cli/csv_reader.h"
#include "cli/demo_sampling.h"
#include "domain/case_validation.h"
#include "domain/text.h"
#include "domain/working_calendar.h"

namespace sigap::cli {
namespace {

// The surge's and the backlog's cases are keyed from here
// (PlannedCase::key).
constexpr uint64_t kSurgeKeys = uint64_t{1} << 32;
constexpr uint64_t kBacklogKeys = uint64_t{2} << 32;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Picks a kind the service accepts: a cue of the text wins with the
// matcher's probability, otherwise a complaint when the service takes one.
domain::CaseKind ChooseKind(const std::vector<domain::CaseKind>& accepted,
                            const std::vector<domain::CaseKind>& cues, double cue_probability,
                            std::mt19937_64& rng) {
  std::bernoulli_distribution follow_cue(cue_probability);
  for (const auto cue : cues) {
    if (std::find(accepted.begin(), accepted.end(), cue) != accepted.end() && follow_cue(rng)) {
      return cue;
    }
  }
  if (std::find(accepted.begin(), accepted.end(), domain::CaseKind::kComplaint) != accepted.end()) {
    return domain::CaseKind::kComplaint;
  }
  return accepted.front();
}

// A usable report and what can be read from it once, before any dice.
struct Candidate {
  const DemoReport* report = nullptr;
  std::string title;
  std::string description;
  ServiceMatcher::Match match;
  std::vector<domain::CaseKind> cues;
  RegionPicker::Mention mention;
};

// The reports a surge can use, in the candidates' order: about the Pemda,
// using one of its words, and naming no place but one of its kelurahan or
// their kecamatan.
std::vector<const Candidate*> SurgeCandidates(const std::vector<Candidate>& candidates,
                                              const DemoSurge& surge, const RegionPicker& regions) {
  PhraseSet words;
  for (const auto& w : surge.words) words.Add(w);
  std::set<std::string> places(surge.kelurahan.begin(), surge.kelurahan.end());
  for (const auto& code : surge.kelurahan) places.insert(domain::ParentRegionCode(code));
  const auto uses = [&words](const std::string& text) {
    const auto found = words.Scan(text);
    return std::any_of(found.begin(), found.end(), [](size_t at) { return at != PhraseSet::npos; });
  };
  std::vector<const Candidate*> out;
  for (const auto& c : candidates) {
    if (!c.mention.about_pemda) continue;
    const std::string named = regions.MentionedCode(c.mention);
    if (!named.empty() && !places.count(named)) continue;
    if (uses(c.title) || uses(c.description)) out.push_back(&c);
  }
  return out;
}

}  // namespace

Result<std::vector<DemoReport>> ReadDemoReports(const std::filesystem::path& file) {
  auto table = ReadCsvTable(file);
  if (!table) return Fail(table.error());
  const int id = table->Column("id"), agency = table->Column("agency"),
            subject = table->Column("subject"), text = table->Column("text");
  if (id < 0 || agency < 0 || subject < 0 || text < 0) {
    return Fail(ErrorCode::kInvalidArgument, file.string() + ": needs id,agency,subject,text");
  }
  std::vector<DemoReport> reports;
  std::set<std::string> seen;
  for (auto& row : table->rows) {
    if (!seen.insert(row.fields[id]).second) continue;
    reports.push_back({std::move(row.fields[id]), std::move(row.fields[agency]),
                       std::move(row.fields[subject]), std::move(row.fields[text])});
  }
  return reports;
}

std::string TruncateOnWord(std::string_view text, size_t max_code_points) {
  std::string trimmed = domain::Trim(text);
  if (domain::CodePointCount(trimmed) <= max_code_points) return trimmed;
  // Byte offset where code point number max_code_points - 1 starts: what is
  // kept must leave room for the ellipsis.
  size_t cut = 0;
  for (size_t n = 0; cut < trimmed.size(); ++cut) {
    if (!IsContinuationByte(trimmed[cut]) && n++ == max_code_points - 1) break;
  }
  size_t end = cut;
  while (end > 0 && !IsAsciiSpace(trimmed[end])) --end;
  if (end == 0) end = cut;  // one long word: cut inside it, on a code point boundary
  while (end > 0 && IsAsciiSpace(trimmed[end - 1])) --end;
  trimmed.resize(end);
  trimmed += "\u2026";
  return trimmed;
}

Timestamp DemoWindowStart(Timestamp now, int months) {
  // An average Gregorian month is 2,629,746 seconds.
  return now - std::chrono::seconds(int64_t{2'629'746} * months);
}

Result<std::vector<PlannedCase>> PlanDemoCases(const DemoCatalogue& catalogue,
                                               const ServiceMatcher& matcher,
                                               const std::vector<DemoReport>& reports,
                                               Timestamp now, int count, int months,
                                               std::mt19937_64& rng) {
  if (count < 0 || months <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "cases must be >= 0 and months > 0");
  }
  const auto offset = domain::IndonesianUtcOffset(catalogue.pemda.time_zone);
  if (!offset) return Fail(offset.error());
  std::map<std::string, const domain::Service*> services;
  for (const auto& s : catalogue.services) services[s.code] = &s;

  // The seed of each case's own generator of its time.
  const uint64_t times_seed = rng();
  // Reports whose title and text pass validation, those the matcher can
  // file under a service first, in random order.
  RegionPicker regions(catalogue, rng);
  if (regions.kelurahan_count() == 0) {
    return Fail(ErrorCode::kInvalidArgument, "the demo Pemda has no desa/kelurahan");
  }
  std::vector<Candidate> candidates;
  for (const auto& r : reports) {
    Candidate c;
    c.report = &r;
    c.title = TruncateOnWord(r.subject, domain::SubmissionLimits{}.title_max);
    c.description = TruncateOnWord(r.text, domain::SubmissionLimits{}.description_max);
    domain::CaseSubmission probe;
    probe.title = c.title;
    probe.description = c.description;
    if (!domain::ValidateSubmission(probe).empty()) continue;
    ServiceMatcher::Reading reading = matcher.Read(r.agency, r.subject, r.text);
    c.match = std::move(reading.match);
    c.cues = std::move(reading.cues);
    c.mention = regions.FindMention(r.agency, r.subject, r.text);
    candidates.push_back(std::move(c));
  }
  if (candidates.empty() && count > 0) {
    return Fail(ErrorCode::kInvalidArgument, "no usable reports for the demo cases");
  }
  std::shuffle(candidates.begin(), candidates.end(), rng);
  std::stable_partition(candidates.begin(), candidates.end(),
                        [](const Candidate& c) { return !c.match.service_code.empty(); });

  // The window ends with now's local day, not at now: at another hour of
  // the day, the same times are drawn.
  const auto local_today = std::chrono::floor<std::chrono::days>(now + *offset);
  const Timestamp day_end =
      Timestamp(std::chrono::sys_days(local_today) + std::chrono::days(1)) - *offset;
  TimeSampler times(catalogue.settings, DemoWindowStart(day_end, months), day_end, now,
                    static_cast<int>(offset->count()));
  ReporterMaker reporters(catalogue.settings);
  const auto& settings = catalogue.settings;
  std::vector<domain::Channel> channels;
  std::vector<double> channel_weights;
  for (const auto& [channel, weight] : settings.channel_weights) {
    channels.push_back(channel);
    channel_weights.push_back(weight);
  }
  std::discrete_distribution<size_t> pick_channel(channel_weights.begin(), channel_weights.end());
  std::bernoulli_distribution anonymous(settings.anonymous_share);
  std::bernoulli_distribution confidential(settings.confidential_share);
  std::bernoulli_distribution with_address(settings.address_share);

  // A case of report `c` filed under `service_code`, at the place
  // `pick_place` draws, created when `pick_time` says.
  auto plan = [&](uint64_t key, const Candidate& c, const std::string& service_code,
                  auto pick_place, auto pick_time) {
    PlannedCase p;
    p.key = key;
    p.report_id = c.report->id;
    domain::CaseSubmission& s = p.submission;
    s.title = c.title;
    s.description = c.description;
    s.service_code = service_code;
    // The category the Pemda files the service's cases under (issue 8).
    if (const auto category = catalogue.service_categories.find(s.service_code);
        category != catalogue.service_categories.end()) {
      s.category = category->second;
    }
    const auto service = services.find(s.service_code);
    const std::vector<domain::CaseKind> no_service = {domain::CaseKind::kComplaint,
                                                      domain::CaseKind::kAspiration};
    s.kind = ChooseKind(service != services.end() ? service->second->kinds : no_service, c.cues,
                        matcher.kind_cue_probability(), rng);
    const RegionPicker::Place place = pick_place();
    s.location.region_code = place.kelurahan->code;
    s.location.point = place.point;
    if (with_address(rng)) s.location.address = regions.Address(place, rng);
    s.channel = channels.empty() ? domain::Channel::kWeb : channels[pick_channel(rng)];
    s.anonymous = anonymous(rng);
    s.confidential = confidential(rng);
    s.reporter = reporters.Make(s.channel, s.anonymous, rng);
    auto time_rng = CaseGenerator(times_seed, key);
    p.created_at = pick_time(time_rng);
    return p;
  };

  // The surge's and the backlog's shares of the history: at most a tenth
  // of it each.
  const DemoSurge* surge = settings.surge ? &*settings.surge : nullptr;
  const int surge_cases = surge != nullptr ? std::min(surge->cases, count / 10) : 0;
  const DemoBacklog* backlog = settings.backlog ? &*settings.backlog : nullptr;
  const int backlog_cases = backlog != nullptr ? std::min(backlog->cases, count / 10) : 0;
  std::vector<PlannedCase> planned;
  planned.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count - surge_cases - backlog_cases; ++i) {
    const Candidate& c = candidates[static_cast<size_t>(i) % candidates.size()];
    const std::string& service_code = c.match.service_code;
    planned.push_back(plan(
        static_cast<uint64_t>(i), c, service_code, [&] { return regions.Pick(c.mention, rng); },
        [&](std::mt19937_64& time_rng) { return times.Sample(service_code, time_rng); }));
  }
  if (surge_cases > 0) {
    auto surge_reports = SurgeCandidates(candidates, *surge, regions);
    if (surge_reports.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "no report about the Pemda uses a word of the demo's surge");
    }
    std::uniform_int_distribution<size_t> any_of_them(0, surge->kelurahan.size() - 1);
    for (int i = 0; i < surge_cases; ++i) {
      const Candidate& c = *surge_reports[static_cast<size_t>(i) % surge_reports.size()];
      // The kelurahan the report names when it is one of the surge's,
      // otherwise one of them.
      const std::string named = regions.MentionedCode(c.mention);
      const bool names_one = std::find(surge->kelurahan.begin(), surge->kelurahan.end(), named) !=
                             surge->kelurahan.end();
      auto pick_place = [&] {
        return regions.Pick(
            regions.MentionOf(names_one ? named : surge->kelurahan[any_of_them(rng)]), rng);
      };
      // Keys of their own: more cases before them change none of theirs.
      planned.push_back(plan(
          kSurgeKeys + static_cast<uint64_t>(i), c, surge->service_code, pick_place,
          [&](std::mt19937_64& time_rng) { return times.SampleRecent(surge->days, time_rng); }));
    }
  }
  if (backlog_cases > 0) {
    // Reports the matcher files under one of the agency's services.
    std::vector<const Candidate*> backlog_reports;
    for (const auto& c : candidates) {
      const auto service = services.find(c.match.service_code);
      if (service != services.end() && service->second->agency_code == backlog->agency_code) {
        backlog_reports.push_back(&c);
      }
    }
    if (backlog_reports.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "no report is filed under a service of the demo's backlog agency " +
                      backlog->agency_code);
    }
    for (int i = 0; i < backlog_cases; ++i) {
      const Candidate& c = *backlog_reports[static_cast<size_t>(i) % backlog_reports.size()];
      planned.push_back(plan(
          kBacklogKeys + static_cast<uint64_t>(i), c, c.match.service_code,
          [&] { return regions.Pick(c.mention, rng); },
          [&](std::mt19937_64& time_rng) { return times.SampleRecent(backlog->days, time_rng); }));
    }
  }
  std::stable_sort(planned.begin(), planned.end(), [](const PlannedCase& a, const PlannedCase& b) {
    return a.created_at < b.created_at;
  });
  return planned;
}

}  // namespace sigap::cli

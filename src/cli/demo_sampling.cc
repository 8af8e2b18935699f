#include "cli/demo_sampling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "domain/ascii.h"

namespace sigap::cli {
namespace {}  // namespace

// "tanjung mas" and "tanjungmas": citizens write names both ways.
std::vector<size_t> RegionPicker::NamePhrases(const std::string& name) {
  const std::string padded = NormalizeForMatching(name);
  const std::string spaced = padded.substr(1, padded.size() - 2);
  std::string joined;
  for (const char c : spaced) {
    if (c != ' ') joined.push_back(c);
  }
  if (joined == spaced) return {names_.Add(spaced)};
  return {names_.Add(spaced), names_.Add(joined)};
}

RegionPicker::RegionPicker(const DemoCatalogue& catalogue, std::mt19937_64& rng)
    : catalogue_(catalogue) {
  std::map<std::string, size_t> kecamatan_index;
  for (const auto& r : catalogue.regions) {
    if (r.level == 3) {
      kecamatan_index[r.code] = kecamatan_.size();
      kecamatan_names_.push_back({NamePhrases(r.name), kecamatan_.size()});
      kecamatan_.push_back(&r);
    } else if (r.code == catalogue.pemda.code) {
      // "Kota Semarang" -> "semarang": the last word of the Pemda's name.
      const std::string n = NormalizeForMatching(r.name);
      const size_t last = n.rfind(' ', n.size() - 2) + 1;
      pemda_phrase_ = names_.Add(n.substr(last, n.size() - 1 - last));
    }
  }
  // A log-normal spread (sigma 0.5) so that some kelurahan report more than
  // others, as in any real city.
  std::lognormal_distribution<double> spread(0.0, 0.5);
  for (const auto& r : catalogue.regions) {
    if (r.level != 4) continue;
    const auto k = kecamatan_index.find(r.parent_code);
    const auto w = catalogue.settings.kecamatan_weights.find(r.parent_code);
    kelurahan_names_.push_back({NamePhrases(r.name), kelurahan_.size()});
    kelurahan_.push_back(&r);
    kecamatan_of_.push_back(k == kecamatan_index.end() ? kNone : k->second);
    weight_.push_back((w == catalogue.settings.kecamatan_weights.end() ? 1.0 : w->second) *
                      spread(rng));
  }
}

size_t RegionPicker::WeightedKelurahan(const std::vector<size_t>& among,
                                       std::mt19937_64& rng) const {
  std::vector<double> weights;
  weights.reserve(among.size());
  for (const size_t i : among) weights.push_back(weight_[i]);
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  return among[pick(rng)];
}

std::optional<domain::GeoPoint> RegionPicker::PointInside(const domain::Region& r,
                                                          std::mt19937_64& rng) const {
  const auto shape = catalogue_.shapes.find(r.code);
  if (shape == catalogue_.shapes.end()) return std::nullopt;
  const GeoShape& g = shape->second;
  std::uniform_real_distribution<double> lat(g.min_lat(), g.max_lat());
  std::uniform_real_distribution<double> lng(g.min_lng(), g.max_lng());
  for (int attempt = 0; attempt < 10000; ++attempt) {
    // Round to 6 decimals (about 10 cm), as a phone's GPS would report, and
    // test the rounded point so what is stored is what was tested.
    const domain::GeoPoint p{std::round(lat(rng) * 1e6) / 1e6, std::round(lng(rng) * 1e6) / 1e6};
    if (g.Contains(p)) return p;
  }
  return std::nullopt;
}

size_t RegionPicker::FirstNamed(const std::vector<Named>& names, const std::vector<size_t>& found) {
  size_t best_at = PhraseSet::npos, best = kNone;
  for (const auto& named : names) {
    for (const size_t phrase : named.phrases) {
      if (found[phrase] < best_at) {
        best_at = found[phrase];
        best = named.index;
      }
    }
  }
  return best;
}

RegionPicker::Mention RegionPicker::FindMention(std::string_view agency, std::string_view subject,
                                                std::string_view text) const {
  Mention mention;
  if (pemda_phrase_ == PhraseSet::npos) return mention;
  const std::vector<size_t> parts[] = {names_.Scan(subject), names_.Scan(text),
                                       names_.Scan(agency)};
  const bool about_pemda = std::any_of(std::begin(parts), std::end(parts), [&](const auto& found) {
    return found[pemda_phrase_] != PhraseSet::npos;
  });
  if (!about_pemda) return mention;
  mention.about_pemda = true;
  for (const auto& found : parts) {
    if (mention.kelurahan == kNone) mention.kelurahan = FirstNamed(kelurahan_names_, found);
    if (mention.kecamatan == kNone) mention.kecamatan = FirstNamed(kecamatan_names_, found);
  }
  return mention;
}

RegionPicker::Place RegionPicker::Pick(const Mention& mention, std::mt19937_64& rng) const {
  std::vector<size_t> among;
  if (mention.kelurahan != kNone) {
    among.push_back(mention.kelurahan);
  } else if (mention.kecamatan != kNone) {
    for (size_t i = 0; i < kelurahan_.size(); ++i) {
      if (kecamatan_of_[i] == mention.kecamatan) among.push_back(i);
    }
  }
  if (among.empty()) {
    among.resize(kelurahan_.size());
    for (size_t i = 0; i < among.size(); ++i) among[i] = i;
  }
  const size_t i = among.size() == 1 ? among[0] : WeightedKelurahan(among, rng);
  Place place;
  place.kelurahan = kelurahan_[i];
  place.kecamatan = kecamatan_of_[i] == kNone ? nullptr : kecamatan_[kecamatan_of_[i]];
  place.point = PointInside(*place.kelurahan, rng);
  return place;
}

RegionPicker::Mention RegionPicker::MentionOf(std::string_view kelurahan_code) const {
  Mention mention;
  for (size_t i = 0; i < kelurahan_.size(); ++i) {
    if (kelurahan_[i]->code == kelurahan_code) mention.kelurahan = i;
  }
  return mention;
}

std::string RegionPicker::MentionedCode(const Mention& mention) const {
  if (mention.kelurahan != kNone) return kelurahan_[mention.kelurahan]->code;
  if (mention.kecamatan != kNone) return kecamatan_[mention.kecamatan]->code;
  return "";
}

std::string RegionPicker::Address(const Place& place, std::mt19937_64& rng) const {
  std::string address;
  if (std::bernoulli_distribution(0.5)(rng)) {
    char rt_rw[32];
    std::snprintf(rt_rw, sizeof rt_rw, "RT %02d/RW %02d, ",
                  std::uniform_int_distribution<int>(1, 12)(rng),
                  std::uniform_int_distribution<int>(1, 9)(rng));
    address = rt_rw;
  }
  address += "Kelurahan " + place.kelurahan->name;
  if (place.kecamatan != nullptr) address += ", Kecamatan " + place.kecamatan->name;
  return address;
}

std::mt19937_64 CaseGenerator(uint64_t seed, uint64_t key) {
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                    static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32)};
  return std::mt19937_64(seq);
}

TimeSampler::TimeSampler(const DemoSettings& settings, Timestamp start, Timestamp end,
                         Timestamp now, int utc_offset_minutes)
    : settings_(settings),
      start_(start),
      end_(end),
      now_(now),
      offset_(utc_offset_minutes),
      hour_(settings.hour_weights.begin(), settings.hour_weights.end()) {
  max_weekday_weight_ =
      *std::max_element(settings.weekday_weights.begin(), settings.weekday_weights.end());
}

Timestamp TimeSampler::AtAnHourOf(std::chrono::sys_days local_day, std::mt19937_64& rng) {
  const auto within_hour = std::chrono::microseconds(
      std::uniform_int_distribution<int64_t>(0, int64_t{3'600'000'000} - 1)(rng));
  return Timestamp(local_day) + std::chrono::hours(hour_(rng)) + within_hour - offset_;
}

Timestamp TimeSampler::Sample(const std::string& service_code, std::mt19937_64& rng) {
  using std::chrono::microseconds;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const SeasonalRule* season = nullptr;
  for (const auto& rule : settings_.seasonal) {
    if (std::find(rule.services.begin(), rule.services.end(), service_code) !=
        rule.services.end()) {
      season = &rule;
    }
  }
  const double span = static_cast<double>((end_ - start_).count());
  const double g = settings_.growth;
  const Timestamp latest = now_ - std::chrono::minutes(1);
  for (int attempt = 0; attempt < 100000; ++attempt) {
    // Density 1 + g·x over x in [0, 1]: invert its CDF (x + g·x²/2) / (1 + g/2).
    const double u = unit(rng);
    const double x = g > 0 ? (std::sqrt(1 + 2 * g * u * (1 + g / 2)) - 1) / g : u;
    const Timestamp t = start_ + microseconds(static_cast<int64_t>(x * span));
    const auto local_day = std::chrono::floor<std::chrono::days>(t + offset_);
    const std::chrono::weekday weekday{local_day};
    if (unit(rng) * max_weekday_weight_ > settings_.weekday_weights[weekday.iso_encoding() - 1]) {
      continue;
    }
    if (season != nullptr) {
      const unsigned month = static_cast<unsigned>(std::chrono::year_month_day{local_day}.month());
      const bool in_season = std::find(season->months.begin(), season->months.end(),
                                       static_cast<int>(month)) != season->months.end();
      if (!in_season && unit(rng) * season->factor > 1) continue;
    }
    const Timestamp result = AtAnHourOf(local_day, rng);
    if (result < start_ || result >= latest) continue;
    return result;
  }
  return start_ + microseconds(static_cast<int64_t>(span / 2));
}

Timestamp TimeSampler::SampleRecent(int days, std::mt19937_64& rng) {
  const auto today = std::chrono::floor<std::chrono::days>(now_ + offset_);
  const Timestamp latest = now_ - std::chrono::minutes(1);
  std::uniform_int_distribution<int> day(0, days - 1);
  for (int attempt = 0; attempt < 100000; ++attempt) {
    const Timestamp result = AtAnHourOf(today - std::chrono::days(day(rng)), rng);
    if (result >= start_ && result < latest) return result;
  }
  return std::max(start_, latest - std::chrono::minutes(1));
}

domain::ReporterContact ReporterMaker::Make(domain::Channel channel, bool anonymous,
                                            std::mt19937_64& rng) const {
  const bool sms = channel == domain::Channel::kSms;
  const bool email = channel == domain::Channel::kEmail;
  const bool leaves_contact = std::bernoulli_distribution(settings_.contact_share)(rng);
  domain::ReporterContact c;
  if (!anonymous && !leaves_contact && !sms && !email) return c;

  const auto& given = settings_.given_names;
  const auto& family = settings_.family_names;
  const std::string first = given[std::uniform_int_distribution<size_t>(0, given.size() - 1)(rng)];
  const std::string last = family[std::uniform_int_distribution<size_t>(0, family.size() - 1)(rng)];
  if (!anonymous) {
    c.name = std::bernoulli_distribution(0.2)(rng) ? first : first + " " + last;
  }
  const bool wants_phone = !anonymous && leaves_contact && std::bernoulli_distribution(0.7)(rng);
  const bool wants_email = !anonymous && leaves_contact && std::bernoulli_distribution(0.4)(rng);
  if (sms || wants_phone) {
    // Real operator prefixes with a 0000 block: obviously made up.
    static constexpr const char* kPrefixes[] = {"0812", "0813", "0821", "0852", "0856",
                                                "0857", "0877", "0878", "0895", "0896"};
    char phone[24];
    std::snprintf(phone, sizeof phone, "%s-0000-%04d",
                  kPrefixes[std::uniform_int_distribution<int>(0, 9)(rng)],
                  std::uniform_int_distribution<int>(0, 9999)(rng));
    c.phone = phone;
  }
  if (email || wants_email) {
    c.email = domain::AsciiLower(first) + "." + domain::AsciiLower(last) +
              std::to_string(std::uniform_int_distribution<int>(10, 99)(rng)) + "@example.id";
  }
  return c;
}

}  // namespace sigap::cli

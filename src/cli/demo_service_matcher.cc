#include "cli/demo_service_matcher.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "app/data_file.h"
#include "cli/demo_catalogue.h"

namespace sigap::cli {
namespace {

using nlohmann::json;

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

std::string NormalizeForMatching(std::string_view text) {
  std::string out = " ";
  out.reserve(text.size() + 2);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsWordByte(c)) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch);
    } else if (out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (out.back() != ' ') out.push_back(' ');
  return out;
}

namespace {

// The words of a normalised text, as views into it.
std::vector<std::string_view> Words(std::string_view normalized) {
  std::vector<std::string_view> words;
  for (size_t start = 1; start < normalized.size();) {
    const size_t end = normalized.find(' ', start);
    words.push_back(normalized.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace

size_t PhraseSet::Add(std::string_view phrase) {
  const size_t id = phrases_.size();
  const bool prefix = !phrase.empty() && phrase.back() == '*';
  if (prefix) phrase.remove_suffix(1);
  const std::string padded = NormalizeForMatching(phrase);
  phrases_.push_back(padded.size() > 2 ? padded.substr(1, padded.size() - 2) : std::string());
  const std::string& normalized = phrases_.back();
  if (normalized.empty()) return id;  // matches nothing
  const auto words = static_cast<size_t>(std::count(normalized.begin(), normalized.end(), ' ')) + 1;
  max_words_ = std::max(max_words_, words);
  if (prefix) {
    prefixes_.push_back({normalized, words, id});
  } else {
    ids_[normalized].push_back(id);
  }
  return id;
}

std::vector<size_t> PhraseSet::Scan(std::string_view text) const {
  std::vector<size_t> first(phrases_.size(), npos);
  const std::string normalized = NormalizeForMatching(text);
  const std::string_view all = normalized;
  const std::vector<std::string_view> words = Words(all);
  for (size_t i = 0; i < words.size(); ++i) {
    const auto begin = static_cast<size_t>(words[i].data() - all.data());
    // Runs of 1..max_words_ words starting at word i are substrings of the
    // normalised text, since its words are separated by single spaces.
    for (size_t n = 1; n <= max_words_ && i + n <= words.size(); ++n) {
      const std::string_view last = words[i + n - 1];
      const std::string_view run =
          all.substr(begin, static_cast<size_t>(last.data() - all.data()) + last.size() - begin);
      if (const auto it = ids_.find(run); it != ids_.end()) {
        for (const size_t id : it->second) first[id] = std::min(first[id], i);
      }
      for (const auto& p : prefixes_) {
        if (p.words == n && first[p.id] == npos && run.substr(0, p.text.size()) == p.text) {
          first[p.id] = i;
        }
      }
    }
  }
  return first;
}

Result<ServiceMatcher> ServiceMatcher::Load(const std::filesystem::path& file,
                                            const std::vector<domain::Service>& services) {
  auto text = app::ReadTextFile(file);
  if (!text) return Fail(text.error());
  const json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  auto invalid = [&](const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument, file.string() + ": " + what);
  };
  if (doc.is_discarded()) return invalid("not valid JSON");

  std::map<std::string, std::string> agency_of;
  for (const auto& s : services) agency_of[s.code] = s.agency_code;
  ServiceMatcher m;
  try {
    m.subject_weight_ = doc.value("subject_weight", 2);
    m.text_weight_ = doc.value("text_weight", 1);
    m.agency_bonus_ = doc.value("agency_bonus", 2);
    m.min_score_ = doc.value("min_score", 2);
    m.kind_cue_probability_ = doc.value("kind_cue_probability", 0.7);
    for (const json& item : doc.at("services")) {
      ServiceKeywords entry;
      entry.service_code = item.at("service").get<std::string>();
      const auto agency = agency_of.find(entry.service_code);
      if (agency == agency_of.end()) return invalid("unknown service " + entry.service_code);
      entry.agency_code = agency->second;
      for (const json& k : item.at("keywords")) {
        entry.keywords.push_back(m.phrases_.Add(k.get<std::string>()));
      }
      m.services_.push_back(std::move(entry));
    }
    for (const json& item : doc.value("agency_hints", json::array())) {
      AgencyHint hint;
      hint.phrase = m.phrases_.Add(item.at("contains").get<std::string>());
      hint.agency_code = item.at("agency_code").get<std::string>();
      hint.default_service = item.value("default_service", "");
      if (!hint.default_service.empty() && !agency_of.count(hint.default_service)) {
        return invalid("unknown default_service " + hint.default_service);
      }
      m.hints_.push_back(std::move(hint));
    }
    static constexpr std::pair<const char*, domain::CaseKind> kKinds[] = {
        {"information", domain::CaseKind::kInformation},
        {"request", domain::CaseKind::kRequest},
        {"aspiration", domain::CaseKind::kAspiration},
    };
    const json cues = doc.value("kind_cues", json::object());
    for (const auto& [name, kind] : kKinds) {
      KindCue cue{kind, {}};
      for (const json& k : cues.value(name, json::array())) {
        cue.cues.push_back(m.phrases_.Add(k.get<std::string>()));
      }
      m.kind_cues_.push_back(std::move(cue));
    }
  } catch (const json::exception& e) {
    return invalid(e.what());
  }
  return m;
}

ServiceMatcher::Reading ServiceMatcher::Read(std::string_view agency, std::string_view subject,
                                             std::string_view text) const {
  const std::vector<size_t> in_agency = phrases_.Scan(agency);
  const std::vector<size_t> in_subject = phrases_.Scan(subject);
  const std::vector<size_t> in_text = phrases_.Scan(text);
  const AgencyHint* hint = nullptr;
  for (const auto& h : hints_) {
    if (in_agency[h.phrase] != PhraseSet::npos) {
      hint = &h;
      break;
    }
  }

  Reading reading;
  Match& best = reading.match;
  for (const auto& service : services_) {
    int score = 0;
    for (const size_t k : service.keywords) {
      if (in_subject[k] != PhraseSet::npos) {
        score += subject_weight_;
      } else if (in_text[k] != PhraseSet::npos) {
        score += text_weight_;
      }
    }
    // The agency a citizen chose is good evidence, but only among services
    // the text already points at.
    if (score > 0 && hint != nullptr && hint->agency_code == service.agency_code) {
      score += agency_bonus_;
    }
    if (score > best.score) best = {service.service_code, score};
  }
  if (best.score < min_score_) {
    best = {};
    if (hint != nullptr && !hint->default_service.empty())
      best.service_code = hint->default_service;
  }

  for (const auto& cue : kind_cues_) {
    const bool found = std::any_of(cue.cues.begin(), cue.cues.end(), [&](size_t k) {
      return in_subject[k] != PhraseSet::npos || in_text[k] != PhraseSet::npos;
    });
    if (found) reading.cues.push_back(cue.kind);
  }
  return reading;
}

}  // namespace sigap::cli

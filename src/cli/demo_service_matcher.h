#pragma once

#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/result.h"

namespace sigap::cli {

// Lower-cases ASCII letters and turns every run of other ASCII characters
// (punctuation, spaces, line breaks) into one space, with one space at each
// end, so " jalan rusak " can be found as whole words. Bytes of multi-byte
// UTF-8 characters are kept.
std::string NormalizeForMatching(std::string_view text);

// A fixed set of phrases to look for, as whole words, in many texts. One
// pass over a text's runs of words with a hash probe each, whatever the
// number of phrases.
//
// Add() then Scan(); Scan() is const and safe to call from several threads.
class PhraseSet {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  // Adds a phrase, normalised like NormalizeForMatching; a trailing '*'
  // makes its last word a prefix ("aspal*" finds "aspalnya"). Returns its
  // id (0, 1, 2, ...; a repeated phrase gets a new id too).
  size_t Add(std::string_view phrase);

  size_t size() const { return phrases_.size(); }

  // For each phrase id, the word position of its first occurrence in
  // `text`, or npos.
  std::vector<size_t> Scan(std::string_view text) const;

 private:
  struct Prefix {
    std::string text;  // normalised, without the '*'
    size_t words = 0;
    size_t id = 0;
  };

  std::deque<std::string> phrases_;  // stable storage for the map's keys
  std::unordered_map<std::string_view, std::vector<size_t>> ids_;
  std::vector<Prefix> prefixes_;
  size_t max_words_ = 1;
};

// Files a real report under a demo service, by the keywords of
// demo/service_keywords.json and by the agency the report was addressed to.
// A deliberately simple scorer for demo data, not the routing classifier.
//
// Immutable after Load(); safe to share between threads.
class ServiceMatcher {
 public:
  struct Match {
    std::string service_code;  // "" when nothing fits
    int score = 0;
  };
  struct Reading {
    Match match;
    // The kinds (information, request, aspiration) whose cue words occur
    // in the subject or text, in that order.
    std::vector<domain::CaseKind> cues;
  };

  // Reads the keyword file. kInvalidArgument (naming the file) when it is
  // malformed or names a service that is not in `services`.
  [[nodiscard]] static Result<ServiceMatcher> Load(const std::filesystem::path& file,
                                                   const std::vector<domain::Service>& services);

  // The best service for a report (an empty code when no service scores
  // min_score and no agency hint names a default) and its kind cues.
  Reading Read(std::string_view agency, std::string_view subject, std::string_view text) const;

  Match Classify(std::string_view agency, std::string_view subject, std::string_view text) const {
    return Read(agency, subject, text).match;
  }

  // How likely a cue turns a report into that kind (when the service takes it).
  double kind_cue_probability() const { return kind_cue_probability_; }

 private:
  struct ServiceKeywords {
    std::string service_code;
    std::string agency_code;
    std::vector<size_t> keywords;  // phrase ids
  };
  struct AgencyHint {
    size_t phrase = 0;
    std::string agency_code;
    std::string default_service;
  };
  struct KindCue {
    domain::CaseKind kind;
    std::vector<size_t> cues;  // phrase ids
  };

  int subject_weight_ = 2;
  int text_weight_ = 1;
  int agency_bonus_ = 2;
  int min_score_ = 2;
  double kind_cue_probability_ = 0.7;
  PhraseSet phrases_;
  std::vector<ServiceKeywords> services_;
  std::vector<AgencyHint> hints_;
  std::vector<KindCue> kind_cues_;
};

}  // namespace sigap::cli

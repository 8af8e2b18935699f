#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/result.h"

namespace sigap::routing::text {

// Which steps the Normalizer runs. Case folding and splitting into words
// always run; each other step can be switched off so that evaluation can
// measure what it is worth (bench/RESULTS.md says which steps help).
//
// The defaults are what cross-validation on the protocol kept
// (bench/RESULTS.md): stemming (+1.2 points of top-1) and abbreviations
// (+1.0) help; HTML stripping and squeezing repeated letters changed nothing
// on that data and are off; masking costs 0.2 points but stays on, so that
// no phone number or e-mail address ever becomes a feature or a "top word".
// The subject's marked copy is on since the sixth accuracy pass (with
// balanced classes: +1.0 point of top-1 on average over five seeds).
struct NormalizerSteps {
  bool strip_html = false;    // "<br>", "&amp;" and other HTML remnants
  bool mask = true;           // URLs, e-mails, phones, masked runs, numbers -> "_url_" ...
  bool squeeze = false;       // three or more repeated letters -> one ("tolooong")
  bool abbreviations = true;  // "yg" -> "yang", "jl" -> "jalan" (the dictionary)
  bool stem = true;           // Snowball Indonesian stemmer ("pelayanan" -> "layan")
  // The subject of a report (ComposedSubject) once more after the text, "^"
  // before each of its words: the linear model reads "^jalan" as the
  // character n-grams of its start alone ("^j" ... "^jala"), features apart
  // from those of "jalan". Off when parsed from a list without it (a model
  // file of before the step).
  bool subject = true;

  // "html,mask,squeeze,abbrev,stem,subject" (any subset, "" or "none" for none).
  // Fails with kInvalidArgument naming an unknown step.
  [[nodiscard]] static Result<NormalizerSteps> Parse(std::string_view list);
  std::string ToString() const;
};

// Maps informal Indonesian abbreviations to their standard words.
using AbbreviationMap = std::unordered_map<std::string, std::string>;

// The subject of a report as ComposeReport (classifier.h) writes it, its
// subject twice before the body ("S. S. body"): S, or "" when `text` does
// not start with a sentence repeated so.
std::string_view ComposedSubject(std::string_view text);

// Marks a word of the subject step's copy of the subject.
inline constexpr char kSubjectMark = '^';

// Reads an abbreviation dictionary: "form<TAB>expansion" lines, '#' comments.
// Fails with kNotFound when the file cannot be read, kInvalidArgument
// ("<file>:<line>: ...") for a malformed or repeated entry.
[[nodiscard]] Result<AbbreviationMap> LoadAbbreviations(const std::filesystem::path& file);
[[nodiscard]] Result<AbbreviationMap> ParseAbbreviations(std::string_view text,
                                                         const std::string& source);

// Turns a citizen's free text into lower-case words separated by single
// spaces, the input of the classifiers (here with every step but stemming):
//   "Jl. Merdeka RUSAAAK, tlp 0812-3456-7890 <br> lihat https://x.id"
//   -> "jalan merdeka rusak _tel_ lihat _url_"
// Unicode: UTF-8 is decoded; Latin letters with diacritics lose them, and
// other scripts' letters are kept; punctuation, symbols and invalid bytes
// separate words.
//
// Immutable after construction; Normalize may be called from several
// threads at once (the stemmer is per thread). What a token (a run between
// white space) becomes depends on the token alone, so each thread remembers
// what it made of up to `cache_tokens` recent tokens (0: none): words
// repeat, and decoding, masking and stemming each again is wasted work.
class Normalizer {
 public:
  static constexpr size_t kDefaultCacheTokens = 1 << 15;

  Normalizer(NormalizerSteps steps, AbbreviationMap abbreviations,
             size_t cache_tokens = kDefaultCacheTokens);
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // The normalised text; "" when the text has no word at all.
  std::string Normalize(std::string_view text) const;

  const NormalizerSteps& steps() const { return steps_; }
  const AbbreviationMap& abbreviations() const { return abbreviations_; }

 private:
  // Appends what `token` becomes ("" for punctuation), its words separated
  // by spaces, to `out`.
  void NormalizeToken(std::string_view token, std::string& out) const;
  void AppendWord(std::string_view word, std::string& out) const;
  // Appends the words of `input` to `out`, separated by spaces, each after
  // `mark` when it is not '\0'.
  void NormalizeInto(std::string_view input, char mark, std::string& out) const;

  NormalizerSteps steps_;
  AbbreviationMap abbreviations_;
  size_t cache_tokens_;
  uint64_t memo_owner_;  // names this normaliser's per-thread token cache
};

// The masks the normaliser writes in place of what it hides.
inline constexpr std::string_view kUrlMask = "_url_";
inline constexpr std::string_view kEmailMask = "_email_";
inline constexpr std::string_view kPhoneMask = "_tel_";
inline constexpr std::string_view kNumberMask = "_num_";

}  // namespace sigap::routing::text

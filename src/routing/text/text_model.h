#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace sigap::routing::text {

// One training example: a normalised text (Normalizer::Normalize) and the
// index of its label.
struct LabelledText {
  std::string text;
  int label = 0;
};

// A word of the text and how much it pushed the score of one label.
struct WordWeight {
  std::string word;
  double weight = 0;
};

// A TextModel scores normalised texts against a fixed set of labels; the
// scores are uncalibrated (a Classifier turns them into probabilities).
// Implementations: LinearTextModel (LIBLINEAR over word and character
// n-grams with TF-IDF) and FastTextModel (fastText supervised).
//
// A trained model is immutable: Scores and TopWords may be called from
// several threads at once.
class TextModel {
 public:
  virtual ~TextModel() = default;

  // "linear" or "fasttext": written into model files.
  virtual std::string Kind() const = 0;

  // Writes one score per label into `scores` (resized to the label count);
  // larger is likelier. Words never seen in training are ignored; a text
  // with no known word scores every label alike.
  virtual void Scores(std::string_view normalized, std::vector<float>& scores) const = 0;

  // Up to `n` words of `normalized` that raised the score of `label` most,
  // largest first; only words with a positive weight.
  virtual std::vector<WordWeight> TopWords(std::string_view normalized, int label, int n) const = 0;

  // Writes the model's parameters; LoadTextModel reads them back.
  [[nodiscard]] virtual Status Save(std::ostream& out) const = 0;
};

// Splits normalised text (words separated by single spaces) into words.
std::vector<std::string_view> SplitWords(std::string_view normalized);

// Little-endian binary helpers shared by the models' Save/Load.
void WriteU32(std::ostream& out, uint32_t v);
void WriteF32s(std::ostream& out, const std::vector<float>& v);
[[nodiscard]] bool ReadU32(std::istream& in, uint32_t& v);
[[nodiscard]] bool ReadF32s(std::istream& in, size_t n, std::vector<float>& v);

}  // namespace sigap::routing::text

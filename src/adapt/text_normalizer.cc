#include "adapt/text_normalizer.h"

#include <algorithm>
#include <array>

namespace sigap::adapt {
namespace {

// Sorted, for binary search. Function words and the politeness of
// complaints ("mohon", "tolong"), which say nothing about a topic.
constexpr std::array<std::string_view, 72> kStopWords = {
    "ada",    "adalah", "agar",   "akan",   "aku",    "anda",  "apa",      "atas",     "atau",
    "bagi",   "bahwa",  "banyak", "baru",   "belum",  "bapak", "beberapa", "bisa",     "bu",
    "buat",   "dalam",  "dan",    "dari",   "dengan", "di",    "dia",      "dong",     "hal",
    "hanya",  "harus",  "ibu",    "ini",    "itu",    "juga",  "kalau",    "kami",     "kamu",
    "karena", "ke",     "kita",   "lagi",   "lain",   "mau",   "masih",    "mereka",   "mohon",
    "nya",    "oleh",   "pada",   "pak",    "para",   "saat",  "saja",     "sampai",   "sangat",
    "saya",   "sejak",  "sudah",  "supaya", "tapi",   "telah", "terima",   "tersebut", "tidak",
    "tolong", "untuk",  "warga",  "ya",     "yang",   "yg",    "kasih",    "sekali",   "sekitar"};

}  // namespace

bool TextNormalizer::IsStopWord(std::string_view word) {
  static const std::vector<std::string_view> sorted = [] {
    std::vector<std::string_view> words(kStopWords.begin(), kStopWords.end());
    std::sort(words.begin(), words.end());
    return words;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

bool TextNormalizer::Keep(const std::string& word) {
  if (word.size() < 2) return false;
  if (std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return !IsStopWord(word);
}

std::vector<std::string>& TextNormalizer::Scratch() {
  thread_local std::vector<std::string> seen;
  return seen;
}

std::vector<std::string> TextNormalizer::Terms(std::string_view text) const {
  std::vector<std::string> terms;
  ForEachTerm(text, [&](std::string_view term) { terms.emplace_back(term); });
  return terms;
}

}  // namespace sigap::adapt

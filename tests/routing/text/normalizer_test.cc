#include "routing/text/normalizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace sigap::routing::text {
namespace {

const std::filesystem::path kSource = SIGAP_SOURCE_DIR;

struct Case {
  int line = 0;
  std::string steps;
  std::string input;
  std::string expected;
};

// "\xHH" in a case's input stands for a raw byte (invalid UTF-8 cannot be
// written into the data file otherwise).
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Trim(std::string s) {
  const size_t start = s.find_first_not_of(' ');
  return start == std::string::npos ? "" : s.substr(start);
}

std::vector<Case> ReadCases(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<Case> cases;
  std::string steps = "html,mask,squeeze,abbrev";
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.rfind("steps:", 0) == 0) {
      steps = Trim(line.substr(6));
    } else if (line.rfind("in:", 0) == 0) {
      cases.push_back({line_no, steps, Unescape(Trim(line.substr(3))), ""});
    } else if (line.rfind("out:", 0) == 0) {
      cases.back().expected = Trim(line.substr(4));
    }
  }
  return cases;
}

AbbreviationMap ShippedAbbreviations() {
  auto map = LoadAbbreviations(kSource / "data/routing/abbreviations.tsv");
  EXPECT_TRUE(map.has_value()) << map.error().message;
  return map.value_or(AbbreviationMap{});
}

TEST(Normalizer, MakesWhatEachDataFileCaseExpects) {
  const auto file = kSource / "tests/routing/text/normalizer_cases.txt";
  const auto cases = ReadCases(file);
  ASSERT_GE(cases.size(), 10U);
  const AbbreviationMap abbreviations = ShippedAbbreviations();

  for (const Case& c : cases) {
    auto steps = NormalizerSteps::Parse(c.steps == "none" ? "none" : c.steps);
    ASSERT_TRUE(steps.has_value()) << file << ":" << c.line;
    Normalizer normalizer(*steps, abbreviations);
    Normalizer uncached(*steps, abbreviations, 0);

    EXPECT_EQ(normalizer.Normalize(c.input), c.expected) << file.string() << ":" << c.line;
    EXPECT_EQ(uncached.Normalize(c.input), c.expected) << file.string() << ":" << c.line;
  }
}

// Lines of the demo reports (CSV syntax and all): real Indonesian text
// with its repeats, URLs, numbers and punctuation.
std::vector<std::string> DemoLines() {
  std::ifstream in(kSource / "data/demo/complaints.csv");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

TEST(Normalizer, TokenCacheNeverChangesTheOutput) {
  const auto lines = DemoLines();
  ASSERT_GT(lines.size(), 1000U);
  const AbbreviationMap abbreviations = ShippedAbbreviations();
  for (const char* steps : {"mask,abbrev,stem", "html,mask,squeeze,abbrev,stem", "none"}) {
    const Normalizer uncached(*NormalizerSteps::Parse(steps), abbreviations, 0);
    const Normalizer cached(*NormalizerSteps::Parse(steps), abbreviations);
    const Normalizer tiny(*NormalizerSteps::Parse(steps), abbreviations, 7);  // always evicting

    // Twice: the second pass reads from the filled caches.
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t i = 0; i < lines.size(); ++i) {
        const std::string expected = uncached.Normalize(lines[i]);
        ASSERT_EQ(cached.Normalize(lines[i]), expected) << steps << " line " << i + 1;
        ASSERT_EQ(tiny.Normalize(lines[i]), expected) << steps << " line " << i + 1;
      }
    }
  }
}

TEST(Normalizer, ThreadsSharingANormalizerGetTheSameOutput) {
  const auto lines = DemoLines();
  const Normalizer uncached(NormalizerSteps{}, ShippedAbbreviations(), 0);
  std::vector<std::string> expected;
  for (const auto& line : lines) expected.push_back(uncached.Normalize(line));
  const Normalizer shared(NormalizerSteps{}, ShippedAbbreviations(), 64);

  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      // Each thread starts elsewhere, so that the caches fill differently.
      for (size_t k = 0; k < lines.size(); ++k) {
        const size_t i = (k + t * lines.size() / 4) % lines.size();
        if (shared.Normalize(lines[i]) != expected[i]) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(Normalizer, ShippedDictionaryExpandsTheCommonAbbreviations) {
  const AbbreviationMap map = ShippedAbbreviations();

  EXPECT_EQ(map.at("yg"), "yang");
  EXPECT_EQ(map.at("tdk"), "tidak");
  EXPECT_EQ(map.at("kec"), "kecamatan");
}

TEST(Normalizer, DictionaryWithARepeatedFormNamesTheLine) {
  auto map = ParseAbbreviations("# c\nyg\tyang\nyg\tyang lain\n", "abbr.tsv");

  ASSERT_FALSE(map.has_value());
  EXPECT_EQ(map.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(map.error().message.find("abbr.tsv:3"), std::string::npos) << map.error().message;
}

TEST(Normalizer, DictionaryLineWithoutATabIsAnError) {
  auto map = ParseAbbreviations("yg yang\n", "abbr.tsv");

  ASSERT_FALSE(map.has_value());
  EXPECT_NE(map.error().message.find("abbr.tsv:1"), std::string::npos);
}

TEST(Normalizer, MissingDictionaryFileIsNotFound) {
  auto map = LoadAbbreviations("/nonexistent/abbreviations.tsv");

  ASSERT_FALSE(map.has_value());
  EXPECT_EQ(map.error().code, ErrorCode::kNotFound);
}

TEST(Normalizer, UnknownStepIsNamed) {
  auto steps = NormalizerSteps::Parse("html,lemmatize");

  ASSERT_FALSE(steps.has_value());
  EXPECT_NE(steps.error().message.find("lemmatize"), std::string::npos);
}

TEST(Normalizer, StepsRoundTripThroughTheirText) {
  auto steps = NormalizerSteps::Parse("mask,stem");

  ASSERT_TRUE(steps.has_value());
  EXPECT_EQ(steps->ToString(), "mask,stem");
  EXPECT_EQ(NormalizerSteps::Parse("none")->ToString(), "none");
}

TEST(Normalizer, SubjectStepIsOnByDefaultButOffInAListWithoutIt) {
  auto old_list = NormalizerSteps::Parse("mask,abbrev,stem");  // a model file of before the step

  ASSERT_TRUE(old_list.has_value());
  EXPECT_FALSE(old_list->subject);
  EXPECT_TRUE(NormalizerSteps{}.subject);
  EXPECT_EQ(NormalizerSteps{}.ToString(), "mask,abbrev,stem,subject");
  EXPECT_TRUE(NormalizerSteps::Parse("subject")->subject);
}

TEST(ComposedSubject, IsTheSentenceARepeatedOpeningHolds) {
  EXPECT_EQ(ComposedSubject("Jalan rusak. Jalan rusak. Mohon diperbaiki"), "Jalan rusak");
  EXPECT_EQ(ComposedSubject("Jl. Merdeka. Jl. Merdeka. banjir"), "Jl. Merdeka");
  EXPECT_EQ(ComposedSubject("Banjir. Banjir. "), "Banjir");
}

TEST(ComposedSubject, IsEmptyWithoutARepeatedOpening) {
  EXPECT_EQ(ComposedSubject("Jalan rusak. Mohon diperbaiki. Jalan rusak."), "");
  EXPECT_EQ(ComposedSubject("Jalan rusak. Jalan rusak"), "");  // the body, not the subject twice
  EXPECT_EQ(ComposedSubject(""), "");
  EXPECT_EQ(ComposedSubject(". . x"), "");
}

TEST(Normalizer, SubjectStepOfATextWithoutSubjectChangesNothing) {
  const Normalizer with(*NormalizerSteps::Parse("mask,abbrev,stem,subject"), {});
  const Normalizer without(*NormalizerSteps::Parse("mask,abbrev,stem"), {});

  const std::string text = "Lampu jalan mati sejak minggu lalu. Mohon diperbaiki.";

  EXPECT_EQ(with.Normalize(text), without.Normalize(text));
}

}  // namespace
}  // namespace sigap::routing::text

// Each IKM report writer on one small survey whose figures are known by
// hand: 4 respondents, U1..U9 answered 3, 3, 4, 2 except U3 (2, 2, 2, 2) and
// U9 left blank by the last one.
//   NRR U3 = 2; U9 = (3+3+4)/3 = 3.333…; others (3+3+4+2)/4 = 3;
//   IKM = 25/9 × (7·3 + 2 + 10/3) = 25/9 × 26.333… = 73.148… → 73.15, C.
#include "report/ikm_report.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace sigap::report {
namespace {

namespace fs = std::filesystem;

struct Survey {
  domain::SkmColumns answers{9};
  IkmReport report;
};

std::unique_ptr<Survey> MakeSurvey(Lang lang = Lang::kId) {
  auto survey = std::make_unique<Survey>();
  const std::array<uint8_t, 4> scores = {3, 3, 4, 2};
  domain::SkmTally tally(domain::SkmDefinition::Permenpan2017(), 2);
  for (uint32_t r = 0; r < 4; ++r) {
    std::vector<uint8_t> row(9, scores[r]);
    row[2] = 2;
    if (r == 3) row[8] = 0;
    survey->answers.Add(row, r % 2);
    tally.Add(row, r % 2);
  }
  IkmReport& report = survey->report;
  report.overall = tally.Total(100);
  report.groups = {{"Dinas <Kesehatan>", tally.Score(0)}, {"Kecamatan Candisari", tally.Score(1)}};
  report.group_by = "unit";
  report.sample = IkmSample{100, 80, 4, false};
  report.unit_name = "Dinas Kependudukan & Pencatatan Sipil";
  report.period = "Triwulan I 2026";
  report.lang = lang;
  report.demographics = {{"jenis_kelamin", {{"Perempuan", 3}, {"Laki-laki", 1}}}};
  report.answers = &survey->answers;
  report.info_names = {"jenis_kelamin"};
  report.info_values = {{"Perempuan", "Laki-laki", "Perempuan", "Perempuan"}};
  return survey;
}

std::string Text(const IkmReport& report) {
  std::ostringstream out;
  WriteIkmText(report, out);
  return out.str();
}

fs::path TempDir() {
  std::string pattern = (fs::temp_directory_path() / "sigap-report-XXXXXX").string();
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  return pattern;
}

// Runs a shell command and returns its standard output.
std::string Capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  pclose(pipe);
  return out;
}

TEST(IkmText, ShowsTheIkmGradeIntervalAndPrioritiesInIndonesian) {
  const auto survey = MakeSurvey();

  const std::string text = Text(survey->report);

  EXPECT_NE(text.find("IKM: 73,15"), std::string::npos) << text;
  EXPECT_NE(text.find("Mutu pelayanan: C (Kurang Baik)"), std::string::npos) << text;
  EXPECT_NE(text.find("Selang kepercayaan 95%: "), std::string::npos) << text;
  EXPECT_NE(text.find("U3   Waktu Penyelesaian"), std::string::npos) << text;
  EXPECT_NE(text.find("3,333"), std::string::npos) << text;  // NRR U9
  // U3 (NRR 2) is the first improvement priority.
  EXPECT_NE(text.find("1. U3 Waktu Penyelesaian — NRR 2,000"), std::string::npos) << text;
  EXPECT_NE(text.find("populasi 100, minimal 80, terkumpul 4 — belum memadai"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Kecamatan Candisari"), std::string::npos) << text;
}

TEST(IkmText, SpeaksEnglishWithLangEn) {
  const auto survey = MakeSurvey(Lang::kEn);

  const std::string text = Text(survey->report);

  EXPECT_NE(text.find("IKM: 73.15"), std::string::npos) << text;
  EXPECT_NE(text.find("Service quality: C (Fair)"), std::string::npos) << text;
  EXPECT_NE(text.find("Completion time"), std::string::npos) << text;
  EXPECT_EQ(text.find("Mutu pelayanan"), std::string::npos) << text;
}

TEST(IkmText, SaysWhenTheIkmCannotBeComputed) {
  auto survey = MakeSurvey();
  survey->report.overall.ikm.reset();
  survey->report.overall.ikm_rounded.reset();
  survey->report.overall.grade.reset();

  const std::string text = Text(survey->report);

  EXPECT_NE(text.find("IKM tidak dapat dihitung"), std::string::npos) << text;
}

TEST(IkmJson, HasTheDocumentedStructure) {
  const auto survey = MakeSurvey();
  std::ostringstream out;

  WriteIkmJson(survey->report, out);

  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc.at("respondents"), 4);
  ASSERT_EQ(doc.at("elements").size(), 9u);
  const auto& u9 = doc.at("elements").at(8);
  EXPECT_EQ(u9.at("code"), "U9");
  EXPECT_EQ(u9.at("name"), "Penanganan Pengaduan, Saran dan Masukan");
  EXPECT_EQ(u9.at("answered"), 3);
  EXPECT_EQ(u9.at("total"), 10);
  EXPECT_NEAR(u9.at("nrr").get<double>(), 10.0 / 3, 1e-12);
  EXPECT_NEAR(u9.at("weighted").get<double>(), 10.0 / 27, 1e-12);
  EXPECT_DOUBLE_EQ(doc.at("ikm").get<double>(), 73.15);
  EXPECT_EQ(doc.at("mutu"), "C");
  EXPECT_EQ(doc.at("kinerja"), "Kurang Baik");
  EXPECT_EQ(
      doc.at("sample"),
      nlohmann::json::parse(R"({"population":100,"required":80,"actual":4,"adequate":false})"));
  EXPECT_LT(doc.at("ci").at("lower").get<double>(), 73.15);
  EXPECT_GT(doc.at("ci").at("upper").get<double>(), 73.15);
  ASSERT_EQ(doc.at("groups").size(), 2u);
  EXPECT_EQ(doc.at("groups").at(0).at("key"), "Dinas <Kesehatan>");
  EXPECT_EQ(doc.at("groups").at(0).at("respondents"), 2);
  EXPECT_EQ(doc.at("groups").at(0).at("elements").size(), 9u);
}

TEST(IkmCsv, WritesOneRowPerGroupAndElement) {
  const auto survey = MakeSurvey();
  std::ostringstream out;

  WriteIkmCsv(survey->report, out);

  std::istringstream in(out.str());
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 1u + 9 * 3);
  EXPECT_EQ(lines[0],
            "group,respondents,code,name,answered,total,nrr,weighted,ikm,mutu,kinerja,ci_lower,"
            "ci_upper\r");
  EXPECT_EQ(lines[3].rfind(",4,U3,Waktu Penyelesaian,4,8,2.0000,0.2222,73.15,C,Kurang Baik,", 0),
            0u)
      << lines[3];
  EXPECT_EQ(lines[2].rfind(",4,U2,\"Sistem, Mekanisme, dan Prosedur\",4,12,3.0000,", 0), 0u)
      << lines[2];
  EXPECT_EQ(lines[10].rfind("Dinas <Kesehatan>,2,U1,", 0), 0u) << lines[10];
}

TEST(IkmHtml, IsOneEscapedPrintablePage) {
  const auto survey = MakeSurvey();
  std::ostringstream out;

  WriteIkmHtml(survey->report, out);

  const std::string html = out.str();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("IKM: 73,15"), std::string::npos);
  EXPECT_NE(html.find("<b>C</b> (Kurang Baik)"), std::string::npos);
  EXPECT_NE(html.find("Dinas Kependudukan &amp; Pencatatan Sipil"), std::string::npos);
  EXPECT_NE(html.find("Dinas &lt;Kesehatan&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<Kesehatan>"), std::string::npos);
  EXPECT_NE(html.find("@page{size:A4"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);  // self-contained
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(IkmXlsx, WritesAWorkbookWhoseCellsHoldTheNumbers) {
  const auto survey = MakeSurvey();
  const fs::path dir = TempDir();
  const fs::path file = dir / "rekap.xlsx";

  const Status written = WriteIkmXlsx(survey->report, file);

  ASSERT_TRUE(written.has_value()) << written.error().message;
  const std::string listing = Capture("unzip -l '" + file.string() + "'");
  EXPECT_NE(listing.find("xl/worksheets/sheet4.xml"), std::string::npos) << listing;
  EXPECT_NE(listing.find("xl/charts/chart1.xml"), std::string::npos) << listing;
  const std::string recap = Capture("unzip -p '" + file.string() + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(recap.find("<v>73.15"), std::string::npos) << recap;    // the IKM
  EXPECT_NE(recap.find("<v>3.33333333333333"), std::string::npos);  // NRR U9
  const std::string data = Capture("unzip -p '" + file.string() + "' xl/worksheets/sheet2.xml");
  EXPECT_NE(data.find("<v>10</v>"), std::string::npos);  // total of U9
  fs::remove_all(dir);
}

// A survey is anonymous: what a respondent wrote into a suggestion to be
// called back on does not go into a workbook that is handed around, from
// `sigap ikm` as from the API.
TEST(IkmXlsx, ASuggestionsContactDetailsAreMasked) {
  auto survey = MakeSurvey();
  survey->report.info_names.push_back("saran");
  survey->report.info_values.push_back({"Pelayanan lambat, hubungi 081299998888",
                                        "rina.marlina@contoh.id", "NIK 3374015708920004", ""});
  const fs::path dir = TempDir();
  const fs::path file = dir / "saran.xlsx";

  ASSERT_TRUE(WriteIkmXlsx(survey->report, file).has_value());

  const std::string strings = Capture("unzip -p '" + file.string() + "' xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Pelayanan lambat, hubungi [disamarkan]"), std::string::npos) << strings;
  for (const char* personal : {"081299998888", "rina.marlina", "3374015708920004"}) {
    EXPECT_EQ(strings.find(personal), std::string::npos) << personal;
  }
  EXPECT_NE(strings.find("Perempuan"), std::string::npos);  // other columns as they were
  fs::remove_all(dir);
}

// Respondents who left a question of the demography blank are a row of
// their own, so the rows add up to every respondent; a report without
// dates says it covers them all.
TEST(IkmReport, DemographicsCountTheBlanksAndAPeriodlessReportSaysAllDates) {
  IkmReport report;
  report.lang = Lang::kId;
  IkmDemographic gender{"jenis_kelamin", {{"L", 3}, {"P", 2}}};
  EXPECT_EQ(CountsWithBlanks(gender, 8),
            (std::vector<std::pair<std::string, uint64_t>>{{"L", 3}, {"P", 2}, {"", 3}}));
  EXPECT_EQ(CountsWithBlanks(gender, 5), gender.counts);
  EXPECT_EQ(PeriodText(report), "semua tanggal");
  report.lang = Lang::kEn;
  EXPECT_EQ(PeriodText(report), "all dates");
  report.period = "2026-01-01 – 2026-06-30";
  EXPECT_EQ(PeriodText(report), "2026-01-01 – 2026-06-30");
}

TEST(IkmXlsx, FailsWhenTheFileCannotBeWritten) {
  const auto survey = MakeSurvey();

  const Status written = WriteIkmXlsx(survey->report, "/nonexistent/dir/rekap.xlsx");

  EXPECT_FALSE(written.has_value());
}

TEST(IkmPdf, WritesAnA4PdfWhoseTextHoldsTheIkmAndGrade) {
  const auto survey = MakeSurvey();
  const fs::path dir = TempDir();
  const fs::path file = dir / "ikm.pdf";

  const Status written = WriteIkmPdf(survey->report, file);

  ASSERT_TRUE(written.has_value()) << written.error().message;
  std::ifstream in(file, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  const std::string info = Capture("pdfinfo '" + file.string() + "'");
  EXPECT_NE(info.find("595.28 x 841.89 pts (A4)"), std::string::npos) << info;
  const std::string text = Capture("pdftotext -layout '" + file.string() + "' -");
  EXPECT_NE(text.find("IKM: 73,15"), std::string::npos) << text;
  EXPECT_NE(text.find("C (Kurang Baik)"), std::string::npos) << text;
  EXPECT_NE(text.find("Dinas Kependudukan & Pencatatan Sipil"), std::string::npos) << text;
  EXPECT_NE(text.find("Triwulan I 2026"), std::string::npos) << text;
  fs::remove_all(dir);
}

TEST(IkmPdf, FailsWhenTheFileCannotBeWritten) {
  const auto survey = MakeSurvey();

  const Status written = WriteIkmPdf(survey->report, "/nonexistent/dir/ikm.pdf");

  EXPECT_FALSE(written.has_value());
}

TEST(FormatNumber, UsesADecimalCommaInIndonesian) {
  EXPECT_EQ(FormatNumber(88.31, 2, Lang::kEn), "88.31");
  EXPECT_EQ(FormatNumber(76.6, 2, Lang::kId), "76,60");
  EXPECT_EQ(FormatNumber(-0.001, 2, Lang::kId), "0,00");
}

}  // namespace
}  // namespace sigap::report

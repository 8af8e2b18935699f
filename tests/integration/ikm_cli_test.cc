// `sigap ikm` through the real executable, in every format, on survey CSVs
// written here. The figures are computed by hand from PermenPAN-RB 14/2017:
//
//   respondent  unit         tanggal     U1..U9 (U3)      U9
//   r1          Dinas A      2026-01-15  3 (U3 = 2)       3
//   r2          Kecamatan B  2026-02-03  3 (U3 = 2)       3
//   r3          Dinas A      2026-04-20  4 (U3 = 2)       4
//   r4          Kecamatan B  2026-04-21  2 (U3 = 2)       blank
//
//   all:          NRR U3 = 2, U9 = 10/3, others 12/4 = 3;
//                 IKM = 25/9 × (7·3 + 2 + 10/3) = 73.148… → 73.15, C (Kurang Baik)
//   Dinas A:      others 3.5, U3 2 → 25/9 × 30 = 83.33, B
//   Kecamatan B:  others 2.5, U3 2, U9 3 → 25/9 × 22.5 = 62.50, D
//   weights 0.111 each: 25 × 0.111 × 79/3 = 73.075 exactly → 73.08 (half up)
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "integration/server_process.h"

namespace sigap::integration {
namespace {

namespace fs = std::filesystem;

const char* const kHeader =
    "tanggal,unit,layanan,jenis_kelamin,usia,pendidikan,pekerjaan,U1,U2,U3,U4,U5,U6,U7,U8,U9,"
    "saran\n";
const char* const kRows =
    "2026-01-15,Dinas A,KTP,Perempuan,30,SMA,Swasta,3,3,2,3,3,3,3,3,3,\"Cepat, ramah\"\n"
    "2026-02-03,Kecamatan B,KK,Laki-laki,45,S1,PNS,3,3,2,3,3,3,3,3,3,\n"
    "2026-04-20,Dinas A,KTP,Perempuan,28,S1,Wiraswasta,4,4,2,4,4,4,4,4,4,\"Antre \"\"lama\"\"\"\n"
    "2026-04-21,Kecamatan B,KTP,Perempuan,61,SD,Petani,2,2,2,2,2,2,2,2,,\n";

class IkmCli : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sigap-ikm-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    if (std::getenv("SIGAP_KEEP_TEST_DIRS") == nullptr) fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  static RunResult Ikm(std::vector<std::string> args) {
    args.insert(args.begin(), "ikm");
    return RunSigap(args, "", std::chrono::seconds(120));
  }

  std::string Survey() { return Write("survei.csv", std::string(kHeader) + kRows); }

  fs::path dir_;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(IkmCli, PrintsTheIkmGradeAndIntervalAsText) {
  const RunResult run = Ikm({Survey()});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.out, "IKM: 73,15")) << run.out;
  EXPECT_TRUE(Has(run.out, "Mutu pelayanan: C (Kurang Baik)")) << run.out;
  EXPECT_TRUE(Has(run.out, "Selang kepercayaan 95%")) << run.out;
  EXPECT_TRUE(Has(run.out, "1. U3 Waktu Penyelesaian — NRR 2,000")) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST_F(IkmCli, SpeaksEnglishWithLangEn) {
  const RunResult run = Ikm({Survey(), "--lang", "en"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.out, "IKM: 73.15")) << run.out;
  EXPECT_TRUE(Has(run.out, "Service quality: C (Fair)")) << run.out;
}

TEST_F(IkmCli, JsonHasTheGroupsAndTheSample) {
  const RunResult run = Ikm({Survey(), "--format", "json", "--by", "unit", "--population", "100"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc.at("respondents"), 4);
  EXPECT_DOUBLE_EQ(doc.at("ikm").get<double>(), 73.15);
  EXPECT_EQ(doc.at("mutu"), "C");
  EXPECT_EQ(doc.at("kinerja"), "Kurang Baik");
  EXPECT_EQ(doc.at("elements").at(8).at("answered"), 3);
  EXPECT_EQ(doc.at("elements").at(8).at("total"), 10);
  EXPECT_EQ(
      doc.at("sample"),
      nlohmann::json::parse(R"({"population":100,"required":80,"actual":4,"adequate":false})"));
  ASSERT_EQ(doc.at("groups").size(), 2u);
  EXPECT_EQ(doc.at("groups").at(0).at("key"), "Dinas A");
  EXPECT_DOUBLE_EQ(doc.at("groups").at(0).at("ikm").get<double>(), 83.33);
  EXPECT_EQ(doc.at("groups").at(0).at("mutu"), "B");
  EXPECT_EQ(doc.at("groups").at(1).at("key"), "Kecamatan B");
  EXPECT_DOUBLE_EQ(doc.at("groups").at(1).at("ikm").get<double>(), 62.5);
  EXPECT_EQ(doc.at("groups").at(1).at("mutu"), "D");
}

TEST_F(IkmCli, GroupsByMonthAndQuarter) {
  const std::string file = Survey();

  const RunResult months = Ikm({file, "--format", "json", "--by", "month"});
  const RunResult quarters = Ikm({file, "--format", "json", "--by", "quarter"});

  ASSERT_EQ(months.exit_code, 0) << months.err;
  ASSERT_EQ(quarters.exit_code, 0) << quarters.err;
  const auto m = nlohmann::json::parse(months.out).at("groups");
  const auto q = nlohmann::json::parse(quarters.out).at("groups");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m.at(0).at("key"), "2026-01");
  EXPECT_EQ(m.at(2).at("key"), "2026-04");
  EXPECT_EQ(m.at(2).at("respondents"), 2);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q.at(0).at("key"), "2026-Q1");
  // Q1 = r1 + r2: every element 3 but U3 2 → 25/9 × 26 = 72.22.
  EXPECT_DOUBLE_EQ(q.at(0).at("ikm").get<double>(), 72.22);
  EXPECT_EQ(q.at(1).at("key"), "2026-Q2");
}

TEST_F(IkmCli, ReadsExcelsSemicolonCsvWithBomCrlfAndElementNames) {
  // Excel in an Indonesian locale: ';', a byte order mark, CRLF, quoted
  // fields, element names as headers, DD/MM/YYYY dates, a trailing empty row.
  const std::string text =
      "\xEF\xBB\xBF"
      "Tanggal;Unit;Persyaratan;\"Sistem, Mekanisme, dan Prosedur\";Waktu Penyelesaian;"
      "Biaya/Tarif;Produk Spesifikasi Jenis Pelayanan;Kompetensi Pelaksana;Perilaku "
      "Pelaksana;Sarana dan Prasarana;\"Penanganan Pengaduan, Saran dan Masukan\";Saran\r\n"
      "15/01/2026;Dinas A;3;3;2;3;3;3;3;3;3;\"Cepat; ramah\"\r\n"
      "03/02/2026;Kecamatan B;3;3;2;3;3;3;3;3;3;\r\n"
      "20/04/2026;Dinas A;4;4;2;4;4;4;4;4;4;\"dua\r\nbaris\"\r\n"
      "21/04/2026;Kecamatan B;2;2;2;2;2;2;2;2;;\r\n"
      ";;;;;;;;;;;\r\n";
  const std::string file = Write("excel.csv", text);

  const RunResult run = Ikm({file, "--format", "json"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc.at("respondents"), 4);
  EXPECT_DOUBLE_EQ(doc.at("ikm").get<double>(), 73.15);
}

// A form's export writes the answer chosen, not its number: the official
// labels (either language, case and spacing aside) count as their numbers.
TEST_F(IkmCli, ReadsTheAnswerLabelsAFormExportWrites) {
  const std::string head = "U1,U2,U3,U4,U5,U6,U7,U8,U9\n";
  const std::string labels =
      Write("label.csv", head +
                             "Sangat Sesuai,Mudah,Kurang cepat,Gratis,3,3,3,3,3\n"
                             "tidak  sesuai,Very easy,Fast,Cheap,4,4,4,4,4\n");
  const std::string numbers = Write("angka.csv", head + "4,3,2,4,3,3,3,3,3\n1,4,3,3,4,4,4,4,4\n");
  const std::string wrong = Write("salah.csv", head + "Lumayan,3,3,3,3,3,3,3,3\n");

  const RunResult by_label = Ikm({labels, "--format", "json"});
  const RunResult by_number = Ikm({numbers, "--format", "json"});
  const RunResult refused = Ikm({wrong});

  ASSERT_EQ(by_label.exit_code, 0) << by_label.err;
  ASSERT_EQ(by_number.exit_code, 0) << by_number.err;
  EXPECT_EQ(nlohmann::json::parse(by_label.out).at("ikm"),
            nlohmann::json::parse(by_number.out).at("ikm"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Has(refused.err, wrong + ":2:1: U1: nilai 'Lumayan' bukan 1–4 atau jawaban"))
      << refused.err;
}

TEST_F(IkmCli, ReportsEveryInvalidCellWithFileLineAndColumnAndComputesNothing) {
  const std::string text = std::string(kHeader) + kRows +
                           "2026-02-30,Dinas A,KTP,P,30,SMA,Swasta,5,3,3,3,3,3,3,3,3,\n"  // line 6
                           "2026-03-01,Dinas A,KTP,P,30,SMA,Swasta,3,3,3,x,3,3,3,3,3,\n"  // line 7
                           "2026-03-02,Dinas A,KTP\n";                                    // line 8
  const std::string file = Write("salah.csv", text);

  const RunResult run = Ikm({file});

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(Has(run.err, file + ":6:1: tanggal: tanggal '2026-02-30' tidak sah")) << run.err;
  EXPECT_TRUE(Has(run.err, file + ":6:8: U1: nilai '5' bukan 1–4")) << run.err;
  EXPECT_TRUE(Has(run.err, file + ":7:11: U4: nilai 'x' bukan 1–4")) << run.err;
  EXPECT_TRUE(Has(run.err, file + ":8:4: jumlah kolom 3, seharusnya 17")) << run.err;
  EXPECT_TRUE(Has(run.err, "4 masalah dalam")) << run.err;
  EXPECT_TRUE(Has(run.err, "tidak ada yang dihitung")) << run.err;
}

// Excel on Windows saves "CSV" in Windows-1252: a text cell that is not
// UTF-8 is named, and no report is made from it (its XML or PDF would break).
TEST_F(IkmCli, TextThatIsNotUtf8IsNamedAtItsCell) {
  const std::string text = std::string(kHeader) + kRows +
                           "2026-03-01,Dinas A,KTP,P,30,SMA,Swasta,3,3,3,3,3,3,3,3,3,"
                           "Pelayanan bagus \x96 caf\xe9\n";  // line 6
  const std::string file = Write("cp1252.csv", text);
  const std::string xlsx = (dir_ / "cp1252.xlsx").string();

  const RunResult run = Ikm({file, "--format", "xlsx", "--output", xlsx});

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(
      Has(run.err, file + ":6:17: saran: bukan teks UTF-8 (simpan berkas sebagai \"CSV UTF-8\")"))
      << run.err;
  EXPECT_FALSE(fs::exists(xlsx));
}

// A questionnaire with no element answered is no respondent: it neither
// counts as one nor towards the sample (PermenPAN-RB 14/2017).
TEST_F(IkmCli, AQuestionnaireWithNothingAnsweredIsNoRespondent) {
  const std::string file = Write(
      "kosong.csv", std::string(kHeader) + kRows +
                        "2026-04-22,Dinas A,KTP,Perempuan,33,SMA,Swasta,,,,,,,,,,tidak mengisi\n");

  const RunResult run = Ikm({file, "--population", "5"});
  const RunResult fewer = Ikm({file, "--population", "3"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.err, file + ":6:1: tidak ada unsur yang dijawab")) << run.err;
  EXPECT_TRUE(Has(run.out, "Responden: 4")) << run.out;
  EXPECT_TRUE(Has(run.out, "terkumpul 4 — belum memadai")) << run.out;
  // Fewer service users than respondents is a typing error.
  EXPECT_EQ(fewer.exit_code, 2);
  EXPECT_TRUE(Has(fewer.err, "--population: 3 lebih kecil dari jumlah responden (4)")) << fewer.err;
}

// A spreadsheet column with a number format writes "3,0" or "3.00": the
// answer 3, not a bad value that refused the whole file; "2,5" is no
// answer of the scale.
TEST_F(IkmCli, AnAnswerWrittenWithDecimalZerosIsItsWholeNumber) {
  std::string rows = kRows;
  for (const auto& [from, to] : {std::pair{",4,4,2,4,", ",\"4,0\",4.00,2.0,4,"},
                                 std::pair{",2,2,2,2,", ",\"2,00\",2,2.0,2,"}}) {
    const auto at = rows.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    rows.replace(at, std::string_view(from).size(), to);
  }
  const RunResult run = Ikm({Write("desimal.csv", std::string(kHeader) + rows)});
  const RunResult half = Ikm({Write("setengah.csv", std::string(kHeader) + kRows +
                                                        "2026-03-01,Dinas A,KTP,P,30,SMA,Swasta,"
                                                        "\"2,5\",3,3,3,3,3,3,3,3,\n")});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.out, "IKM: 73,15")) << run.out;  // as the file of whole numbers
  EXPECT_EQ(half.exit_code, 1);
  EXPECT_TRUE(Has(half.err, "U1: nilai '2,5' bukan 1–4")) << half.err;
}

TEST_F(IkmCli, SkipInvalidComputesTheValidRowsAndSaysHowManyWereSkipped) {
  const std::string text =
      std::string(kHeader) + kRows + "2026-03-01,Dinas A,KTP,P,30,SMA,Swasta,3,3,3,0,3,3,3,3,3,\n";
  const std::string file = Write("salah.csv", text);

  const RunResult run = Ikm({file, "--skip-invalid"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.err, file + ":6:11: U4: nilai '0' bukan 1–4")) << run.err;
  EXPECT_TRUE(Has(run.err, "1 baris tidak sah dilewati")) << run.err;
  EXPECT_TRUE(Has(run.out, "IKM: 73,15")) << run.out;
}

// A survey far larger than the 64 KB the command reads at a time: every
// row counted once, the line numbers right after many refills, the quoted
// line breaks kept whole where they cross one.
TEST_F(IkmCli, ReadsASurveyLargerThanItsBufferRowByRow) {
  std::string text = kHeader;
  for (int k = 1; k <= 3000; ++k) {  // row k starts at line 2k: each spans two
    const char* answers = k % 2 ? "3,3,2,3,3,3,3,3,3" : "4,4,2,4,4,4,4,4,4";
    if (k == 2500) answers = "4,4,2,4,4,4,4,4,7";
    text += "2026-01-15,Dinas A,KTP,Perempuan,30,SMA,Swasta," + std::string(answers) +
            ",\"baris satu\nbaris dua\"\n";
  }
  ASSERT_GT(text.size(), size_t{3} << 16);
  const std::string file = Write("besar.csv", text);

  const RunResult run = Ikm({file, "--format", "json", "--skip-invalid"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.err, file + ":5000:16: U9: nilai '7' bukan 1–4")) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc.at("respondents"), 2999);
  // 1,500 rows of 3 and 1,499 of 4 in eight elements, U3 all 2.
  const double others = (1500 * 3 + 1499 * 4) / 2999.0;
  EXPECT_NEAR(doc.at("ikm").get<double>(), 25.0 / 9 * (8 * others + 2), 0.005);
}

TEST_F(IkmCli, ListsAtMostFiftyProblemsThenACount) {
  std::string text = kHeader;
  for (int i = 0; i < 60; ++i) text += "2026-01-15,A,B,P,30,SMA,X,9,3,3,3,3,3,3,3,3,\n";
  const std::string file = Write("banyak.csv", text);

  const RunResult run = Ikm({file});

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 52) << run.err;
  EXPECT_TRUE(Has(run.err, file + ":51:8: U1: nilai '9'")) << run.err;
  EXPECT_FALSE(Has(run.err, file + ":52:8:")) << run.err;
  EXPECT_TRUE(Has(run.err, "dan 10 masalah lain")) << run.err;
  EXPECT_TRUE(Has(run.err, "60 masalah dalam")) << run.err;
}

TEST_F(IkmCli, UnknownAndMissingColumnsAreBadInput) {
  const std::string unknown =
      Write("unknown.csv", "U1,U2,U3,U4,U5,U6,U7,U8,U9,Kepuasan\n4,4,4,4,4,4,4,4,4,4\n");
  const std::string missing = Write("missing.csv", "U1,U2,U3,U4,U5,U6,U7,U8\n4,4,4,4,4,4,4,4\n");

  const RunResult a = Ikm({unknown});
  const RunResult b = Ikm({missing});
  const RunResult c = Ikm({unknown, "--skip-invalid"});
  const RunResult d = Ikm({unknown, "--skip-invalid", "--by", "unit"});

  EXPECT_EQ(a.exit_code, 1);
  EXPECT_TRUE(Has(a.err, unknown + ":1:10: Kepuasan: kolom tidak dikenal")) << a.err;
  EXPECT_EQ(b.exit_code, 1);
  EXPECT_TRUE(Has(b.err, "kolom unsur U9 tidak ada")) << b.err;
  EXPECT_EQ(c.exit_code, 0) << c.err;  // an unknown column is ignored then
  EXPECT_TRUE(Has(c.err, "diabaikan")) << c.err;
  EXPECT_TRUE(Has(c.out, "IKM: 100,00")) << c.out;
  EXPECT_EQ(d.exit_code, 1);
  EXPECT_TRUE(Has(d.err, unknown + ":1: --by unit memerlukan kolom unit")) << d.err;
}

TEST_F(IkmCli, UsageErrorsExitWith2) {
  const std::string file = Survey();
  const std::vector<std::vector<std::string>> cases = {
      {file, "--format", "docx"}, {file, "--by", "year"},         {file, "--scheme", "2010"},
      {file, "--weights", "abc"}, {file, "--weights", "0.5,0.5"}, {file, "--population", "0"},
      {file, "--lang", "jv"},     {file, "--no-such-flag"},       {},
  };
  for (const auto& args : cases) {
    const RunResult run = Ikm(args);

    EXPECT_EQ(run.exit_code, 2) << (args.size() > 1 ? args[1] : "") << ": " << run.err;
    EXPECT_NE(run.err, "");
    EXPECT_EQ(run.out, "");
  }
}

TEST_F(IkmCli, MissingFileIsBadInput) {
  const RunResult run = Ikm({(dir_ / "none.csv").string()});

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Has(run.err, "none.csv: tidak dapat dibaca")) << run.err;
}

TEST_F(IkmCli, WeightsOf0111ReproduceAnOfficeFigure) {
  std::vector<std::string> args = {Survey(), "--format", "json", "--weights",
                                   "0.111,0.111,0.111,0.111,0.111,0.111,0.111,0.111,0.111"};

  const RunResult run = Ikm(args);

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(run.out).at("ikm").get<double>(), 73.08);
}

TEST_F(IkmCli, WrongWeightsSayWhatIsWrong) {
  const std::string file = Survey();

  const RunResult count = Ikm({file, "--weights", "0.5,0.5"});
  const RunResult sum = Ikm({file, "--weights", "0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2"});

  EXPECT_EQ(count.exit_code, 2);
  EXPECT_TRUE(Has(count.err, "--weights: 2 bobot untuk 9 unsur")) << count.err;
  EXPECT_EQ(sum.exit_code, 2);
  EXPECT_TRUE(Has(sum.err, "--weights: jumlah bobot 1.8000, seharusnya 1")) << sum.err;
}

TEST_F(IkmCli, AUnitsOwnElementCountsWithWeights) {
  // U10 answered 1 by everyone, weight 0.1 each:
  // IKM = 25 × 0.1 × (Σ NRR U1..U9 + 1) = 2.5 × (26.333… + 1) = 68.33.
  std::string text = "U1,U2,U3,U4,U5,U6,U7,U8,U9,U10\n";
  text += "3,3,2,3,3,3,3,3,3,1\n3,3,2,3,3,3,3,3,3,1\n4,4,2,4,4,4,4,4,4,1\n2,2,2,2,2,2,2,2,,1\n";
  const std::string file = Write("u10.csv", text);

  const RunResult run =
      Ikm({file, "--format", "json", "--weights", "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc.at("elements").size(), 10u);
  EXPECT_EQ(doc.at("elements").at(9).at("code"), "U10");
  EXPECT_DOUBLE_EQ(doc.at("ikm").get<double>(), 68.33);
}

TEST_F(IkmCli, The2004SchemeIsLabelledHistorical) {
  std::string text = "U1,U2,U3,U4,U5,U6,U7,U8,U9,U10,U11,U12,U13,U14\n";
  for (int i = 0; i < 3; ++i) text += "3,3,3,3,3,3,3,3,3,3,3,3,3,3\n";
  const std::string file = Write("2004.csv", text);

  const RunResult run = Ikm({file, "--scheme", "2004"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.out, "KEP/25/M.PAN/2/2004 (skema lama 14 unsur, hanya untuk data historis)"))
      << run.out;
  EXPECT_TRUE(Has(run.out, "IKM: 75,00")) << run.out;
  EXPECT_TRUE(Has(run.out, "Mutu pelayanan: B (Baik)")) << run.out;  // C under 2017
}

TEST_F(IkmCli, WritesCsvAndHtml) {
  const std::string file = Survey();
  const std::string html = (dir_ / "ikm.html").string();

  const RunResult csv = Ikm({file, "--format", "csv"});
  const RunResult page =
      Ikm({file, "--format", "html", "--output", html, "--unit-name", "Dinas <A>"});

  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("group,respondents,code,name,answered,total,nrr,weighted,ikm,mutu,", 0),
            0u);
  EXPECT_TRUE(Has(csv.out, ",4,U3,Waktu Penyelesaian,4,8,2.0000,0.2222,73.15,C,Kurang Baik,"))
      << csv.out;
  ASSERT_EQ(page.exit_code, 0) << page.err;
  const std::string text = ReadFile(html);
  EXPECT_EQ(text.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(Has(text, "IKM: 73,15"));
  EXPECT_TRUE(Has(text, "Dinas &lt;A&gt;"));
  EXPECT_TRUE(Has(text, "Perempuan"));  // demographics
}

TEST_F(IkmCli, XlsxOpensInLibreOfficeWithTheNumbersInItsCells) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "soffice missing (scripts/setup --test installs libreoffice-calc-nogui)";
  }
  const std::string xlsx = (dir_ / "rekap.xlsx").string();
  const RunResult run = Ikm({Survey(), "--format", "xlsx", "--output", xlsx, "--unit-name",
                             "Dinas A", "--period", "Triwulan I 2026", "--by", "unit"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.out, xlsx)) << run.out;

  // A private profile and HOME, so parallel runs do not share a lock.
  const fs::path profile = dir_ / "lo-profile";
  const std::string command =
      "cd '" + dir_.string() + "' && HOME='" + dir_.string() +
      "' soffice -env:UserInstallation=file://" + profile.string() +
      " --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' "
      "--outdir '" +
      dir_.string() + "' '" + xlsx + "' >'" + (dir_ / "soffice.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << ReadFile(dir_ / "soffice.log");

  // LibreOffice converts the first sheet, the recap: UTF-8 (76), cells as
  // shown (the last "true"), so NRR has the 3 decimals of its format.
  const std::string csv = ReadFile(dir_ / "rekap.csv");
  EXPECT_TRUE(Has(csv, "Indeks Kepuasan Masyarakat (IKM)")) << csv;
  EXPECT_TRUE(Has(csv, "Unit layanan,Dinas A")) << csv;
  EXPECT_TRUE(Has(csv, "Responden,4")) << csv;
  EXPECT_TRUE(Has(csv, "U3,Waktu Penyelesaian,4,8,2.000,")) << csv;
  EXPECT_TRUE(Has(csv, "U9,\"Penanganan Pengaduan, Saran dan Masukan\",3,10,3.333,")) << csv;
  EXPECT_TRUE(Has(csv, "IKM (× 25),73.15")) << csv;
  EXPECT_TRUE(Has(csv, "Mutu pelayanan,C")) << csv;
  EXPECT_TRUE(Has(csv, "Kinerja unit,Kurang Baik")) << csv;
}

TEST_F(IkmCli, XlsxWithoutOutputGoesToADefaultNameInTheCurrentDirectory) {
  const std::string file = Survey();
  const fs::path before = fs::current_path();
  fs::current_path(dir_);

  const RunResult run = Ikm({file, "--format", "xlsx"});

  fs::current_path(before);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Has(run.out, "survei-ikm.xlsx")) << run.out;
  EXPECT_TRUE(fs::exists(dir_ / "survei-ikm.xlsx"));
}

TEST_F(IkmCli, PdfTextHoldsTheIkmAndGrade) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "pdftotext missing (scripts/setup --test installs poppler-utils)";
  }
  const std::string pdf = (dir_ / "ikm.pdf").string();
  const RunResult run = Ikm({Survey(), "--format", "pdf", "--output", pdf, "--unit-name",
                             "Dinas Kependudukan dan Pencatatan Sipil", "--period",
                             "Triwulan I 2026", "--by", "quarter", "--population", "100"});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const std::string txt = (dir_ / "ikm.txt").string();
  ASSERT_EQ(std::system(("pdftotext -layout '" + pdf + "' '" + txt + "'").c_str()), 0);
  const std::string text = ReadFile(txt);

  EXPECT_TRUE(Has(text, "Dinas Kependudukan dan Pencatatan Sipil")) << text;
  EXPECT_TRUE(Has(text, "Triwulan I 2026")) << text;
  EXPECT_TRUE(Has(text, "IKM: 73,15")) << text;
  EXPECT_TRUE(Has(text, "Mutu pelayanan: C (Kurang Baik)")) << text;
  EXPECT_TRUE(Has(text, "2026-Q1")) << text;
  EXPECT_TRUE(Has(text, "belum memadai")) << text;
}

}  // namespace
}  // namespace sigap::integration

#include "cli/import_cases.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sigap::cli {
namespace {

const std::string kHeader =
    "source_id,kind,title,description,status,created_at,lat,lng,region_code,reporter_name\n";

TEST(ParseImportCsv, MapsColumnsToFieldsWhateverTheirOrder) {
  auto file = ParseImportCsv(
      "created_at,Title,source_id,kind,description,status,lat,lng,reporter_phone\n"
      "2025-07-01T08:00+07:00,Jalan rusak,L-1,complaint,Berlubang besar,received,-6.99,"
      "110.42,081234567890\n",
      "old.csv");

  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(file->format, ImportFormat::kCsv);
  ASSERT_EQ(file->rows.size(), 1u);
  const auto& row = file->rows[0];
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(row.source_id, "L-1");
  EXPECT_EQ(row.title, "Jalan rusak");
  EXPECT_EQ(row.created_at, "2025-07-01T08:00+07:00");
  EXPECT_EQ(row.lat, "-6.99");
  EXPECT_EQ(row.lng, "110.42");
  EXPECT_EQ(row.reporter_phone, "081234567890");
  EXPECT_TRUE(row.problems.empty());
}

TEST(ParseImportCsv, LineNumbersAreWhereEachRecordStartsAcrossQuotedLineBreaks) {
  auto file = ParseImportCsv(kHeader +
                                 "A,complaint,Satu,\"Baris satu\nbaris dua\nbaris tiga\","
                                 "received,2025-07-01T08:00+07:00,,,,\n"
                                 "\n"
                                 "B,complaint,Dua,\"Kata \"\"kutip\"\", koma\",received,"
                                 "2025-07-02T08:00+07:00,,,,\r\n"
                                 "C,request,Tiga,Biasa,received,2025-07-03T08:00+07:00,,,,\n",
                             "old.csv");

  ASSERT_TRUE(file.has_value()) << file.error().message;
  ASSERT_EQ(file->rows.size(), 3u);
  EXPECT_EQ(file->rows[0].line, 2);
  EXPECT_EQ(file->rows[0].description, "Baris satu\nbaris dua\nbaris tiga");
  EXPECT_EQ(file->rows[1].line, 6);
  EXPECT_EQ(file->rows[1].description, "Kata \"kutip\", koma");
  EXPECT_EQ(file->rows[2].line, 7);
}

TEST(ParseImportCsv, UnknownColumnsAreErrorsNamingEachColumn) {
  auto file = ParseImportCsv(
      "source_id,kind,title,description,status,created_at,notes,priority\n"
      "A,complaint,Satu,Dua,received,2025-07-01T08:00+07:00,x,y\n",
      "old.csv");

  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message,
            "old.csv:1: notes: unknown column\nold.csv:1: priority: unknown column");
}

TEST(ParseImportCsv, MissingAndRepeatedColumnsAreErrors) {
  auto file = ParseImportCsv("source_id,kind,title,title,status\n", "old.csv");

  ASSERT_FALSE(file.has_value());
  EXPECT_NE(file.error().message.find("old.csv:1: title: column appears twice"), std::string::npos);
  EXPECT_NE(file.error().message.find("old.csv:1: description: missing column"), std::string::npos);
  EXPECT_NE(file.error().message.find("old.csv:1: created_at: missing column"), std::string::npos);
}

TEST(ParseImportCsv, AFileWithoutHeaderNeverQuotesItsCells) {
  auto file = ParseImportCsv(
      "L-1,complaint,Sri Rahayu,081234567890,received,2025-07-01T08:00+07:00\n", "old.csv");

  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message.find("Sri"), std::string::npos) << file.error().message;
  EXPECT_EQ(file.error().message.find("081234567890"), std::string::npos);
  EXPECT_EQ(file.error().message.rfind("old.csv:1: no header row", 0), 0u) << file.error().message;
}

TEST(ParseImportCsv, AnUnknownColumnThatIsNoIdentifierIsNamedByPosition) {
  auto file = ParseImportCsv("source_id,kind,title,description,status,created_at,sri@example.id\n",
                             "old.csv");

  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message, "old.csv:1: column 7: unknown column");
}

TEST(ParseImportCsv, ARecordWithTheWrongFieldCountIsAProblemOfItsLine) {
  auto file = ParseImportCsv(kHeader +
                                 "A,complaint,Satu,Dua,received,2025-07-01T08:00+07:00,,,,\n"
                                 "B,complaint,Satu\n",
                             "old.csv");

  ASSERT_TRUE(file.has_value()) << file.error().message;
  ASSERT_EQ(file->rows.size(), 2u);
  EXPECT_TRUE(file->rows[0].problems.empty());
  ASSERT_EQ(file->rows[1].problems.size(), 1u);
  EXPECT_EQ(file->rows[1].line, 3);
  EXPECT_EQ(file->rows[1].problems[0].field, "");
  EXPECT_EQ(file->rows[1].problems[0].message, "expected 10 fields, found 3");
}

TEST(ParseImportCsv, AQuoteThatNeverClosesFailsAtTheLineWhereItOpened) {
  auto file = ParseImportCsv(kHeader +
                                 "A,complaint,Satu,Dua,received,2025-07-01T08:00+07:00,,,,\n"
                                 "B,complaint,Satu,\"Dua\nTiga,received\n",
                             "old.csv");

  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message, "old.csv:3: quoted field is never closed");
}

TEST(ParseImportCsv, SkipsAByteOrderMarkAndAcceptsCrlf) {
  auto file = ParseImportCsv(
      "\xEF\xBB\xBFsource_id,kind,title,description,status,created_at\r\n"
      "A,complaint,Satu,Dua,received,2025-07-01T08:00+07:00\r\n",
      "old.csv");

  ASSERT_TRUE(file.has_value()) << file.error().message;
  ASSERT_EQ(file->rows.size(), 1u);
  EXPECT_EQ(file->rows[0].source_id, "A");
  EXPECT_EQ(file->rows[0].created_at, "2025-07-01T08:00+07:00");
}

// Excel in an Indonesian locale saves with ";" and writes a row left empty
// as a row of separators: the first is read, the second is no case.
TEST(ParseImportCsv, ReadsSemicolonsAndSkipsRowsOfSeparatorsOnly) {
  auto file = ParseImportCsv(
      "source_id;kind;title;description;status;created_at\r\n"
      "A;complaint;Satu, dua;Tiga;received;2025-07-01T08:00+07:00\r\n"
      ";;;;;\r\n"
      "B;request;Empat;Lima;received;2025-07-02T08:00+07:00\r\n",
      "excel.csv");

  ASSERT_TRUE(file.has_value()) << file.error().message;
  ASSERT_EQ(file->rows.size(), 2u);
  EXPECT_EQ(file->rows[0].title, "Satu, dua");
  EXPECT_TRUE(file->rows[0].problems.empty());
  EXPECT_EQ(file->rows[1].source_id, "B");
  EXPECT_EQ(file->rows[1].line, 4);
}

TEST(ParseImportJsonl, ReadsTheApiShapeWithNumbersAndBooleans) {
  auto file = ParseImportJsonl(
      R"({"source_id": 12345, "kind": "complaint", "title": "Saluran", "description": "Tersumbat",)"
      R"( "location": {"lat": -6.9932, "lng": 110.4203, "region_code": "33.74.01.1001"},)"
      R"( "reporter": {"name": "Sri", "phone": "081234567890"}, "anonymous": true,)"
      R"( "confidential": false, "status": "resolved", "response": "Sudah dibersihkan",)"
      R"( "category": null})"
      "\n");

  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->format, ImportFormat::kJsonl);
  ASSERT_EQ(file->rows.size(), 1u);
  const auto& row = file->rows[0];
  EXPECT_TRUE(row.problems.empty()) << row.problems[0].field;
  EXPECT_EQ(row.line, 1);
  EXPECT_EQ(row.source_id, "12345");
  EXPECT_EQ(row.lat, "-6.9932");
  EXPECT_EQ(row.lng, "110.4203");
  EXPECT_EQ(row.region_code, "33.74.01.1001");
  EXPECT_EQ(row.reporter_name, "Sri");
  EXPECT_EQ(row.reporter_phone, "081234567890");
  EXPECT_EQ(row.anonymous, "true");
  EXPECT_EQ(row.confidential, "false");
  EXPECT_EQ(row.category, "");
  EXPECT_EQ(row.response, "Sudah dibersihkan");
}

TEST(ParseImportJsonl, AMalformedLineIsAProblemOfItsPhysicalLine) {
  auto file = ParseImportJsonl(
      "{\"source_id\": \"A\"}\r\n"
      "\n"
      "   \n"
      "{\"source_id\": \"B\", \"reporter\": {\"name\": \"Sri Rahayu\"\n"
      "[1, 2]\n"
      "{\"source_id\": \"C\"}");

  ASSERT_TRUE(file.has_value());
  ASSERT_EQ(file->rows.size(), 4u);
  EXPECT_EQ(file->rows[0].line, 1);
  EXPECT_TRUE(file->rows[0].problems.empty());
  EXPECT_EQ(file->rows[1].line, 4);
  ASSERT_EQ(file->rows[1].problems.size(), 1u);
  EXPECT_EQ(file->rows[1].problems[0].field, "");
  EXPECT_EQ(file->rows[1].problems[0].message.rfind("not valid JSON", 0), 0u);
  EXPECT_EQ(file->rows[1].problems[0].message.find("Sri"), std::string::npos);
  EXPECT_EQ(file->rows[2].line, 5);
  EXPECT_EQ(file->rows[2].problems[0].message, "not a JSON object");
  EXPECT_EQ(file->rows[3].line, 6);
  EXPECT_EQ(file->rows[3].source_id, "C");
}

TEST(ParseImportJsonl, UnknownKeysAndWrongTypesNameTheirPath) {
  auto file = ParseImportJsonl(
      R"({"source_id": "A", "notes": "x", "title": 42, "location": {"lat": "-6.99", "zoom": 3},)"
      R"( "reporter": "Sri", "anonymous": "ya", "confidential": 1})");

  ASSERT_TRUE(file.has_value());
  ASSERT_EQ(file->rows.size(), 1u);
  std::vector<std::string> fields;
  for (const auto& p : file->rows[0].problems) fields.push_back(p.field + ": " + p.message);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields,
            (std::vector<std::string>{"confidential: must be true or false",
                                      "location.zoom: unknown key", "notes: unknown key",
                                      "reporter: must be an object", "title: must be a string"}));
  // Strings are taken as they are; the use case reads them.
  EXPECT_EQ(file->rows[0].lat, "-6.99");
  EXPECT_EQ(file->rows[0].anonymous, "ya");
}

TEST(ImportFieldName, CsvNamesTheColumnAndJsonlThePath) {
  EXPECT_EQ(ImportFieldName(ImportFormat::kCsv, "location.lat"), "lat");
  EXPECT_EQ(ImportFieldName(ImportFormat::kCsv, "reporter.phone"), "reporter_phone");
  EXPECT_EQ(ImportFieldName(ImportFormat::kCsv, "created_at"), "created_at");
  EXPECT_EQ(ImportFieldName(ImportFormat::kCsv, ""), "");
  EXPECT_EQ(ImportFieldName(ImportFormat::kJsonl, "location.lat"), "location.lat");
}

TEST(ImportFormatOf, TheExtensionSaysTheFormat) {
  EXPECT_EQ(ImportFormatOf("lapor.csv"), ImportFormat::kCsv);
  EXPECT_EQ(ImportFormatOf("dir/LAPOR.CSV"), ImportFormat::kCsv);
  EXPECT_EQ(ImportFormatOf("lapor.jsonl"), ImportFormat::kJsonl);
  EXPECT_EQ(ImportFormatOf("lapor.ndjson"), ImportFormat::kJsonl);
  EXPECT_EQ(ImportFormatOf("lapor.xlsx"), std::nullopt);
  EXPECT_EQ(ImportFormatOf("lapor"), std::nullopt);
}

}  // namespace
}  // namespace sigap::cli

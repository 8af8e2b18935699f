#include "cli/csv_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/ikm_csv.h"

namespace sigap::cli {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Reads every record, or the error message.
Result<Rows> ReadAll(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  CsvReader reader(in, "test.csv", options);
  Rows rows;
  CsvRecord record;
  for (;;) {
    auto more = reader.Next(record);
    if (!more) return Fail(more.error());
    if (!*more) return rows;
    rows.push_back(record.fields);
  }
}

TEST(CsvReader, SplitsPlainFields) {
  auto rows = ReadAll("a,b,c\n1,2,3\n");

  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  EXPECT_EQ(*rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvReader, KeepsEmptyFields) {
  auto rows = ReadAll(",a,,\n");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"", "a", "", ""}}));
}

TEST(CsvReader, QuotedFieldKeepsCommasAndDoubledQuotes) {
  auto rows = ReadAll("1,\"Dinas Perumahan, Kawasan Permukiman\",\"kata \"\"dia\"\"\"\n");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"1", "Dinas Perumahan, Kawasan Permukiman", "kata \"dia\""}}));
}

TEST(CsvReader, QuotedFieldKeepsLineBreaksByteForByte) {
  auto rows = ReadAll("id,text\r\n7,\"baris satu\r\nbaris dua\nbaris tiga\"\r\n8,x\r\n");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows,
            (Rows{{"id", "text"}, {"7", "baris satu\r\nbaris dua\nbaris tiga"}, {"8", "x"}}));
}

TEST(CsvReader, AcceptsCrlfAndLoneCrLineEnds) {
  auto rows = ReadAll("a,b\r\nc,d\re,f");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"a", "b"}, {"c", "d"}, {"e", "f"}}));
}

TEST(CsvReader, SkipsByteOrderMark) {
  auto rows = ReadAll("\xEF\xBB\xBFkode,nama\n33.74,Kota Semarang\n");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"kode", "nama"}, {"33.74", "Kota Semarang"}}));
}

TEST(CsvReader, KeepsUtf8ThatStartsLikeAByteOrderMark) {
  // U+FF41 (fullwidth a) is EF BD 81: the same first byte as a BOM.
  auto rows = ReadAll("\xEF\xBD\x81,b\n");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"\xEF\xBD\x81", "b"}}));
}

TEST(CsvReader, SkipsEmptyLinesAndTrailingNewline) {
  auto rows = ReadAll("a\n\n\r\nb\n\n");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"a"}, {"b"}}));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  auto rows = ReadAll("");

  ASSERT_TRUE(rows.has_value());
  EXPECT_TRUE(rows->empty());
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsData) {
  auto rows = ReadAll("pipa 5\" bocor,x\n");

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"pipa 5\" bocor", "x"}}));
}

TEST(CsvReader, ReportsTheLineWhereARecordStarts) {
  std::istringstream in("a\n\"x\ny\"\nb\n");
  CsvReader reader(in, "test.csv");
  CsvRecord record;
  std::vector<int64_t> lines;

  while (reader.Next(record).value_or(false)) lines.push_back(record.line);

  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 4}));
}

TEST(CsvReader, UnterminatedQuoteFailsNamingItsLine) {
  auto rows = ReadAll("id,text\n1,ok\n2,\"tidak\nditutup\n3,x\n");

  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(rows.error().message, "test.csv:3: quoted field is never closed");
}

TEST(CsvReader, TextAfterClosingQuoteFails) {
  auto rows = ReadAll("a,b\n\"x\"y,z\n");

  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().message, "test.csv:2: unexpected text after a closing quote");
}

TEST(CsvReader, UsesTheGivenDelimiter) {
  auto rows = ReadAll("a;\"b;c\";d\n", CsvOptions{';'});

  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"a", "b;c", "d"}}));
}

TEST(CsvTable, FindsColumnsByHeaderName) {
  auto table = ParseCsvTable("id,agency,subject\n1,DPU,Jalan rusak\n", "t.csv");

  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->Column("subject"), 2);
  EXPECT_EQ(table->Column("missing"), -1);
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].line, 2);
  EXPECT_EQ(table->rows[0].fields[2], "Jalan rusak");
}

TEST(CsvTable, RowOfTheWrongWidthFailsNamingItsLine) {
  auto table = ParseCsvTable("a,b\n1,2\n3\n", "t.csv");

  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message, "t.csv:3: expected 2 fields, found 1");
}

TEST(CsvTable, EmptyInputHasNoHeader) {
  auto table = ParseCsvTable("", "t.csv");

  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
}

TEST(CsvTable, MissingFileIsNotFound) {
  auto table = ReadCsvTable("/nonexistent/sigap/none.csv");

  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, ErrorCode::kNotFound);
}

// A directory given for the file is named as one, not with the C++
// library's words for the read that failed.
TEST(CsvTable, ADirectoryIsNamedAsOne) {
  const auto dir = std::filesystem::temp_directory_path();
  auto table = ReadCsvTable(dir);
  auto ikm = ParseIkmCsvFile(dir, {});

  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message, dir.string() + ": is a directory, not a CSV file");
  ASSERT_FALSE(ikm.has_value());
  EXPECT_EQ(ikm.error().message, dir.string() + ": is a directory, not a CSV file");
}

TEST(CsvTable, ReadsAFileAndNamesItInErrors) {
  const auto path = std::filesystem::temp_directory_path() / "sigap-csv-reader-test.csv";
  std::ofstream(path, std::ios::binary) << "a,b\n1,\"2\n";

  auto table = ReadCsvTable(path);
  std::filesystem::remove(path);

  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message, path.string() + ":2: quoted field is never closed");
}

}  // namespace
}  // namespace sigap::cli

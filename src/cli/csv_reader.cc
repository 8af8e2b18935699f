#include "cli/csv_reader.h"

#include <fstream>
#include <utility>

namespace sigap::cli {
namespace {

constexpr int kEof = std::char_traits<char>::eof();

enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };

tl::unexpected<Error> Malformed(const std::string& source, int64_t line, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, source + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

char DetectCsvDelimiter(std::string_view text) {
  size_t commas = 0, semicolons = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',';
    semicolons += c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

std::optional<char> DetectCsvDelimiter(std::istream& in) {
  // Read ahead as far as the header's end, then back to the start.
  std::string head;
  bool quoted = false;
  for (int c; (c = in.rdbuf()->sbumpc()) != std::char_traits<char>::eof();) {
    head.push_back(static_cast<char>(c));
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) break;
  }
  if (in.rdbuf()->pubseekpos(0, std::ios::in) != std::streampos(0)) return std::nullopt;
  return DetectCsvDelimiter(head);
}

CsvReader::CsvReader(std::istream& in, std::string source, CsvOptions options)
    : in_(in), source_(std::move(source)), options_(options) {}

int CsvReader::Get() {
  if (pending_pos_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_pos_++]);
  return in_.rdbuf()->sbumpc();
}

int CsvReader::Peek() {
  if (pending_pos_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_pos_]);
  return in_.rdbuf()->sgetc();
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  if (!started_) {
    started_ = true;
    // Skip a UTF-8 byte order mark (Excel writes one with "CSV UTF-8");
    // anything else read ahead is handed out again by Get().
    for (int i = 0; i < 3 && in_.rdbuf()->sgetc() != kEof; ++i) {
      pending_.push_back(static_cast<char>(in_.rdbuf()->sbumpc()));
    }
    if (pending_ == "\xEF\xBB\xBF") pending_.clear();
  }

  // Skip empty lines.
  for (;;) {
    const int c = Peek();
    if (c == kEof) return false;
    if (c == '\n') {
      Get();
      ++line_;
    } else if (c == '\r') {
      Get();
      if (Peek() == '\n') Get();
      ++line_;
    } else {
      break;
    }
  }

  record.line = line_;
  const int delimiter = static_cast<unsigned char>(options_.delimiter);
  std::string field;
  State state = State::kFieldStart;
  int64_t quote_line = 0;
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  auto end_line = [&](int c) {
    if (c == '\r' && Peek() == '\n') Get();
    ++line_;
  };

  for (;;) {
    const int c = Get();
    switch (state) {
      case State::kFieldStart:
      case State::kUnquoted:
        if (c == kEof) {
          end_field();
          return true;
        }
        if (c == delimiter) {
          end_field();
          state = State::kFieldStart;
        } else if (c == '\n' || c == '\r') {
          end_field();
          end_line(c);
          return true;
        } else if (c == '"' && state == State::kFieldStart) {
          state = State::kQuoted;
          quote_line = line_;
        } else {
          field.push_back(static_cast<char>(c));
          state = State::kUnquoted;
        }
        break;
      case State::kQuoted:
        if (c == kEof) {
          return Malformed(source_, quote_line, "quoted field is never closed");
        }
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            field.push_back('"');
          } else {
            state = State::kAfterQuote;
          }
        } else {
          field.push_back(static_cast<char>(c));
          if (c == '\r' && Peek() == '\n') field.push_back(static_cast<char>(Get()));
          if (c == '\n' || c == '\r') ++line_;
        }
        break;
      case State::kAfterQuote:
        if (c == kEof) {
          end_field();
          return true;
        }
        if (c == delimiter) {
          end_field();
          state = State::kFieldStart;
        } else if (c == '\n' || c == '\r') {
          end_field();
          end_line(c);
          return true;
        } else {
          return Malformed(source_, line_, "unexpected text after a closing quote");
        }
        break;
    }
  }
}

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

Result<CsvTable> ReadTable(std::istream& in, std::string source, CsvOptions options) {
  CsvReader reader(in, source, options);
  CsvTable table;
  table.source = std::move(source);
  CsvRecord record;
  auto more = reader.Next(record);
  if (!more) return Fail(more.error());
  if (!*more) return Malformed(table.source, 1, "no header");
  table.header = std::move(record.fields);
  for (;;) {
    more = reader.Next(record);
    if (!more) return Fail(more.error());
    if (!*more) break;
    if (record.fields.size() != table.header.size()) {
      return Malformed(table.source, record.line,
                       "expected " + std::to_string(table.header.size()) + " fields, found " +
                           std::to_string(record.fields.size()));
    }
    table.rows.push_back(std::move(record));
  }
  return table;
}

}  // namespace

Result<CsvTable> ParseCsvTable(std::string_view text, std::string source, CsvOptions options) {
  TextBuffer buffer(text);
  std::istream in(&buffer);
  return ReadTable(in, std::move(source), options);
}

Result<CsvTable> ReadCsvTable(const std::filesystem::path& path, CsvOptions options) {
  if (std::error_code ec; std::filesystem::is_directory(path, ec)) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": is a directory, not a CSV file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string() + ": cannot open");
  return ReadTable(in, path.string(), options);
}

}  // namespace sigap::cli

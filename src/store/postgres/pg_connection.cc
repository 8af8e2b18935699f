#include "store/postgres/pg_connection.h"

#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sigap::store::postgres {
namespace {

void IgnoreNotice(void*, const char*) {}  // "relation already exists, skipping" and the like

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

}  // namespace

std::string NumberPlaceholders(std::string_view sql, std::vector<int>& slots) {
  std::string out;
  out.reserve(sql.size() + 16);
  slots.clear();
  std::vector<int> slot_of;
  int next = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    int number = 0;
    size_t j = i + 1;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) {
      number = number * 10 + (sql[j] - '0');
      ++j;
    }
    if (j == i + 1) number = ++next;
    i = j - 1;
    // slot_of[number] is the 1-based $ of a position already seen.
    if (static_cast<size_t>(number) >= slot_of.size()) slot_of.resize(number + 1, 0);
    if (slot_of[number] == 0) {
      slots.push_back(number);
      slot_of[number] = static_cast<int>(slots.size());
    }
    out += '$';
    out += std::to_string(slot_of[number]);
  }
  return out;
}

std::vector<std::pair<size_t, size_t>> PasswordSpans(std::string_view url) {
  std::vector<std::pair<size_t, size_t>> out;
  if (const size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    // user:PASSWORD@host, the userinfo ending at the authority's last "@".
    const size_t start = scheme + 3;
    const size_t end = std::min(url.find_first_of("/?", start), url.size());
    const std::string_view authority = url.substr(start, end - start);
    if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
      if (const size_t colon = authority.substr(0, at).find(':'); colon != std::string_view::npos) {
        out.emplace_back(start + colon + 1, start + at);
      }
    }
  }
  // ?password=… of a URL, password = '…' of a conninfo string.
  for (size_t p = url.find("password"); p != std::string_view::npos;
       p = url.find("password", p + 1)) {
    size_t v = p + 8;
    while (v < url.size() && url[v] == ' ') ++v;
    if (v >= url.size() || url[v] != '=') continue;
    ++v;
    while (v < url.size() && url[v] == ' ') ++v;
    size_t end = v;
    if (v < url.size() && url[v] == '\'') {
      ++v;
      end = std::min(url.find('\'', v), url.size());
    } else {
      end = std::min(url.find_first_of("& \t", v), url.size());
    }
    if (out.empty() || v >= out.back().second) out.emplace_back(v, end);
  }
  return out;
}

std::string WithoutPasswords(std::string message, std::string_view url) {
  for (const auto& [begin, end] : PasswordSpans(url)) {
    const std::string secret(url.substr(begin, end - begin));
    if (secret.empty()) continue;
    for (size_t p = message.find(secret); p != std::string::npos; p = message.find(secret, p + 3)) {
      message.replace(p, secret.size(), "***");
    }
  }
  return message;
}

Error Connection::ErrorOf(const PGresult* result, std::string_view context) const {
  std::string message(context);
  message += ": ";
  const char* text = result ? PQresultErrorMessage(result) : nullptr;
  message += (text && *text) ? text : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (PQstatus(conn_) != CONNECTION_OK) return Error{ErrorCode::kUnavailable, message};
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state ? state : "";
  if (sqlstate.substr(0, 2) == "23") return Error{ErrorCode::kConflict, message};
  // Connection exceptions, resources, serialisation failures and deadlocks,
  // timeouts and shutdowns are worth a retry.
  if (sqlstate.substr(0, 2) == "08" || sqlstate.substr(0, 2) == "53" ||
      sqlstate.substr(0, 2) == "57" || sqlstate == "40001" || sqlstate == "40P01" ||
      sqlstate == "55P03" || sqlstate.empty()) {
    return Error{ErrorCode::kUnavailable, message};
  }
  return Error{ErrorCode::kInternal, message};
}

namespace {

size_t Positions(const std::vector<int>& slots) {
  int most = 0;
  for (const int s : slots) most = std::max(most, s);
  return static_cast<size_t>(most);
}

}  // namespace

Statement::Statement(Connection& conn, std::string name, std::string sql, std::vector<int> slots)
    : conn_(conn),
      name_(std::move(name)),
      sql_(std::move(sql)),
      slots_(std::move(slots)),
      params_(Positions(slots_)) {}

Statement::~Statement() { PQclear(result_); }

Statement& Statement::Bind(int pos, int64_t value) {
  params_.at(pos - 1) = std::to_string(value);
  return *this;
}

Statement& Statement::Bind(int pos, double value) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  params_.at(pos - 1) = std::string(buf);
  return *this;
}

Statement& Statement::Bind(int pos, std::string_view text) {
  params_.at(pos - 1) = std::string(text);
  return *this;
}

Statement& Statement::BindBlob(int pos, std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + bytes.size() * 2);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  params_.at(pos - 1) = std::move(hex);
  return *this;
}

Statement& Statement::BindNull(int pos) {
  params_.at(pos - 1).reset();
  return *this;
}

Statement& Statement::Bind(int pos, const std::optional<double>& value) {
  return value ? Bind(pos, *value) : BindNull(pos);
}

Statement& Statement::BindOrNull(int pos, std::string_view text) {
  return text.empty() ? BindNull(pos) : Bind(pos, text);
}

std::vector<const char*> Statement::Values() const {
  std::vector<const char*> values(slots_.size());
  for (size_t k = 0; k < slots_.size(); ++k) {
    const auto& p = params_[static_cast<size_t>(slots_[k] - 1)];
    values[k] = p ? p->c_str() : nullptr;
  }
  return values;
}

Status Statement::Send() {
  const std::vector<const char*> values = Values();
  const int n = static_cast<int>(values.size());
  const int sent = name_.empty() ? PQsendQueryParams(conn_.handle(), sql_.c_str(), n, nullptr,
                                                     values.data(), nullptr, nullptr, 0)
                                 : PQsendQueryPrepared(conn_.handle(), name_.c_str(), n,
                                                       values.data(), nullptr, nullptr, 0);
  if (!sent) return Fail(conn_.ErrorOf(nullptr, "send query"));
  sent_ = true;
  return {};
}

Result<bool> Statement::Step() {
  if (result_) {
    // With an execution in flight, its rows are taken off the socket now
    // and then: once the socket's buffer is full the server waits for them.
    if (sent_ && (row_ & 127) == 0) (void)PQconsumeInput(conn_.handle());
    return ++row_ < PQntuples(result_);
  }
  PGresult* result = nullptr;
  if (sent_) {
    // The execution Send started: its one result, then the null that ends it.
    sent_ = false;
    auto awaited = conn_.Await(true, "query");
    if (!awaited) return Fail(awaited.error());
    result = *awaited;
  } else {
    const std::vector<const char*> values = Values();
    const int n = static_cast<int>(values.size());
    const int sent = name_.empty() ? PQsendQueryParams(conn_.handle(), sql_.c_str(), n, nullptr,
                                                       values.data(), nullptr, nullptr, 0)
                                   : PQsendQueryPrepared(conn_.handle(), name_.c_str(), n,
                                                         values.data(), nullptr, nullptr, 0);
    auto awaited = conn_.Await(sent != 0, "query");
    if (!awaited) return Fail(awaited.error());
    result = *awaited;
  }
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Error error = conn_.ErrorOf(result, "query");
    PQclear(result);
    return Fail(std::move(error));
  }
  result_ = result;
  const char* tuples = PQcmdTuples(result_);
  changes_ = (tuples && *tuples) ? std::strtoll(tuples, nullptr, 10) : 0;
  row_ = 0;
  return row_ < PQntuples(result_);
}

Status Statement::Run() {
  PQclear(result_);
  result_ = nullptr;
  auto row = Step();
  if (!row) return Fail(row.error());
  return {};
}

int64_t Statement::Int(int col) const {
  if (IsNull(col)) return 0;
  const char* v = PQgetvalue(result_, row_, col);
  if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean
  if (v[0] == 'f' && v[1] == '\0') return 0;
  return std::strtoll(v, nullptr, 10);
}

double Statement::Real(int col) const {
  if (IsNull(col)) return 0;
  return std::strtod(PQgetvalue(result_, row_, col), nullptr);
}

int Statement::Rows() const { return result_ ? PQntuples(result_) : 0; }

int64_t Statement::IntAt(int row, int col) const {
  if (row < 0 || row >= Rows() || PQgetisnull(result_, row, col) != 0) return 0;
  return std::strtoll(PQgetvalue(result_, row, col), nullptr, 10);
}

bool Statement::IsNull(int col) const {
  return !result_ || row_ < 0 || row_ >= PQntuples(result_) || PQgetisnull(result_, row_, col) != 0;
}

std::string Statement::Text(int col) const { return std::string(View(col)); }

std::string_view Statement::View(int col) const {
  if (IsNull(col)) return {};
  return {PQgetvalue(result_, row_, col), static_cast<size_t>(PQgetlength(result_, row_, col))};
}

std::string Statement::Blob(int col) const {
  const std::string hex = Text(col);
  std::string out;
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') return out;
  out.reserve((hex.size() - 2) / 2);
  for (size_t i = 2; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(HexValue(hex[i]) * 16 + HexValue(hex[i + 1]));
  }
  return out;
}

std::optional<double> Statement::OptionalReal(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Real(col);
}

void Statement::Reset() {
  PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  changes_ = 0;
  for (auto& p : params_) p.reset();
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url, int connect_timeout_s,
                                                     int statement_timeout_ms) {
  const std::string timeout = std::to_string(connect_timeout_s);
  // Our defaults first: what the URL says overrides them.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "sigap", url.c_str(), nullptr};
  PGconn* pg = PQconnectdbParams(keywords, values, 1);
  if (!pg) return Fail(ErrorCode::kUnavailable, "PostgreSQL: out of memory");
  std::unique_ptr<Connection> conn(new Connection(pg));
  if (PQstatus(pg) != CONNECTION_OK) {
    Error error = conn->ErrorOf(nullptr, "connect to PostgreSQL");
    error.message = WithoutPasswords(std::move(error.message), url);
    return Fail(std::move(error));
  }
  PQsetNoticeProcessor(pg, IgnoreNotice, nullptr);
  std::string setup = "SET client_encoding = 'UTF8'; SET standard_conforming_strings = on;";
  if (statement_timeout_ms > 0) {
    setup += " SET statement_timeout = " + std::to_string(statement_timeout_ms) + ";";
  }
  if (auto s = conn->Exec(setup); !s) return Fail(s.error());
  return conn;
}

Connection::~Connection() {
  statements_.clear();
  PQfinish(conn_);
}

Status Connection::WaitForAnswer(std::chrono::steady_clock::time_point deadline) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  while (PQisBusy(conn_)) {
    const auto left = duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out_ = true;
      return Fail(ErrorCode::kUnavailable, "PostgreSQL did not answer within " +
                                               std::to_string(response_timeout_.count()) + " ms");
    }
    pollfd socket{PQsocket(conn_), POLLIN, 0};
    if (poll(&socket, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      return {};  // PQgetResult reports what is wrong with the socket
    }
    if (PQconsumeInput(conn_) == 0) return {};  // the connection broke: PQgetResult says so
  }
  return {};
}

Result<PGresult*> Connection::Await(bool sent, std::string_view context) {
  if (!sent) return Fail(ErrorOf(nullptr, "send " + std::string(context)));
  const bool bounded = response_timeout_.count() > 0;
  const auto deadline = std::chrono::steady_clock::now() + response_timeout_;
  PGresult* kept = nullptr;
  for (;;) {
    if (bounded) {
      if (auto answered = WaitForAnswer(deadline); !answered) {
        PQclear(kept);
        return Fail(answered.error());
      }
    }
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr) return kept;
    if (kept != nullptr && PQresultStatus(kept) == PGRES_FATAL_ERROR) {
      PQclear(r);
    } else {
      PQclear(kept);
      kept = r;
    }
  }
}

Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  auto awaited = Await(PQsendQuery(conn_, text.c_str()) != 0, "exec");
  if (!awaited) return Fail(awaited.error());
  PGresult* result = *awaited;
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    PQclear(result);
    return {};
  }
  Error error = ErrorOf(result, "exec");
  PQclear(result);
  return Fail(std::move(error));
}

Result<Statement*> Connection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  std::vector<int> slots;
  std::string text = NumberPlaceholders(sql, slots);
  std::string name = "s" + std::to_string(++next_name_);
  auto awaited =
      Await(PQsendPrepare(conn_, name.c_str(), text.c_str(), 0, nullptr) != 0, "prepare");
  if (!awaited) return Fail(awaited.error());
  PGresult* result = *awaited;
  if (!result || PQresultStatus(result) != PGRES_COMMAND_OK) {
    Error error = ErrorOf(result, std::string("prepare ") + sql);
    PQclear(result);
    return Fail(std::move(error));
  }
  PQclear(result);
  auto* raw = new Statement(*this, std::move(name), std::move(text), std::move(slots));
  statements_.emplace(sql, std::unique_ptr<Statement>(raw));
  return raw;
}

Result<std::unique_ptr<Statement>> Connection::PrepareTransient(const std::string& sql) {
  std::vector<int> slots;
  std::string text = NumberPlaceholders(sql, slots);
  return std::make_unique<Statement>(*this, "", std::move(text), std::move(slots));
}

}  // namespace sigap::store::postgres

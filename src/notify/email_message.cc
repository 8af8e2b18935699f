#include "notify/email_message.h"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdio>

#include "domain/sha256.h"

namespace sigap::notify {
namespace {

bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

// Header values come from configuration and templates; a CR or LF would
// start a new header, so they become spaces.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

// The From header: the display name encoded when it is not plain ASCII.
std::string FromHeader(std::string_view mailbox) {
  const std::string line = OneLine(mailbox);
  const size_t open = line.rfind('<');
  if (open == std::string::npos) return Trim(line);
  const std::string name = Trim(std::string_view(line).substr(0, open));
  std::string address = "<" + AddressOf(line) + ">";
  if (name.empty()) return address;
  if (IsPrintableAscii(name)) return name + " " + address;
  return EncodeHeaderText(name) + " " + address;
}

std::string MessageId(const EmailMessage& message) {
  if (!message.message_id.empty()) return OneLine(message.message_id);
  std::array<unsigned char, 16> random{};
  randombytes_buf(random.data(), random.size());
  const std::string hex = domain::HexOf(random.data(), random.size());
  const std::string from = AddressOf(message.from);
  const size_t at = from.rfind('@');
  const std::string domain = at == std::string::npos ? "sigap.invalid" : from.substr(at + 1);
  return "<" + hex + "@" + domain + ">";
}

// Length of the UTF-8 sequence starting with `lead` (1 for stray bytes).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

}  // namespace

std::string AddressOf(std::string_view mailbox) {
  const size_t open = mailbox.rfind('<');
  if (open != std::string_view::npos) {
    const size_t close = mailbox.find('>', open);
    if (close != std::string_view::npos) return Trim(mailbox.substr(open + 1, close - open - 1));
  }
  return Trim(mailbox);
}

bool ValidAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : address) {
    if (c <= 0x20 || c > 0x7e) return false;
    if (std::string_view("<>()[],;:\\\"").find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  std::string line = OneLine(text);
  if (IsPrintableAscii(line)) return line;
  // "=?UTF-8?B?" + 60 characters of base64 (45 bytes) + "?=" is 72 <= 75.
  constexpr size_t kMaxBytes = 45;
  std::string out;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t end = pos;
    while (end < line.size()) {
      const size_t n = Utf8Length(static_cast<unsigned char>(line[end]));
      if (end + n - pos > kMaxBytes) break;
      end += n;
    }
    end = std::min(end, line.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(line).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string EncodeQuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    const bool last = line_end == std::string_view::npos;
    if (last) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t column = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool at_end = i + 1 == line.size();
      std::string token;
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end)) {
        token.assign(1, static_cast<char>(c));
      } else {
        token = {'=', kHex[c >> 4], kHex[c & 0xf]};
      }
      // Keep room for the soft break "=" within 76 characters.
      if (column + token.size() > 75) {
        out += "=\r\n";
        column = 0;
      }
      out += token;
      column += token.size();
    }
    if (last) break;
    out += "\r\n";
    line_start = line_end + 1;
  }
  return out;
}

std::string DotStuff(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (line_start && c == '.') out += '.';
    if (c == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
    out += c;
    line_start = c == '\n';
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

std::string FormatEmailDate(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::weekday weekday(day);
  const std::chrono::hh_mm_ss time(std::chrono::floor<std::chrono::seconds>(t - day));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[weekday.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

std::string FormatMessage(const EmailMessage& message) {
  std::string out;
  out += "From: " + FromHeader(message.from) + "\r\n";
  out +=
      "To: " +
      (message.to.size() == 1 ? OneLine(message.to[0]) : std::string("undisclosed-recipients:;")) +
      "\r\n";
  out += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
  out += "Date: " + FormatEmailDate(message.date) + "\r\n";
  out += "Message-ID: " + MessageId(message) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n";
  out += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no auto-replies to these
  out += "\r\n";
  out += EncodeQuotedPrintable(message.body);
  return out;
}

}  // namespace sigap::notify

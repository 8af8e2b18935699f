#include "domain/time.h"

#include <cstdio>

namespace sigap {

namespace {

// Writes `v` as `width` digits, zero-padded, at `out`.
void PutDigits(char* out, unsigned v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

// Reads the `n` decimal digits at `pos` of `s` into `out`; false when one of
// them is not a digit or `s` ends before.
bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string FormatRfc3339(Timestamp t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<milliseconds>(t - day)};
  const int year = int(ymd.year());
  if (year >= 0 && year <= 9999) {
    // Without snprintf, which was a fifth of writing a case's JSON.
    std::string out = "0000-00-00T00:00:00.000Z";
    PutDigits(&out[0], unsigned(year), 4);
    PutDigits(&out[5], unsigned(ymd.month()), 2);
    PutDigits(&out[8], unsigned(ymd.day()), 2);
    PutDigits(&out[11], unsigned(hms.hours().count()), 2);
    PutDigits(&out[14], unsigned(hms.minutes().count()), 2);
    PutDigits(&out[17], unsigned(hms.seconds().count()), 2);
    PutDigits(&out[20], unsigned(hms.subseconds().count()), 3);
    return out;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                int(hms.subseconds().count()));
  return buf;
}

std::string FormatLocalRfc3339(Timestamp t, std::chrono::minutes utc_offset) {
  using namespace std::chrono;
  // The offset is whole minutes, so flooring before or after adding it is
  // the same second.
  const auto local = floor<seconds>(t + utc_offset);
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  const int off = int(utc_offset.count());
  const int off_abs = off < 0 ? -off : off;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()), off < 0 ? '-' : '+',
                off_abs / 60, off_abs % 60);
  return buf;
}

std::string DayText(std::chrono::year_month_day date) {
  // Room for the widest invalid date, "-32767-255-255".
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                unsigned(date.day()));
  return buf;
}

std::string MonthText(std::chrono::year_month_day date) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u", int(date.year()), unsigned(date.month()));
  return buf;
}

std::string QuarterText(std::chrono::year_month_day date) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-Q%u", int(date.year()), (unsigned(date.month()) + 2) / 3);
  return buf;
}

std::optional<std::chrono::year_month_day> ParseDay(std::string_view s) {
  using namespace std::chrono;
  int y, mo, d;
  if (s.size() != 10 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  const year_month_day date{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<std::chrono::year_month_day> ParseSurveyDate(std::string_view text) {
  using namespace std::chrono;
  text = text.substr(0, text.find_first_of(" T"));
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    const auto date = ParseDay(text);
    if (!date || date->year() < year{1900}) return std::nullopt;
    return date;
  }
  const auto number = [&](size_t pos, size_t n, int& out) {
    return n >= 1 && n <= 4 && Digits(text, pos, n, out);
  };
  const size_t a = text.find('/');
  const size_t b = a == std::string_view::npos ? a : text.find('/', a + 1);
  int d, m, y;
  if (b == std::string_view::npos || !number(0, a, d) || !number(a + 1, b - a - 1, m) ||
      text.size() - b - 1 != 4 || !number(b + 1, 4, y)) {
    return std::nullopt;
  }
  // Checked before constructing: month and day hold only 0-255.
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const year_month_day date{year{y}, month{unsigned(m)}, day{unsigned(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Timestamp> ParseRfc3339(std::string_view s) {
  using namespace std::chrono;
  if (s.size() < 10) return std::nullopt;
  const auto date = ParseDay(s.substr(0, 10));
  if (!date) return std::nullopt;
  Timestamp t = time_point_cast<microseconds>(sys_days{*date});
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int h, mi, sec = 0;
  if (!Digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !Digits(s, 14, 2, mi)) {
    return std::nullopt;
  }
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, sec)) return std::nullopt;
    pos += 3;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100000, n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      micros += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      if (++n > 9) return std::nullopt;
    }
    if (n == 0) return std::nullopt;
  }
  t += hours{h} + minutes{mi} + seconds{sec} + microseconds{micros};
  if (pos == s.size()) return std::nullopt;  // an instant needs its offset
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size() ? std::optional(t) : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int oh, om;
  if (!Digits(s, pos + 1, 2, oh) || pos + 6 != s.size() || s[pos + 3] != ':' ||
      !Digits(s, pos + 4, 2, om) || oh > 14 || om > 59) {
    return std::nullopt;
  }
  const auto offset = hours{oh} + minutes{om};
  return s[pos] == '+' ? t - offset : t + offset;
}

}  // namespace sigap

#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/time.h"
#include "http/message.h"

namespace sigap::api {

// A period of whole days in the Pemda's time zone, read from the `from` and
// `to` query parameters (YYYY-MM-DD, both inclusive): what the dashboard's
// and the transparency page's figures cover.
struct DateWindow {
  Timestamp from{};       // the first day's start
  Timestamp until{};      // the day after `to`, its start (exclusive)
  std::string from_text;  // YYYY-MM-DD, as the window's days are named
  std::string to_text;
  std::chrono::minutes utc_offset{};
};

// Reads the window; `to` defaults to today, `from` to `default_days` before
// `to`. A malformed date, `from` after `to` or a window longer than
// `max_days` adds an error naming the parameter.
DateWindow ParseDateWindow(const http::Request& request, const domain::Pemda& pemda, Timestamp now,
                           int default_days, int max_days, std::vector<FieldError>& errors);

}  // namespace sigap::api

#pragma once

// SKM surveys and their responses as rows.
// Shared by both backends; the templates take the backend's Statement and
// Connection (sqlite:: and postgres:: share their shape: Prepare, Bind,
// Step, Run, Int, Text, Real, IsNull).
#include <nlohmann/json.hpp>

#include "store/codec.h"
#include "store/store.h"

namespace sigap::store::rows {

using nlohmann::json;

// "443403444": one digit per element.
inline std::string AnswersText(const std::vector<uint8_t>& answers) {
  std::string out;
  out.reserve(answers.size());
  for (const uint8_t a : answers) out.push_back(static_cast<char>('0' + (a <= 9 ? a : 0)));
  return out;
}

inline std::vector<uint8_t> AnswersFromText(const std::string& text) {
  std::vector<uint8_t> out;
  out.reserve(text.size());
  for (const char c : text) out.push_back(c >= '0' && c <= '4' ? static_cast<uint8_t>(c - '0') : 0);
  return out;
}

template <class Stmt>
Survey SurveyFromRow(const Stmt& s) {
  Survey out;
  out.id = s.Int(0);
  out.pemda_id = s.Int(1);
  out.unit_code = s.Text(2);
  out.service_code = s.Text(3);
  out.period = s.Text(4);
  out.starts_on = DateFromText(s.Text(5)).value_or(std::chrono::year_month_day{});
  out.ends_on = DateFromText(s.Text(6)).value_or(std::chrono::year_month_day{});
  const json extra = json::parse(s.Text(7), nullptr, false);
  if (extra.is_array()) {
    for (const auto& e : extra) {
      if (!e.is_object()) continue;
      out.extra_elements.emplace_back(e.value("code", ""), e.value("name", ""));
    }
  }
  const json weights = json::parse(s.Text(8), nullptr, false);
  if (weights.is_array()) {
    for (const auto& w : weights) {
      if (w.is_number()) out.weights.push_back(w.get<double>());
    }
  }
  out.created_by = s.Text(9);
  out.created_at = FromMicros(s.Int(10));
  return out;
}

}  // namespace sigap::store::rows

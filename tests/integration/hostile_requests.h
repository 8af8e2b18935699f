#pragma once

#include <string>
#include <vector>

#include "integration/probe.h"

namespace sigap::integration {

// Tables of malformed and hostile requests for the bad-input test, each a
// list of probes with what they may get back. Bodies are variations of the
// issue's example submission (PU-DRAINASE in 33.74.01.1001), so a probe
// fails for the one reason it names.

// Broken JSON of many shapes, NaN/Infinity tokens, non-object roots,
// duplicate keys, deep nesting (100k '['): 400 (a few may be 422).
std::vector<Probe> MalformedJsonProbes();

// Bodies over the 1 MiB limit, declared and real, plain and chunked: 413.
std::vector<Probe> OversizeProbes();

// Wrong JSON types for every field, missing and empty required fields,
// unknown service and region, out-of-range coordinates, over-long strings,
// control characters and NUL: 422 naming the field.
std::vector<Probe> FieldProbes();

// Invalid UTF-8 (overlongs, surrogates, truncated sequences, stray bytes)
// raw and as lone-surrogate escapes in every string field: 400 or 422 naming
// the field.
std::vector<Probe> InvalidUtf8Probes();

// Bad tracking codes and paths in GET (traversal, percent-encoding garbage,
// 10k-character codes), and methods the routes do not take: 4xx.
std::vector<Probe> PathAndMethodProbes();

// Broken framing: huge and malformed headers, bad, negative and conflicting
// Content-Length, chunked garbage, request-line garbage, other protocols:
// 4xx, or the connection closed.
std::vector<Probe> FramingProbes();

// Text a hostile client may put in a case: SQL and script injection,
// template and format strings, escapes, non-Latin scripts. Valid input: it
// must be stored and returned verbatim.
std::vector<std::string> InjectionStrings();

}  // namespace sigap::integration

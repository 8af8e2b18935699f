#pragma once

// Work that would hold an event loop too long (checking a password,
// moving the deadlines a calendar change falls in) runs on a
// http::WorkLane; the route answers from there.
#include <spdlog/spdlog.h>

#include <exception>
#include <memory>
#include <string>
#include <utility>

#include "api/errors.h"
#include "http/message.h"
#include "http/router.h"
#include "http/work_lane.h"

namespace sigap::api {

using Lane = std::shared_ptr<http::WorkLane>;

// Posts `job` (which answers a copy of `request`) to the lane, or answers
// 503 with Retry-After when the lane's queue is full.
template <typename Job>
void OnLane(const Lane& lane, const http::Request& request, http::Reply reply, Job job) {
  auto copy = std::make_shared<http::Request>(request);
  auto shared_reply = std::make_shared<http::Reply>(std::move(reply));
  const bool posted = lane->Post([copy, shared_reply, job = std::move(job)]() mutable {
    try {
      (*shared_reply)(job(*copy));
    } catch (const std::exception& e) {
      spdlog::error("request {} failed on a work lane: {}", copy->request_id, e.what());
      (*shared_reply)(ProblemResponse(*copy, 500, "internal"));
    }
  });
  if (!posted) {
    auto busy = ProblemResponse(request, 503, "unavailable");
    busy.With("Retry-After", "1");
    (*shared_reply)(std::move(busy));
  }
}

// Registers a route whose synchronous `handler` runs on `lane` instead of
// an event loop: for the answers that read much of the database (figures,
// forecasts, listings, reports). On an event loop, a leader's ten-second
// statistics held up every citizen's request queued behind it on the same
// loop; on the lane they wait only for each other.
inline void AddOnLane(http::Router& router, const Lane& lane, std::string method,
                      std::string pattern, http::SyncHandler handler, std::string route_name) {
  router.Add(
      std::move(method), std::move(pattern),
      [lane, handler = std::make_shared<http::SyncHandler>(std::move(handler))](
          http::Request& request, http::Reply reply) {
        OnLane(lane, request, std::move(reply),
               [handler](http::Request& copy) { return (*handler)(copy); });
      },
      std::move(route_name));
}

}  // namespace sigap::api

#pragma once

// Work that would hold an event loop too long (checking a password,
// moving the deadlines a calendar change falls in) runs on a
// http::WorkLane; the route answers from there.
#include <spdlog/spdlog.h>

#include <exception>
#include <memory>
#include <utility>

#include "api/errors.h"
#include "http/message.h"
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

}  // namespace sigap::api

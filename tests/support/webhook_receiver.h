#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"

namespace sigap::test_support {

// A webhook call as the receiver got it.
struct ReceivedCall {
  std::string path;
  http::Headers headers;
  std::string body;
};

// An HTTP server on 127.0.0.1 (Sigap's own, src/http) that records every
// POST to any path and answers with the scripted statuses, then 200.
//
// Thread-safe.
class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port><path>"
  std::string Url(const std::string& path = "/hook") const;

  // The next calls get these statuses, in order; later ones get 200.
  void Respond(std::vector<int> statuses);

  std::vector<ReceivedCall> Calls() const;
  bool WaitForCalls(size_t n, std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<int> statuses_;
  std::vector<ReceivedCall> calls_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
};

}  // namespace sigap::test_support

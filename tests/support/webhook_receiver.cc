#include "support/webhook_receiver.h"

#include <stdexcept>

namespace sigap::test_support {

WebhookReceiver::WebhookReceiver() {
  router_.AddSync("POST", "/{rest*}", [this](http::Request& request) {
    http::Response response;
    std::lock_guard lock(mutex_);
    calls_.push_back({request.path, request.headers, request.body});
    if (!statuses_.empty()) {
      response.status = statuses_.front();
      statuses_.pop_front();
    }
    response.body = "{}";
    changed_.notify_all();
    return response;
  });
  http::ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  options.access_log = false;
  server_ = std::make_unique<http::Server>(options, router_, metrics_);
  auto port = server_->Start();
  if (!port) throw std::runtime_error("webhook receiver: " + port.error());
  port_ = *port;
}

WebhookReceiver::~WebhookReceiver() { server_->Stop(); }

std::string WebhookReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::Respond(std::vector<int> statuses) {
  std::lock_guard lock(mutex_);
  statuses_.assign(statuses.begin(), statuses.end());
}

std::vector<ReceivedCall> WebhookReceiver::Calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

bool WebhookReceiver::WaitForCalls(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return calls_.size() >= n; });
}

}  // namespace sigap::test_support

#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include "domain/time.h"
#include "notify/delivery.h"
#include "notify/settings.h"
#include "notify/smtp_client.h"
#include "notify/webhook_client.h"
#include "store/store.h"

namespace sigap::notify {

// What one pass over the outbox did.
struct RunReport {
  int claimed = 0;
  int delivered = 0;  // sent, or nothing to send (no address, webhook gone)
  int retried = 0;    // failed for now; next attempt scheduled
  int failed = 0;     // given up: permanent failure or max_attempts reached
  int released = 0;   // not attempted (stopping, or out of lease time); due again at once
};

// The time of the next attempt after `attempts` failed ones (>= 1): the
// first retry after settings.first_retry, each later one after twice the
// wait before, never more than settings.max_retry.
Timestamp NextAttempt(Timestamp now, int attempts, const Settings& settings);

// Delivers the notification outbox: claims due messages (leased, so that
// several senders never take the same one), sends e-mails through SMTP and
// webhook calls, and records each outcome — delivered, retried with
// exponential backoff, or given up after max_attempts or a permanent
// failure. E-mail waits in the outbox while no SMTP host is configured;
// webhooks always go. Logs name the outbox id, channel, audience kind and
// outcome, never an address or a message's content.
//
// Thread-safe. Start/Stop/Notify from any thread; RunOnce may run beside
// the background thread (claims are exclusive).
class Dispatcher {
 public:
  // `store` and `clock` must outlive the dispatcher.
  Dispatcher(store::Store& store, const Clock& clock, Settings settings);
  // Stops the background thread if it runs.
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Starts the background thread: a pass every poll_interval, at once when
  // woken by Notify, and straight again while passes find full batches.
  void Start();

  // Stops the thread after the message being sent; claimed messages not yet
  // attempted are released. Idempotent.
  void Stop();

  // Asks for a pass now (e.g. after an event wrote outbox rows).
  void Notify();

  // One pass at `now`: claims up to batch_size due messages and delivers
  // them one by one. Store failures are logged and counted as retries.
  RunReport RunOnce(Timestamp now);

 private:
  struct Batch;

  void Loop();
  Delivery Deliver(const store::OutboxMessage& message, Timestamp now, Batch& batch);
  Delivery DeliverEmail(const store::OutboxMessage& message, Timestamp now, Batch& batch);
  Delivery DeliverWebhook(const store::OutboxMessage& message, Batch& batch);
  void Record(const store::OutboxMessage& message, const Delivery& delivery, Timestamp now,
              RunReport& report);
  void Release(const store::OutboxMessage& message, Timestamp now, RunReport& report);
  std::chrono::minutes UtcOffset(domain::PemdaId pemda);

  store::Store& store_;
  const Clock& clock_;
  const Settings settings_;
  const SmtpClient smtp_;
  const WebhookClient webhooks_;

  std::mutex offsets_mutex_;
  std::map<domain::PemdaId, std::chrono::minutes> offsets_;  // of each Pemda's time zone

  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sigap::notify

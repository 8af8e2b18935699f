#include "notify/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/text.h"
#include "domain/working_calendar.h"
#include "notify/templates.h"

namespace sigap::notify {
namespace {

using nlohmann::json;

// The audience without its name ("agency:DPU" → "agency"), for logs: names
// of users are personal data.
std::string_view AudienceKind(std::string_view audience) {
  return audience.substr(0, audience.find(':'));
}

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kDelivered:
      return "delivered";
    case Outcome::kTransient:
      return "transient failure";
    case Outcome::kPermanent:
      return "permanent failure";
  }
  return "?";
}

Delivery Done(std::string note) { return {Outcome::kDelivered, std::move(note), false}; }
Delivery Permanent(std::string detail) { return {Outcome::kPermanent, std::move(detail), false}; }
Delivery Transient(std::string detail) { return {Outcome::kTransient, std::move(detail), false}; }

std::optional<json> ParsePayload(const std::string& text) {
  auto payload = json::parse(text, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return std::nullopt;
  return payload;
}

// The full name of the officer who asked (payload.requested_by
// "user:NAME"), "" when none is set, the asker is no officer or the store
// cannot say: the e-mail then names the username.
std::string RequesterName(store::Store& store, const json& payload, domain::PemdaId pemda) {
  const auto by = payload.find("requested_by");
  if (by == payload.end() || !by->is_string()) return "";
  const auto username = domain::ActorUsername(by->get_ref<const std::string&>());
  if (!username) return "";
  auto user = store.FindUser(pemda, *username);
  return user ? user->full_name : "";
}

}  // namespace

// Servers found unusable during one pass: the messages after the first
// failure to the same server fail alike without waiting for a timeout each.
struct Dispatcher::Batch {
  std::optional<Delivery> smtp_down;
  std::map<int64_t, Delivery> webhooks_down;
};

std::optional<SmtpSecurity> ParseSmtpSecurity(std::string_view text) {
  if (text == "starttls") return SmtpSecurity::kStartTls;
  if (text == "tls") return SmtpSecurity::kTls;
  if (text == "none") return SmtpSecurity::kNone;
  return std::nullopt;
}

std::vector<std::string> SplitAddresses(std::string_view comma_separated) {
  return domain::SplitCommaList(comma_separated);
}

Timestamp NextAttempt(Timestamp now, int attempts, const Settings& settings) {
  std::chrono::seconds wait = settings.first_retry;
  for (int i = 1; i < attempts && wait < settings.max_retry; ++i) wait *= 2;
  return now + std::min(wait, settings.max_retry);
}

Dispatcher::Dispatcher(store::Store& store, const Clock& clock, Settings settings)
    : store_(store),
      clock_(clock),
      settings_(std::move(settings)),
      smtp_(settings_.smtp),
      webhooks_(settings_.webhook) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::Notify() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Dispatcher::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    RunReport report;
    try {
      report = RunOnce(clock_.Now());
    } catch (const std::exception& e) {
      spdlog::error("notify: pass failed: {}", e.what());
    }
    lock.lock();
    if (report.claimed >= settings_.batch_size && report.released == 0) continue;
    wake_.wait_for(lock, settings_.poll_interval, [this] { return stopping_ || woken_; });
  }
}

RunReport Dispatcher::RunOnce(Timestamp now) {
  RunReport report;
  // E-mail waits in the outbox until an SMTP server is configured.
  const std::string_view channel = settings_.smtp.host.empty() ? "webhook" : "";
  auto claimed = store_.ClaimOutbox(now, now + settings_.lease, settings_.batch_size, channel);
  if (!claimed) {
    spdlog::error("notify: cannot read the outbox: {}", claimed.error().message);
    return report;
  }
  report.claimed = static_cast<int>(claimed->size());
  // Leave half the lease as margin: a message still unsent then goes back
  // to the queue rather than risk a second sender taking it mid-send.
  const auto started = std::chrono::steady_clock::now();
  Batch batch;
  for (const auto& message : *claimed) {
    bool stopping = false;
    {
      std::lock_guard lock(mutex_);
      stopping = stopping_;
    }
    if (stopping || std::chrono::steady_clock::now() - started > settings_.lease / 2) {
      Release(message, now, report);
      continue;
    }
    Record(message, Deliver(message, now, batch), now, report);
  }
  return report;
}

Delivery Dispatcher::Deliver(const store::OutboxMessage& message, Timestamp now, Batch& batch) {
  if (message.channel == "email") return DeliverEmail(message, now, batch);
  if (message.channel == "webhook") return DeliverWebhook(message, batch);
  return Permanent("unknown channel");
}

Delivery Dispatcher::DeliverEmail(const store::OutboxMessage& message, Timestamp now,
                                  Batch& batch) {
  const auto payload = ParsePayload(message.payload);
  if (!payload) return Permanent("payload is not a JSON object");
  std::vector<std::string> recipients;
  if (message.audience == "inspectorate") {
    recipients = settings_.inspectorate_emails;
    if (recipients.empty()) return Done("no inspectorate address configured");
  } else {
    auto found = store_.EmailRecipients(message);
    if (!found) {
      if (found.error().code == ErrorCode::kInvalidArgument) return Permanent("unknown audience");
      return Transient("store: " + found.error().message);
    }
    recipients = std::move(*found);
  }
  std::erase_if(recipients, [](const std::string& a) { return !ValidAddress(a); });
  if (recipients.empty()) return Done("no recipient with a valid e-mail address");
  if (batch.smtp_down) return *batch.smtp_down;

  TemplateContext context{settings_.base_url, UtcOffset(message.pemda_id)};
  // Supporters (+1) read what the reporter reads.
  const Reader reader = message.audience == "reporter" || message.audience == "supporters"
                            ? Reader::kCitizen
                            : Reader::kOfficer;
  if (reader == Reader::kOfficer) {
    context.requester_name = RequesterName(store_, *payload, message.pemda_id);
  }
  auto content = RenderEmail(message.template_name, *payload, reader, context);
  EmailMessage email;
  email.from = settings_.from;
  email.to = std::move(recipients);
  email.subject = std::move(content.subject);
  email.body = std::move(content.body);
  email.date = now;
  // The same id on every retry, so that a copy sent twice (a crash after
  // the server accepted it) can be recognised as one.
  const std::string sender = AddressOf(settings_.from);
  email.message_id = "<outbox." + std::to_string(message.id) + "." +
                     std::to_string(ToMicros(message.created_at)) + "@" +
                     sender.substr(sender.rfind('@') + 1) + ">";
  auto delivery = smtp_.Send(email);
  if (delivery.server_unusable) batch.smtp_down = delivery;
  return delivery;
}

Delivery Dispatcher::DeliverWebhook(const store::OutboxMessage& message, Batch& batch) {
  const std::string_view audience = message.audience;
  int64_t id = 0;
  if (AudienceKind(audience) != "webhook" || audience.size() <= 8) {
    return Permanent("unknown audience");
  }
  for (char c : audience.substr(8)) {
    if (c < '0' || c > '9' || id > (INT64_MAX - 9) / 10) return Permanent("unknown audience");
    id = id * 10 + (c - '0');
  }
  auto webhook = store_.WebhookTarget(id);
  if (!webhook) {
    if (webhook.error().code == ErrorCode::kNotFound) return Done("webhook no longer exists");
    return Transient("store: " + webhook.error().message);
  }
  if (!webhook->active) return Done("webhook deleted");
  if (webhook->pemda_id != message.pemda_id) return Permanent("webhook of another Pemda");
  const auto& events = webhook->events;
  if (!events.empty() &&
      std::find(events.begin(), events.end(), message.template_name) == events.end()) {
    return Done("webhook not subscribed to this event");
  }
  const auto payload = ParsePayload(message.payload);
  if (!payload) return Permanent("payload is not a JSON object");
  if (auto down = batch.webhooks_down.find(id); down != batch.webhooks_down.end()) {
    return down->second;
  }
  WebhookCall call;
  call.url = webhook->url;
  call.secret = webhook->secret;
  call.event = message.template_name;
  call.delivery_id =
      std::to_string(message.id) + "-" + std::to_string(ToMicros(message.created_at));
  call.body = WebhookBody(message.id, message.template_name, *payload);
  auto delivery = webhooks_.Post(call);
  if (delivery.server_unusable) batch.webhooks_down.emplace(id, delivery);
  return delivery;
}

void Dispatcher::Record(const store::OutboxMessage& message, const Delivery& delivery,
                        Timestamp now, RunReport& report) {
  const int attempts = message.attempts + 1;
  Status saved;
  std::string error = delivery.detail;
  if (delivery.outcome == Outcome::kDelivered) {
    saved = store_.CompleteOutbox(message.id, now, delivery.detail);
    ++report.delivered;
  } else if (delivery.outcome == Outcome::kTransient && attempts < settings_.max_attempts) {
    saved = store_.RetryOutbox(message.id, attempts, NextAttempt(now, attempts, settings_), error);
    ++report.retried;
  } else {
    if (delivery.outcome == Outcome::kTransient) {
      error = "gave up after " + std::to_string(attempts) + " attempts: " + error;
    }
    saved = store_.RetryOutbox(message.id, attempts, std::nullopt, error);
    ++report.failed;
  }
  const auto kind = AudienceKind(message.audience);
  if (delivery.outcome == Outcome::kDelivered) {
    spdlog::info("notify: outbox {} {} {} delivered{}{}", message.id, message.channel, kind,
                 delivery.detail.empty() ? "" : ": ", delivery.detail);
  } else {
    spdlog::warn("notify: outbox {} {} {} attempt {}: {}: {}", message.id, message.channel, kind,
                 attempts, OutcomeName(delivery.outcome), error);
  }
  if (!saved) {
    // The lease runs out and the message is attempted again: a duplicate
    // at worst, never a loss.
    spdlog::error("notify: outbox {}: cannot record the outcome: {}", message.id,
                  saved.error().message);
  }
}

void Dispatcher::Release(const store::OutboxMessage& message, Timestamp now, RunReport& report) {
  ++report.released;
  if (auto s = store_.RetryOutbox(message.id, message.attempts, now, message.last_error); !s) {
    spdlog::error("notify: outbox {}: cannot release: {}", message.id, s.error().message);
  }
}

std::chrono::minutes Dispatcher::UtcOffset(domain::PemdaId pemda) {
  std::lock_guard lock(offsets_mutex_);
  if (auto it = offsets_.find(pemda); it != offsets_.end()) return it->second;
  std::chrono::minutes offset = std::chrono::hours(7);  // WIB, the most common
  if (auto all = store_.ListPemdas()) {
    for (const auto& p : *all) {
      if (p.id != pemda) continue;
      if (auto found = domain::IndonesianUtcOffset(p.time_zone)) offset = *found;
      offsets_[pemda] = offset;
    }
  }
  return offset;
}

}  // namespace sigap::notify

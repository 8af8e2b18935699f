#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notify/smtp_client.h"
#include "notify/webhook_client.h"

namespace sigap::notify {

// What the Dispatcher needs to know. Plain data; `sigap serve` fills it
// from the [notify] section of the configuration.
struct Settings {
  SmtpSettings smtp;  // smtp.host "" = no e-mail is sent (messages wait in the outbox)
  std::string from = "Sigap <sigap@localhost>";
  std::string base_url = "http://127.0.0.1:8080";  // links in messages
  std::vector<std::string> inspectorate_emails;    // the audience "inspectorate"
  int max_attempts = 12;                           // then a message is given up
  WebhookSettings webhook;

  std::chrono::seconds lease{300};  // a claimed message is retried after this if unfinished
  int batch_size = 50;              // messages claimed at once
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::seconds first_retry{30};  // doubles after each failure ...
  std::chrono::seconds max_retry{3600};  // ... up to this
};

// "starttls", "tls" or "none"; nullopt for anything else.
std::optional<SmtpSecurity> ParseSmtpSecurity(std::string_view text);

// Splits "a@b.id, c@d.id" at commas, trimming spaces and dropping empty
// entries.
std::vector<std::string> SplitAddresses(std::string_view comma_separated);

}  // namespace sigap::notify

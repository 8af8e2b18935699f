#include "cli/notify_settings.h"

#include <algorithm>
#include <cctype>

namespace sigap::cli {

notify::Settings NotifySettings(const Config::Notify& config) {
  notify::Settings s;
  s.smtp.host = config.smtp_host;
  s.smtp.port = static_cast<uint16_t>(config.smtp_port);
  // LoadConfig accepts only the three values ParseSmtpSecurity knows.
  s.smtp.security =
      notify::ParseSmtpSecurity(config.smtp_security).value_or(notify::SmtpSecurity::kStartTls);
  s.smtp.username = config.smtp_username;
  s.smtp.password = config.smtp_password;
  if (auto url = notify::ParseWebhookUrl(config.base_url);
      url &&
      std::any_of(url->host.begin(), url->host.end(),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) &&
      url->host.find(':') == std::string::npos) {
    s.smtp.helo_name = url->host;
  }
  s.from = config.from;
  s.base_url = config.base_url;
  while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
  s.inspectorate_emails = notify::SplitAddresses(config.inspectorate_emails);
  s.max_attempts = static_cast<int>(config.max_attempts);
  s.webhook.allow_private = config.webhook_private_targets;
  return s;
}

}  // namespace sigap::cli

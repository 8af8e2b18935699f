#include "notify/smtp_client.h"

#include <algorithm>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <set>
#include <vector>

#include "notify/io.h"

namespace sigap::notify {
namespace {

namespace asio = internal::asio;
using internal::ClientConnection;
using internal::ErrorCode;

constexpr size_t kMaxLine = 4096;      // RFC 5321 allows 512 for replies; be lenient
constexpr size_t kMaxReplyLines = 64;  // an EHLO reply lists a dozen extensions at most

struct Reply {
  int code = 0;
  std::vector<std::string> lines;  // the text after the code, one per line

  int Class() const { return code / 100; }

  // "4.3.0" when the first line starts with an RFC 3463 enhanced status.
  std::string Enhanced() const {
    if (lines.empty()) return {};
    const std::string& first = lines.front();
    const size_t end = first.find(' ');
    const std::string token = first.substr(0, end);
    if (token.size() < 5 || token.size() > 9) return {};
    int dots = 0;
    for (char c : token) {
      if (c == '.') {
        ++dots;
      } else if (c < '0' || c > '9') {
        return {};
      }
    }
    return dots == 2 ? token : std::string();
  }
};

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// What an EHLO reply offers: the keywords and the AUTH mechanisms.
struct Extensions {
  std::set<std::string> keywords;
  std::set<std::string> auth;

  explicit Extensions(const Reply& ehlo) {
    for (size_t i = 1; i < ehlo.lines.size(); ++i) {
      std::string line = Upper(ehlo.lines[i]);
      std::replace(line.begin(), line.end(), '=', ' ');  // old servers say AUTH=LOGIN
      const size_t space = line.find(' ');
      const std::string keyword = line.substr(0, space);
      keywords.insert(keyword);
      if (keyword != "AUTH" || space == std::string::npos) continue;
      size_t pos = space + 1;
      while (pos < line.size()) {
        const size_t end = std::min(line.find(' ', pos), line.size());
        if (end > pos) auth.insert(line.substr(pos, end - pos));
        pos = end + 1;
      }
    }
  }
};

Delivery Transient(std::string detail, bool server_unusable) {
  return {Outcome::kTransient, std::move(detail), server_unusable};
}

// One SMTP session. Replies' texts are never copied into a Delivery: a
// server may quote the recipient's address in them.
class Session {
 public:
  Session(const SmtpSettings& settings, internal::ssl::context& tls)
      : settings_(settings), conn_(tls) {}

  Delivery Deliver(const EmailMessage& message) {
    const std::string from = AddressOf(message.from);
    // A configuration mistake, not the message's: keep it for when it is fixed.
    if (!ValidAddress(from)) return Transient("smtp: notify.from is not a valid address", true);
    if (auto ec = conn_.Connect(settings_.host, settings_.port, Deadline()); ec) {
      return Network("connect", ec);
    }
    if (settings_.security == SmtpSecurity::kTls) {
      if (auto ec = conn_.Handshake(settings_.host, Deadline()); ec) return Network("tls", ec);
    }
    auto greeting = Read("greeting");
    if (!greeting) return greeting.error();
    if (greeting->code != 220) return Refused("greeting", *greeting, false);
    auto ehlo = Hello();
    if (!ehlo) return ehlo.error();
    if (settings_.security == SmtpSecurity::kStartTls) {
      if (!ehlo->keywords.contains("STARTTLS")) {
        return Transient("smtp: the server does not offer STARTTLS", true);
      }
      auto started = Command("STARTTLS", "STARTTLS");
      if (!started) return started.error();
      if (started->code != 220) return Refused("STARTTLS", *started, false);
      // Anything the server sent before the handshake could be injected by
      // a man in the middle (CVE-2011-0411): refuse the session.
      if (!buffer_.empty()) return Transient("smtp: data after STARTTLS reply", true);
      if (auto ec = conn_.Handshake(settings_.host, Deadline()); ec) return Network("tls", ec);
      ehlo = Hello();
      if (!ehlo) return ehlo.error();
    }
    if (!settings_.username.empty()) {
      if (auto failed = Authenticate(*ehlo)) return *failed;
    }
    return Transaction(message, from);
  }

 private:
  internal::Deadline Deadline() const {
    return std::chrono::steady_clock::now() + settings_.timeout;
  }

  static Delivery Network(std::string_view step, const ErrorCode& ec) {
    return Transient("smtp " + std::string(step) + ": " + ec.message(), true);
  }

  // A reply other than the expected one. `message_level`: the step is about
  // this message (MAIL, RCPT, DATA), so a 5xx means it can never be sent.
  static Delivery Refused(std::string_view step, const Reply& reply, bool message_level) {
    std::string detail = "smtp " + std::string(step) + ": " + std::to_string(reply.code);
    if (const auto enhanced = reply.Enhanced(); !enhanced.empty()) detail += " " + enhanced;
    if (reply.Class() == 5 && message_level) return {Outcome::kPermanent, detail, false};
    return Transient(std::move(detail), !message_level);
  }

  tl::expected<void, Delivery> Write(std::string_view step, std::string_view data) {
    auto ec = conn_.Run(
        [&](auto& stream, auto handler) {
          asio::async_write(stream, asio::buffer(data.data(), data.size()), std::move(handler));
        },
        Deadline());
    if (ec) return tl::unexpected(Network(step, ec));
    return {};
  }

  tl::expected<std::string, Delivery> ReadLine(std::string_view step) {
    size_t end = buffer_.find("\r\n");
    if (end == std::string::npos) {
      auto ec = conn_.Run(
          [&](auto& stream, auto handler) {
            asio::async_read_until(stream, asio::dynamic_buffer(buffer_, kMaxLine), "\r\n",
                                   std::move(handler));
          },
          Deadline());
      if (ec) return tl::unexpected(Network(step, ec));
      end = buffer_.find("\r\n");
    }
    std::string line = buffer_.substr(0, end);
    buffer_.erase(0, end + 2);
    return line;
  }

  tl::expected<Reply, Delivery> Read(std::string_view step) {
    Reply reply;
    for (size_t n = 0; n < kMaxReplyLines; ++n) {
      auto line = ReadLine(step);
      if (!line) return tl::unexpected(line.error());
      auto digit = [&](size_t i) { return (*line)[i] >= '0' && (*line)[i] <= '9'; };
      const bool well_formed = line->size() >= 3 && digit(0) && digit(1) && digit(2) &&
                               (line->size() == 3 || (*line)[3] == ' ' || (*line)[3] == '-');
      if (!well_formed) {
        return tl::unexpected(Transient("smtp " + std::string(step) + ": malformed reply", true));
      }
      reply.code = std::stoi(line->substr(0, 3));
      reply.lines.push_back(line->size() > 4 ? line->substr(4) : std::string());
      if (line->size() == 3 || (*line)[3] == ' ') return reply;
    }
    return tl::unexpected(Transient("smtp " + std::string(step) + ": reply too long", true));
  }

  tl::expected<Reply, Delivery> Command(std::string_view step, const std::string& line) {
    if (auto w = Write(step, line + "\r\n"); !w) return tl::unexpected(w.error());
    return Read(step);
  }

  tl::expected<Extensions, Delivery> Hello() {
    auto reply = Command("EHLO", "EHLO " + settings_.helo_name);
    if (!reply) return tl::unexpected(reply.error());
    if (reply->code == 250) return Extensions(*reply);
    // RFC 5321 4.1.4: fall back to HELO, which offers no extensions — good
    // enough only when neither STARTTLS nor AUTH is needed.
    if (reply->Class() != 5 || settings_.security != SmtpSecurity::kNone ||
        !settings_.username.empty()) {
      return tl::unexpected(Refused("EHLO", *reply, false));
    }
    reply = Command("HELO", "HELO " + settings_.helo_name);
    if (!reply) return tl::unexpected(reply.error());
    if (reply->code != 250) return tl::unexpected(Refused("HELO", *reply, false));
    return Extensions(Reply{});
  }

  // Returns the failure, or nullopt once authenticated. A refusal (535) is
  // transient: the credentials in the configuration can be corrected.
  std::optional<Delivery> Authenticate(const Extensions& ehlo) {
    const std::string& user = settings_.username;
    const std::string& password = settings_.password;
    tl::expected<Reply, Delivery> reply = tl::unexpected(Delivery{});
    if (ehlo.auth.contains("PLAIN")) {
      reply =
          Command("AUTH", "AUTH PLAIN " + Base64(std::string(1, '\0') + user + '\0' + password));
    } else if (ehlo.auth.contains("LOGIN")) {
      reply = Command("AUTH", "AUTH LOGIN");
      if (reply && reply->code == 334) reply = Command("AUTH", Base64(user));
      if (reply && reply->code == 334) reply = Command("AUTH", Base64(password));
    } else {
      return Transient("smtp: the server offers neither AUTH PLAIN nor AUTH LOGIN", true);
    }
    if (!reply) return reply.error();
    if (reply->code != 235) return Refused("AUTH", *reply, false);
    return std::nullopt;
  }

  Delivery Transaction(const EmailMessage& message, const std::string& from) {
    auto mail = Command("MAIL", "MAIL FROM:<" + from + ">");
    if (!mail) return mail.error();
    if (mail->Class() != 2) return Refused("MAIL", *mail, true);
    int accepted = 0;
    int refused = 0;
    std::optional<Reply> last_refusal;
    for (const auto& to : message.to) {
      if (!ValidAddress(to)) {
        ++refused;
        continue;
      }
      auto rcpt = Command("RCPT", "RCPT TO:<" + to + ">");
      if (!rcpt) return rcpt.error();
      if (rcpt->Class() == 2) {
        ++accepted;
      } else if (rcpt->Class() == 5) {
        ++refused;
        last_refusal = *rcpt;
      } else {
        // 4xx: try the whole message again later rather than lose a
        // recipient (those accepted are forgotten when the session ends).
        Quit();
        return Refused("RCPT", *rcpt, true);
      }
    }
    if (accepted == 0) {
      Quit();
      if (last_refusal) return Refused("RCPT", *last_refusal, true);
      return {Outcome::kPermanent, "smtp: no valid recipient address", false};
    }
    auto data = Command("DATA", "DATA");
    if (!data) return data.error();
    if (data->code != 354) return Refused("DATA", *data, true);
    if (auto w = Write("DATA", DotStuff(FormatMessage(message)) + ".\r\n"); !w) return w.error();
    auto done = Read("DATA");
    if (!done) return done.error();
    if (done->Class() != 2) return Refused("DATA", *done, true);
    Quit();
    Delivery delivered{Outcome::kDelivered, "", false};
    if (refused > 0) delivered.detail = std::to_string(refused) + " recipient(s) refused";
    return delivered;
  }

  // Ends the session politely; the message's fate is already known.
  void Quit() { (void)Command("QUIT", "QUIT"); }

  const SmtpSettings& settings_;
  ClientConnection conn_;
  std::string buffer_;  // received, not yet consumed
};

}  // namespace

SmtpClient::SmtpClient(SmtpSettings settings) : settings_(std::move(settings)) {}

Delivery SmtpClient::Send(const EmailMessage& message) const {
  if (settings_.host.empty()) return Transient("smtp: no server configured", true);
  // Without TLS the context is never used, so the CA file does not matter.
  auto tls = internal::MakeTlsContext(
      settings_.security == SmtpSecurity::kNone ? std::string() : settings_.ca_file);
  if (!tls) return Transient("smtp: " + tls.error(), true);
  try {
    Session session(settings_, **tls);
    return session.Deliver(message);
  } catch (const std::exception& e) {
    return Transient(std::string("smtp: ") + e.what(), true);
  }
}

}  // namespace sigap::notify

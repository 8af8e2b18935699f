#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/test_tls.h"

namespace sigap::test_support {

// A message as the sink received it.
struct ReceivedMail {
  std::string mail_from;             // the MAIL FROM address
  std::vector<std::string> rcpt_to;  // RCPT TO addresses, in order
  std::string data;                  // DATA with dot-stuffing undone, CRLF line ends
  std::string auth_user;             // from AUTH PLAIN/LOGIN; "" when none
  bool tls = false;                  // received over TLS (STARTTLS or implicit)

  // The value of the first header `name` (case-insensitive), unfolded.
  std::string Header(const std::string& name) const;
  // The body: the text after the blank line ending the headers.
  std::string Body() const;
};

struct SmtpSinkOptions {
  // When set, the sink offers STARTTLS with this certificate, or (with
  // implicit_tls) speaks TLS from the first byte.
  const TestCertificate* certificate = nullptr;
  bool implicit_tls = false;
  bool offer_starttls = true;  // with a certificate and without implicit_tls
  // When set, AUTH PLAIN and LOGIN are offered and MAIL needs them first.
  std::string username = {};
  std::string password = {};
};

// An SMTP server on 127.0.0.1 for tests: EHLO/HELO, STARTTLS, AUTH PLAIN
// and LOGIN, MAIL, RCPT (refuses addresses starting with "reject"), DATA,
// RSET, NOOP, QUIT. Records every accepted message. Can answer 451 to the
// end of the next N transactions, or go down (stop listening, so
// connections are refused) and come back on the same port.
//
// One connection at a time, on its own thread. Thread-safe.
class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  uint16_t port() const { return port_; }

  // The next `n` transactions get `code` (e.g. 451 or 554) after DATA and
  // are not recorded.
  void FailNext(int n, int code = 451);

  // Down: the port is closed and connections are refused. Up: listening
  // again on the same port. Returns once the change is in effect.
  void SetDown(bool down);

  std::vector<ReceivedMail> Messages() const;
  int connections() const;

  // Waits until `n` messages have been received or `timeout` passes.
  bool WaitForMessages(size_t n, std::chrono::milliseconds timeout);

 private:
  struct Connection;
  void Run();
  bool Listen();
  void Serve(int fd);

  const SmtpSinkOptions options_;
  void* tls_context_ = nullptr;  // SSL_CTX*, when a certificate is given
  uint16_t port_ = 0;
  int listen_fd_ = -1;  // touched by the sink's thread (and the constructor)

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ReceivedMail> messages_;
  int connections_ = 0;
  int fail_next_ = 0;
  int fail_code_ = 451;
  bool want_down_ = false;
  bool is_down_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sigap::test_support

#include "support/smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace sigap::test_support {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool StartsWithNoCase(const std::string& text, const std::string& prefix) {
  return Lower(text.substr(0, prefix.size())) == Lower(prefix);
}

std::string DecodeBase64(const std::string& text) {
  std::string out(text.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  size_t size = static_cast<size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --size;
  out.resize(size);
  return out;
}

// The address inside "FROM:<a@b>" or "TO:<a@b>".
std::string AngleAddress(const std::string& argument) {
  const size_t open = argument.find('<');
  const size_t close = argument.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return argument.substr(open + 1, close - open - 1);
}

SSL_CTX* ServerContext(const TestCertificate& certificate) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  BIO* cert_bio = BIO_new_mem_buf(certificate.certificate_pem.data(),
                                  static_cast<int>(certificate.certificate_pem.size()));
  X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
  BIO_free(cert_bio);
  BIO* key_bio = BIO_new_mem_buf(certificate.private_key_pem.data(),
                                 static_cast<int>(certificate.private_key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
  BIO_free(key_bio);
  if (!ctx || !cert || !key || SSL_CTX_use_certificate(ctx, cert) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, key) != 1) {
    throw std::runtime_error("smtp sink: cannot load the test certificate");
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return ctx;
}

}  // namespace

std::string ReceivedMail::Header(const std::string& name) const {
  const size_t end = data.find("\r\n\r\n");
  const std::string head = data.substr(0, end);
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find("\r\n", pos);
    if (eol == std::string::npos) eol = head.size();
    const std::string line = head.substr(pos, eol - pos);
    pos = eol + 2;
    if (!StartsWithNoCase(line, name + ":")) continue;
    std::string value = line.substr(name.size() + 1);
    // Continuation lines start with white space (RFC 5322 folding).
    while (pos < head.size() && (head[pos] == ' ' || head[pos] == '\t')) {
      eol = head.find("\r\n", pos);
      if (eol == std::string::npos) eol = head.size();
      value += head.substr(pos, eol - pos);
      pos = eol + 2;
    }
    value.erase(0, value.find_first_not_of(' '));
    return value;
  }
  return {};
}

std::string ReceivedMail::Body() const {
  const size_t end = data.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : data.substr(end + 4);
}

// One client connection, plain or TLS, read line by line.
struct SmtpSink::Connection {
  int fd = -1;
  SSL* ssl = nullptr;
  std::string buffer;

  ~Connection() {
    if (ssl) SSL_free(ssl);
    if (fd >= 0) close(fd);
  }

  bool StartTls(void* context) {
    buffer.clear();  // plaintext sent before the handshake is never trusted
    ssl = SSL_new(static_cast<SSL_CTX*>(context));
    SSL_set_fd(ssl, fd);
    return SSL_accept(ssl) == 1;
  }

  bool Write(const std::string& text) {
    if (ssl) return SSL_write(ssl, text.data(), static_cast<int>(text.size())) > 0;
    return send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }

  bool ReadLine(std::string& line) {
    for (;;) {
      const size_t eol = buffer.find("\r\n");
      if (eol != std::string::npos) {
        line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        return true;
      }
      char chunk[4096];
      const long n = ssl ? SSL_read(ssl, chunk, sizeof chunk) : recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
    }
  }
};

SmtpSink::SmtpSink(SmtpSinkOptions options) : options_(std::move(options)) {
  if (options_.certificate) tls_context_ = ServerContext(*options_.certificate);
  if (!Listen()) throw std::runtime_error("smtp sink: cannot listen on 127.0.0.1");
  thread_ = std::thread([this] { Run(); });
}

SmtpSink::~SmtpSink() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  if (tls_context_) SSL_CTX_free(static_cast<SSL_CTX*>(tls_context_));
}

bool SmtpSink::Listen() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return false;
  const int on = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listen_fd_, 16) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(listen_fd_);
    listen_fd_ = -1;
    return false;
  }
  port_ = ntohs(address.sin_port);
  return true;
}

void SmtpSink::FailNext(int n, int code) {
  std::lock_guard lock(mutex_);
  fail_next_ = n;
  fail_code_ = code;
}

void SmtpSink::SetDown(bool down) {
  std::unique_lock lock(mutex_);
  want_down_ = down;
  changed_.wait(lock, [&] { return is_down_ == down; });
}

std::vector<ReceivedMail> SmtpSink::Messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

int SmtpSink::connections() const {
  std::lock_guard lock(mutex_);
  return connections_;
}

bool SmtpSink::WaitForMessages(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
}

void SmtpSink::Run() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      if (want_down_ && !is_down_) {
        close(listen_fd_);
        listen_fd_ = -1;
        is_down_ = true;
        changed_.notify_all();
      } else if (!want_down_ && is_down_) {
        // The same port: a client configured for it finds the sink again.
        while (!Listen()) usleep(10000);
        is_down_ = false;
        changed_.notify_all();
      }
    }
    if (listen_fd_ < 0) {
      usleep(10000);
      continue;
    }
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    timeval timeout{10, 0};  // a stuck client does not hang the test
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    {
      std::lock_guard lock(mutex_);
      ++connections_;
    }
    Serve(fd);
  }
}

void SmtpSink::Serve(int fd) {
  Connection conn;
  conn.fd = fd;
  if (options_.implicit_tls && !conn.StartTls(tls_context_)) return;
  if (!conn.Write("220 sink ESMTP ready\r\n")) return;
  ReceivedMail mail;
  std::string auth_user;
  bool in_mail = false;
  auto reset = [&] {
    mail = ReceivedMail{};
    in_mail = false;
  };
  auto authenticated = [&](const std::string& user, const std::string& password) {
    if (user != options_.username || password != options_.password) return false;
    auth_user = user;
    return true;
  };
  std::string line;
  while (conn.ReadLine(line)) {
    const std::string verb = Lower(line.substr(0, line.find(' ')));
    const std::string argument = line.size() > verb.size() ? line.substr(verb.size() + 1) : "";
    std::string reply;
    if (verb == "ehlo") {
      reply = "250-sink greets you\r\n";
      if (tls_context_ && !conn.ssl && options_.offer_starttls) reply += "250-STARTTLS\r\n";
      if (!options_.username.empty()) reply += "250-AUTH PLAIN LOGIN\r\n";
      reply += "250 8BITMIME\r\n";
    } else if (verb == "helo") {
      reply = "250 sink\r\n";
    } else if (verb == "starttls") {
      if (!tls_context_ || conn.ssl) {
        reply = "502 5.5.1 not available\r\n";
      } else {
        if (!conn.Write("220 2.0.0 go ahead\r\n") || !conn.StartTls(tls_context_)) return;
        reset();
        auth_user.clear();
        continue;
      }
    } else if (verb == "auth" && StartsWithNoCase(argument, "PLAIN")) {
      std::string encoded = argument.size() > 6 ? argument.substr(6) : "";
      if (encoded.empty() && (!conn.Write("334 \r\n") || !conn.ReadLine(encoded))) return;
      const std::string decoded = DecodeBase64(encoded);
      const size_t first = decoded.find('\0');
      const size_t second = decoded.find('\0', first + 1);
      const bool ok =
          first != std::string::npos && second != std::string::npos &&
          authenticated(decoded.substr(first + 1, second - first - 1), decoded.substr(second + 1));
      reply = ok ? "235 2.7.0 ok\r\n" : "535 5.7.8 bad credentials\r\n";
    } else if (verb == "auth" && StartsWithNoCase(argument, "LOGIN")) {
      std::string user, password;
      if (!conn.Write("334 VXNlcm5hbWU6\r\n") || !conn.ReadLine(user)) return;
      if (!conn.Write("334 UGFzc3dvcmQ6\r\n") || !conn.ReadLine(password)) return;
      reply = authenticated(DecodeBase64(user), DecodeBase64(password)) ? "235 2.7.0 ok\r\n"
                                                                        : "535 5.7.8 bad\r\n";
    } else if (verb == "mail") {
      if (!options_.username.empty() && auth_user.empty()) {
        reply = "530 5.7.0 authentication required\r\n";
      } else {
        reset();
        mail.mail_from = AngleAddress(argument);
        in_mail = true;
        reply = "250 2.1.0 ok\r\n";
      }
    } else if (verb == "rcpt") {
      const std::string to = AngleAddress(argument);
      if (!in_mail) {
        reply = "503 5.5.1 MAIL first\r\n";
      } else if (to.rfind("reject", 0) == 0) {
        reply = "550 5.1.1 <" + to + ">: no such user\r\n";
      } else {
        mail.rcpt_to.push_back(to);
        reply = "250 2.1.5 ok\r\n";
      }
    } else if (verb == "data") {
      if (mail.rcpt_to.empty()) {
        reply = "503 5.5.1 RCPT first\r\n";
      } else {
        if (!conn.Write("354 end with .\r\n")) return;
        std::string data_line;
        for (;;) {
          if (!conn.ReadLine(data_line)) return;
          if (data_line == ".") break;
          if (!data_line.empty() && data_line[0] == '.') data_line.erase(0, 1);
          mail.data += data_line + "\r\n";
        }
        std::lock_guard lock(mutex_);
        if (fail_next_ > 0) {
          --fail_next_;
          reply = std::to_string(fail_code_) + (fail_code_ >= 500 ? " 5.3.0" : " 4.3.0") +
                  " try again later\r\n";
        } else {
          mail.auth_user = auth_user;
          mail.tls = conn.ssl != nullptr;
          messages_.push_back(mail);
          changed_.notify_all();
          reply = "250 2.0.0 queued\r\n";
        }
        reset();
      }
    } else if (verb == "rset") {
      reset();
      reply = "250 ok\r\n";
    } else if (verb == "noop") {
      reply = "250 ok\r\n";
    } else if (verb == "quit") {
      conn.Write("221 bye\r\n");
      return;
    } else {
      reply = "500 5.5.2 unknown command\r\n";
    }
    if (!conn.Write(reply)) return;
  }
}

}  // namespace sigap::test_support

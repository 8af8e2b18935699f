#pragma once

// A TCP relay between a client and a PostgreSQL server that can stop
// passing bytes on (both ways) while every connection stays open: a server
// frozen, or cut off without a reset. A side that closes its end (while
// frozen: once thawed, after the bytes it sent before) closes the other's,
// as TCP tells a peer once the network carries packets again. Header-only,
// for the store tests and the integration tests alike.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace sigap::test_support {

class FreezableRelay {
 public:
  // Relays 127.0.0.1:port() to 127.0.0.1:upstream. listening() is false
  // when no port could be had.
  explicit FreezableRelay(uint16_t upstream) : upstream_(upstream) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof at;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&at), size) == 0 &&
        listen(listener_, 16) == 0 &&
        getsockname(listener_, reinterpret_cast<sockaddr*>(&at), &size) == 0) {
      port_ = ntohs(at.sin_port);
    }
    thread_ = std::thread([this] { Loop(); });
  }
  ~FreezableRelay() {
    stop_ = true;
    thread_.join();
    for (const int fd : fds_) close(fd);
    for (const int fd : silenced_) close(fd);
    close(listener_);
  }
  FreezableRelay(const FreezableRelay&) = delete;
  FreezableRelay& operator=(const FreezableRelay&) = delete;

  bool listening() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  // Frozen, new connections are still accepted, and no byte passes.
  void Freeze(bool frozen) { frozen_ = frozen; }
  // Cuts the connections open now without a word to the client: the
  // server's ends close (PostgreSQL ends those sessions), the client's stay
  // open and hear nothing more, as when a firewall or a NAT forgets an idle
  // connection. New connections pass. Returns once done.
  void Sever() {
    sever_ = true;
    while (sever_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

 private:
  void Loop() {
    while (!stop_) {
      if (sever_) {
        for (const auto& [client, server] : peer_) {
          if (servers_.contains(server)) {
            close(server);
            silenced_.push_back(client);
          }
        }
        fds_.clear();
        peer_.clear();
        servers_.clear();
        sever_ = false;
      }
      std::vector<pollfd> wanted{{listener_, POLLIN, 0}};
      if (!frozen_) {
        for (const int fd : fds_) wanted.push_back({fd, POLLIN, 0});
      }
      if (poll(wanted.data(), wanted.size(), 50) <= 0) continue;
      if (wanted[0].revents & POLLIN) Accept();
      std::vector<int> ended;
      for (size_t i = 1; i < wanted.size(); ++i) {
        if (!(wanted[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char buffer[16384];
        const ssize_t n = read(wanted[i].fd, buffer, sizeof buffer);
        if (n > 0 && send(peer_[wanted[i].fd], buffer, static_cast<size_t>(n), MSG_NOSIGNAL) == n) {
          continue;
        }
        ended.push_back(wanted[i].fd);
      }
      for (const int fd : ended) Close(fd);
    }
  }
  void Accept() {
    const int client = accept(listener_, nullptr, nullptr);
    if (client < 0) return;
    const int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(upstream_);
    if (connect(server, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
      close(client);
      close(server);
      return;
    }
    fds_.insert(fds_.end(), {client, server});
    servers_.insert(server);
    peer_[client] = server;
    peer_[server] = client;
  }

  // Closes `fd` and its peer (once, whichever side ended first).
  void Close(int fd) {
    const auto it = peer_.find(fd);
    if (it == peer_.end()) return;
    const int peer = it->second;
    for (const int end : {fd, peer}) {
      close(end);
      peer_.erase(end);
      servers_.erase(end);
      std::erase(fds_, end);
    }
  }

  uint16_t upstream_;
  uint16_t port_ = 0;
  int listener_ = -1;
  std::vector<int> fds_;
  std::map<int, int> peer_;
  std::set<int> servers_;      // the ends toward PostgreSQL
  std::vector<int> silenced_;  // clients' ends of severed connections
  std::atomic<bool> frozen_{false};
  std::atomic<bool> sever_{false};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The port of a postgresql://user@host:PORT/db URL (0 when it names none),
// and the URL with another port (a relay's); what follows the port (the
// database, the options) is kept.
inline uint16_t UrlPort(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t colon = url.rfind(':', slash);
  if (slash == std::string::npos || colon == std::string::npos || colon < scheme + 3) return 0;
  return static_cast<uint16_t>(std::stoi(url.substr(colon + 1, slash - colon - 1)));
}
inline std::string UrlOnPort(const std::string& url, uint16_t port) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t colon = url.rfind(':', slash);
  return url.substr(0, colon + 1) + std::to_string(port) + url.substr(slash);
}

}  // namespace sigap::test_support
